"""The demo agreements: real titles at every stage of the lifecycle, loaded idempotently."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from accordi.models import (
    TRANSIZIONI,
    Accordo,
    Firmatario,
    IscrizioneRegistro,
    Progetto,
    StatoAccordo,
    enti_nel_registro,
)
from portal.models import User
from portal.validators import valida_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def _fotografia() -> str:
    modelli = apps.get_app_config("accordi").get_models()
    return "".join(
        serializers.serialize("json", m._default_manager.order_by("pk")) for m in modelli
    )


def test_una_seconda_esecuzione_non_cambia_nulla(demo):
    prima = _fotografia()
    uscita = io.StringIO()
    call_command("load_demo", stdout=uscita)
    assert _fotografia() == prima
    riepilogo = "Accordi di cittadinanza: 0 (e 14 già presenti, di cui 0 con modifiche)"
    assert riepilogo in uscita.getvalue()


def test_ogni_stato_del_ciclo_di_vita_e_rappresentato(demo):
    assert set(Accordo.objects.values_list("stato", flat=True)) == set(StatoAccordo.values)


def test_la_storia_di_ogni_accordo_segue_la_tabella_delle_transizioni(demo):
    for accordo in Accordo.objects.prefetch_related("transizioni"):
        stato = StatoAccordo.ASCOLTO
        momenti = []
        for transizione in accordo.transizioni.all():
            assert transizione.da == stato
            assert transizione.a in TRANSIZIONI[stato]
            assert transizione.motivo
            stato = transizione.a
            momenti.append(transizione.momento)
        assert stato == accordo.stato, accordo.codice
        assert momenti == sorted(momenti), accordo.codice


def test_titoli_reali_e_documento_firmato_valido(demo):
    pieve = Accordo.objects.get(titolo="Pieve Modolena, Carrozzone e Betonica")
    assert pieve.data_inizio.isoformat() == "2016-12-17"
    assert pieve.rinnovi.get().stato == StatoAccordo.IN_CORSO
    assert Progetto.objects.filter(titolo="Laboratorio civico al Foscato").exists()
    assert Progetto.objects.filter(accordo__codice="QUA-2020-RIP").count() == 9
    for accordo in Accordo.objects.exclude(documento_firmato=""):
        with accordo.documento_firmato.open("rb") as documento:
            valida_pdf(documento)


def test_cittadini_fittizi_con_e_senza_consenso_e_registro(demo):
    cittadini = Firmatario.objects.filter(tipo=Firmatario.Tipo.CITTADINO)
    assert cittadini.filter(consenso_pubblicazione=True).exists()
    assert cittadini.filter(consenso_pubblicazione=False).exists()
    assert not cittadini.filter(utente__isnull=False).exists()
    assert set(IscrizioneRegistro.objects.values_list("stato", flat=True)) == {
        "approvata",
        "in_attesa",
        "respinta",
    }
    in_attesa = IscrizioneRegistro.objects.in_attesa().get().ente
    assert in_attesa not in enti_nel_registro()


def test_il_community_manager_demo_puo_aggiornare_un_progetto(demo):
    manager = User.objects.get(email="manager@example.org")
    aggiornabili = Progetto.objects.aggiornabili_da(manager)
    assert aggiornabili.exists()
    assert all(p.accordo.in_attuazione for p in aggiornabili.select_related("accordo"))
