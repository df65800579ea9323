"""The state shown of an agreement follows its dates: past its term it is no longer "firmato"."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accordi.models import Accordo, StatoSecondoLeDate
from tests.factories import crea_accordo

pytestmark = pytest.mark.django_db

OGGI = dt.date(2026, 6, 10)


@pytest.fixture
def a_oggi():
    momento = dt.datetime.combine(OGGI, dt.time(12), timezone.get_default_timezone())
    with time_machine.travel(momento, tick=False):
        yield


@pytest.fixture
def accordi(a_oggi):
    return {
        "scaduto": crea_accordo(
            titolo="Orti finiti", stato=Accordo.Stato.FIRMATO, data_fine=dt.date(2026, 5, 31)
        ),
        "da_rinnovare": crea_accordo(
            titolo="Orti in scadenza", stato=Accordo.Stato.IN_CORSO, data_fine=dt.date(2026, 7, 31)
        ),
        "firmato": crea_accordo(
            titolo="Orti in vigore", stato=Accordo.Stato.FIRMATO, data_fine=dt.date(2027, 12, 31)
        ),
        "chiuso": crea_accordo(
            titolo="Orti chiusi", stato=Accordo.Stato.CHIUSO, data_fine=dt.date(2025, 12, 31)
        ),
    }


def test_il_modello_e_il_queryset_danno_lo_stesso_stato(accordi):
    annotati = dict(
        Accordo.objects.con_stato_secondo_le_date(OGGI).values_list("pk", "stato_secondo_le_date")
    )
    attesi = {
        "scaduto": StatoSecondoLeDate.SCADUTO,
        "da_rinnovare": StatoSecondoLeDate.DA_RINNOVARE,
        "firmato": Accordo.Stato.FIRMATO,
        "chiuso": Accordo.Stato.CHIUSO,
    }
    for chiave, accordo in accordi.items():
        assert accordo.stato_alla_data(OGGI) == attesi[chiave]
        assert annotati[accordo.pk] == attesi[chiave]


def test_la_pagina_e_l_elenco_non_dicono_firmato_a_termine_scaduto(client, accordi):
    pagina = client.get(reverse("accordi:dettaglio", kwargs={"slug": accordi["scaduto"].slug}))
    html = pagina.content.decode()
    assert ">Scaduto</span>" in html
    assert ">Firmato</span>" not in html
    elenco = client.get(reverse("accordi:lista")).content.decode()
    assert elenco.count(">Scaduto</span>") == 1
    assert elenco.count(">Da rinnovare</span>") == 1
    assert elenco.count(">Firmato</span>") == 1


def test_i_dati_aperti_dicono_lo_stato_secondo_le_date(client, accordi):
    risposta = client.get(reverse("accordi:open_data_accordi_csv"))
    testo = b"".join(risposta.streaming_content).decode()
    righe = {r["titolo"]: r for r in csv.DictReader(io.StringIO(testo))}
    assert righe["Orti finiti"]["stato"] == "firmato"
    assert righe["Orti finiti"]["stato_secondo_le_date"] == "scaduto"
    assert righe["Orti in scadenza"]["stato_secondo_le_date"] == "da_rinnovare"
    assert righe["Orti in vigore"]["stato_secondo_le_date"] == "firmato"


def test_i_numeri_contano_gli_scaduti_a_parte(client, accordi):
    stati = dict(client.get(reverse("portal:numeri")).context["stati"])
    assert stati["scaduto"] == 1
    assert stati["da rinnovare"] == 1
    assert stati["firmato"] == 1


def test_il_filtro_per_stato_segue_lo_stato_mostrato(client, accordi):
    def titoli(stato: str) -> list[str]:
        risposta = client.get(reverse("accordi:lista"), {"stato": stato})
        return [a.titolo for a in risposta.context["object_list"]]

    assert titoli("firmato") == ["Orti in vigore"]
    assert titoli("scaduto") == ["Orti finiti"]
    assert titoli("da_rinnovare") == ["Orti in scadenza"]
