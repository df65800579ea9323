"""/open-data/: the yearly numbers and activities as CSV/JSON, and the DCAT-AP_IT catalogue."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import crea_attivita

pytestmark = pytest.mark.django_db


def _contenuto(risposta) -> str:
    return b"".join(risposta.streaming_content).decode()


def test_catalogo_descrive_ogni_dataset(client, db):
    risposta = client.get(reverse("portal:open_data_catalogo"))
    assert risposta.status_code == 200
    catalogo = risposta.json()
    assert catalogo["@type"] == "dcat:Catalog"
    assert catalogo["dct:license"] == "https://creativecommons.org/licenses/by/4.0/"
    titoli = {d["dct:title"] for d in catalogo["dcat:dataset"]}
    assert {
        "Case di Quartiere e luoghi di comunità",
        "Servizi di prossimità",
        "Attività nelle Case di Quartiere",
        "I numeri della città collaborativa",
        "Accordi di cittadinanza",
        "Progetti degli accordi di cittadinanza",
        "Registro degli enti",
    } <= titoli
    for dataset in catalogo["dcat:dataset"]:
        assert dataset["dct:publisher"]["foaf:name"] == "Comune di Reggio Emilia"
        assert dataset["dct:identifier"]
        assert dataset["dcat:theme"].endswith("/SOCI")
        formati = {d["dcat:mediaType"] for d in dataset["dcat:distribution"]}
        assert formati == {"text/csv", "application/json"}
        for distribuzione in dataset["dcat:distribution"]:
            assert distribuzione["dcat:accessURL"].startswith("http://testserver/open-data/")


def test_la_pagina_open_data_collega_il_catalogo(client, db):
    html = client.get(reverse("portal:open_data")).content.decode()
    assert reverse("portal:open_data_catalogo") in html
    assert reverse("portal:open_data_numeri_csv") in html
    assert reverse("portal:open_data_attivita_json") in html


def test_numeri_annuali_in_csv_e_json(client, casa):
    inizio = dt.datetime(2024, 5, 6, 17, tzinfo=timezone.get_default_timezone())
    crea_attivita(casa, inizio=inizio)
    crea_attivita(casa, inizio=inizio + dt.timedelta(days=1))
    righe = list(
        csv.DictReader(io.StringIO(_contenuto(client.get(reverse("portal:open_data_numeri_csv")))))
    )
    riga_2024 = next(r for r in righe if r["anno"] == "2024")
    assert riga_2024["attivita_svolte"] == "2"
    documento = json.loads(_contenuto(client.get(reverse("portal:open_data_numeri_json"))))
    assert documento["licenza"] == "CC BY 4.0"
    assert {"anno": 2024, "attivita_svolte": 2}.items() <= next(
        a for a in documento["anni"] if a["anno"] == 2024
    ).items()


def test_attivita_solo_campi_pubblici(client, casa):
    crea_attivita(casa, titolo="Tombola")
    crea_attivita(casa, titolo="Riunione interna", pubblica=False)
    documento = json.loads(_contenuto(client.get(reverse("portal:open_data_attivita_json"))))
    assert [a["attivita"] for a in documento["attivita"]] == ["Tombola"]
    assert set(documento["attivita"][0]) == {
        "id",
        "attivita",
        "tipo",
        "pubblico",
        "luogo",
        "luogo_slug",
        "quartiere",
        "inizio",
        "fine",
        "annullata",
        "gratuita",
        "iscrizione_richiesta",
        "organizzatore",
        "url",
    }
    testo = _contenuto(client.get(reverse("portal:open_data_attivita_csv")))
    assert "Tombola" in testo
    assert "Riunione interna" not in testo
