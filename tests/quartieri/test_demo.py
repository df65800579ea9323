"""The Reggio Emilia demo data loaded by `load_demo` (quartieri.demo)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from portal.models import User
from quartieri.demo.luoghi import COSTO_NON_INDICATO, eccezioni_demo
from quartieri.models import AmbitoTerritoriale, EccezioneOrario, Luogo, Servizio

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings) -> str:
    """Load the demo once; return what it printed."""
    settings.DEBUG = True
    uscita = io.StringIO()
    call_command("load_demo", stdout=uscita)
    return uscita.getvalue()


def _dump() -> str:
    uscita = io.StringIO()
    call_command(
        "dumpdata", "--natural-foreign", exclude=["sessions", "admin.logentry"], stdout=uscita
    )
    return uscita.getvalue()


def test_carica_i_nove_ambiti_di_reggio_emilia(demo):
    codici = AmbitoTerritoriale.objects.filter(comune__codice_istat="035033").values_list(
        "codice", flat=True
    )
    assert sorted(codici) == list("ABCDEFGHI")


def test_ogni_luogo_ha_il_centro_del_quartiere_segnato_come_approssimato(demo):
    luoghi = Luogo.objects.select_related("quartiere")
    assert luoghi.count() == 23
    for luogo in luoghi:
        assert luogo.coordinate_esatte is False
        assert (luogo.lat, luogo.lon) == (luogo.quartiere.lat, luogo.quartiere.lon)


def test_manager_demo_gestisce_case_di_quartiere_vere(demo):
    manager = User.objects.get(email="manager@example.org")
    gestite = Luogo.objects.gestibili_da(manager)
    assert set(gestite.values_list("slug", flat=True)) == {"la-mirandola", "orti-spallanzani"}
    assert all(luogo.tipo == Luogo.Tipo.CASA_DI_QUARTIERE for luogo in gestite)
    assert not Luogo.objects.get(slug="tricolore").gestibile_da(manager)


def test_orari_non_da_fonte_sono_segnati_come_esempio(demo):
    assert Luogo.objects.get(slug="sergio-stranieri").orari_di_esempio is False
    assert Luogo.objects.get(slug="foscato").orari_di_esempio is True
    assert Luogo.objects.get(slug="foscato").fasce_orarie.count() == 14


def test_gestore_e_fatti_di_accessibilita_dalla_fonte(demo):
    stranieri = Luogo.objects.select_related("gestore").get(slug="sergio-stranieri")
    assert stranieri.gestore.nome == "Associazione Accademia di Quartiere APS"
    assert stranieri.gestore.sezione_runts == "b"
    assert stranieri.tessera == "ARCI"
    assert stranieri.ingresso_senza_gradini is True
    assert stranieri.bagno_accessibile is None


def test_servizio_a_pagamento_senza_prezzo_rimanda_al_centro(demo):
    bar = Servizio.objects.get(luogo__slug="foscato", titolo="Bar con cucina")
    assert bar.gratuito is False
    assert bar.costo == COSTO_NON_INDICATO
    wifi = Servizio.objects.get(luogo__slug="fogliano", titolo__startswith="Wi-fi")
    assert wifi.costo == "10 euro al mese"


def test_stampa_una_riga_per_tipo(demo):
    assert "Ambiti territoriali: 9\n" in demo
    assert "Luoghi: 23\n" in demo


def test_seconda_esecuzione_non_cambia_nulla(demo, settings):
    prima = _dump()
    uscita = io.StringIO()
    call_command("load_demo", stdout=uscita)
    assert _dump() == prima
    assert "Luoghi: 0 (e 23 già presenti, di cui 0 con modifiche)" in uscita.getvalue()


def test_seconda_esecuzione_ripristina_un_luogo_modificato(demo):
    Luogo.objects.filter(slug="foscato").update(nome="Nome cambiato")
    uscita = io.StringIO()
    call_command("load_demo", stdout=uscita)
    foscato = Luogo.objects.get(slug="foscato")
    assert (foscato.nome, foscato.coordinate_esatte) == ("Centro Sociale Foscato", False)
    assert "Luoghi: 0 (e 23 già presenti, di cui 1 con modifiche)" in uscita.getvalue()


def test_chiusure_festive_per_ogni_luogo(demo):
    immacolate = EccezioneOrario.objects.filter(motivo="Immacolata Concezione")
    assert immacolate.count() == 23
    assert all((e.data_inizio.month, e.data_inizio.day) == (12, 8) for e in immacolate)


@pytest.mark.parametrize(
    ("oggi", "anno"),
    [(dt.date(2026, 3, 1), 2026), (dt.date(2026, 12, 26), 2026), (dt.date(2026, 12, 27), 2027)],
)
def test_eccezioni_demo_cadono_nelle_prossime_feste(oggi, anno):
    eccezioni = {e["motivo"]: e for e in eccezioni_demo(oggi)}
    assert eccezioni["Immacolata Concezione"]["data_inizio"] == dt.date(anno, 12, 8)
    natale = eccezioni["Natale e Santo Stefano"]
    assert (natale["data_inizio"], natale["data_fine"]) == (
        dt.date(anno, 12, 25),
        dt.date(anno, 12, 26),
    )
    assert eccezioni["Capodanno"]["data_inizio"] == dt.date(anno + 1, 1, 1)


def test_argomenti_e_novita_dimostrativi(demo):
    from accordi.models import Accordo
    from quartieri.models import Attivita, Novita

    assert "Novità: 5\n" in demo
    for modello in (Luogo, Servizio, Attivita, Accordo):
        assert modello.objects.filter(argomenti__isnull=False).exists(), modello
    assert Servizio.objects.filter(argomenti__nome="Assistenza sociale").exists()
    # The Comune's scheduled news waits for its date; the others are public.
    assert Novita.objects.count() == 5
    assert Novita.objects.pubblicate().count() == 4
    assert Novita.objects.filter(luogo__slug="la-mirandola").exists()


def test_seconda_esecuzione_tiene_il_punto_esatto_scelto_dallo_staff(demo):
    """Issue 13: a point set on the map survives `load_demo` (run by `make run`)."""
    Luogo.objects.filter(slug="foscato").update(
        lat=44.712345, lon=10.612345, coordinate_esatte=True
    )
    call_command("load_demo", stdout=io.StringIO())
    foscato = Luogo.objects.get(slug="foscato")
    assert (foscato.lat, foscato.lon, foscato.coordinate_esatte) == (44.712345, 10.612345, True)
