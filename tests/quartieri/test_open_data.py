"""Open data: published places and services as CSV and JSON, CC BY 4.0, public fields only."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.factories import crea_ente, crea_luogo, crea_servizio

pytestmark = pytest.mark.django_db


@pytest.fixture
def dati_pubblici(community_manager):
    gestore = crea_ente(nome="Accademia di Quartiere APS")
    casa = crea_luogo(
        nome="Casa Stranieri", manager=community_manager, gestore=gestore, telefono="0522 1"
    )
    crea_servizio(casa, titolo="Portierato sociale")
    crea_servizio(casa, titolo="Servizio in bozza", pubblicato=False)
    bozza = crea_luogo(nome="Casa in bozza", pubblicato=False)
    crea_servizio(bozza, titolo="Servizio di un luogo in bozza")
    return casa


def contenuto(risposta) -> str:
    assert risposta.streaming, "exports are streamed"
    return b"".join(risposta.streaming_content).decode()


def test_csv_dei_luoghi_solo_pubblicati_e_campi_pubblici(client, dati_pubblici):
    risposta = client.get("/open-data/luoghi.csv")
    assert risposta.status_code == 200
    assert risposta["Content-Type"] == "text/csv; charset=utf-8"
    assert 'rel="license"' in risposta["Link"]
    assert "by/4.0" in risposta["Link"]
    righe = list(csv.DictReader(io.StringIO(contenuto(risposta))))
    assert [r["nome"] for r in righe] == ["Casa Stranieri"]
    riga = righe[0]
    assert riga["gestore"] == "Accademia di Quartiere APS"
    assert riga["url"] == "http://testserver/case-di-quartiere/casa-stranieri/"
    assert riga["coordinate_esatte"] == "false"
    assert riga["ingresso_senza_gradini"] == ""  # unknown, not "no"
    testo = contenuto(client.get("/open-data/luoghi.csv"))
    assert "manager@casa.test" not in testo
    assert not any("manager" in colonna for colonna in righe[0])


def test_json_dei_luoghi_con_licenza(client, dati_pubblici):
    risposta = client.get("/open-data/luoghi.json")
    assert risposta["Content-Type"] == "application/json"
    dati = json.loads(contenuto(risposta))
    assert dati["licenza"] == "CC BY 4.0"
    assert dati["url_licenza"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [luogo["slug"] for luogo in dati["luoghi"]] == ["casa-stranieri"]
    assert "manager@casa.test" not in json.dumps(dati)


def test_servizi_solo_pubblicati_di_luoghi_pubblicati(client, dati_pubblici):
    righe = list(csv.DictReader(io.StringIO(contenuto(client.get("/open-data/servizi.csv")))))
    assert [r["titolo"] for r in righe] == ["Portierato sociale"]
    assert righe[0]["luogo_slug"] == "casa-stranieri"
    dati = json.loads(contenuto(client.get("/open-data/servizi.json")))
    assert [s["titolo"] for s in dati["servizi"]] == ["Portierato sociale"]
    assert dati["licenza"] == "CC BY 4.0"


def test_export_vuoto_e_ancora_valido(client):
    assert json.loads(contenuto(client.get("/open-data/servizi.json")))["servizi"] == []
    assert contenuto(client.get("/open-data/luoghi.csv")).startswith("slug,nome,tipo")


def test_pagina_open_data_elenca_i_dataset(client):
    html = client.get("/open-data/").content.decode()
    assert "Case di Quartiere e luoghi di comunità" in html
    assert 'href="/open-data/luoghi.csv"' in html
    assert 'href="/open-data/servizi.json"' in html


def test_registro_salta_i_download_senza_url():
    from portal import open_data

    open_data.registra_dataset(
        titolo="Dataset di prova", descrizione="", download=[("CSV", "nessuna:url")]
    )
    try:
        titoli = [d["titolo"] for d in open_data.dataset_pubblicati()]
        assert "Dataset di prova" not in titoli
        assert "Servizi di prossimità" in titoli
    finally:
        open_data._REGISTRO[:] = [d for d in open_data._REGISTRO if d.titolo != "Dataset di prova"]
