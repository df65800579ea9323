"""Open data of agreements, projects and the registry: public fields only, streamed, CC BY 4.0."""

from __future__ import annotations

import csv
import io
import json

import pytest

from accordi.models import Accordo, IscrizioneRegistro
from accordi.views.open_data import COLONNE_ACCORDI, COLONNE_ENTI, COLONNE_PROGETTI
from tests.accordi.test_views import NOME_PUBBLICO, NOME_SEGRETO, accordo, architetto  # noqa: F401
from tests.factories import crea_accordo, crea_ente, crea_progetto

pytestmark = pytest.mark.django_db

EMAIL_PRIVATA = "chi.richiede@privato.test"


def contenuto(risposta) -> str:
    assert risposta.status_code == 200
    assert risposta.streaming, "exports are streamed"
    assert "by/4.0" in risposta["Link"]
    return b"".join(risposta.streaming_content).decode()


def righe_csv(client, url: str) -> list[dict]:
    risposta = client.get(url)
    assert risposta["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(contenuto(risposta))))


@pytest.fixture
def dati(accordo):  # noqa: F811 - the fixture of test_views
    riservato = crea_accordo(titolo="Accordo in ascolto", stato=Accordo.Stato.ASCOLTO)
    crea_progetto(riservato, titolo="Progetto riservato")
    in_attesa = crea_ente(nome="Ente in attesa", email="attesa@ente.test", contatti_pubblici=True)
    IscrizioneRegistro.objects.create(ente=in_attesa, email_contatto=EMAIL_PRIVATA)
    approvato = crea_ente(nome="Ente approvato", email="segreta@ente.test")
    IscrizioneRegistro.objects.create(
        ente=approvato,
        email_contatto=EMAIL_PRIVATA,
        stato=IscrizioneRegistro.Stato.APPROVATA,
        decisa_il="2025-01-01T10:00Z",
    )
    return accordo


def test_csv_degli_accordi(client, dati):
    righe = righe_csv(client, "/open-data/accordi.csv")
    assert list(righe[0]) == COLONNE_ACCORDI
    per_codice = {r["titolo"]: r for r in righe}
    assert "Accordo in ascolto" not in per_codice
    riga = per_codice["Accordo di cittadinanza Rosta Nuova"]
    assert riga["numero_progetti"] == "1"
    assert riga["numero_firmatari"] == "5"
    assert riga["cittadini_non_nominati"] == "2"
    assert NOME_PUBBLICO in riga["firmatari_nominati"]
    assert "Orti Rosta APS" in riga["firmatari_nominati"]
    assert riga["ore_collaborazione"] == "22.5"
    assert riga["abitanti_raggiunti"] == "140"
    assert riga["quartieri"] == "Rosta Nuova"
    assert riga["url"] == "http://testserver/accordi/rosta-nuova/"
    assert riga["documento_firmato"].startswith("http://testserver/")


def test_json_degli_accordi(client, dati):
    documento = json.loads(contenuto(client.get("/open-data/accordi.json")))
    assert documento["licenza"] == "CC BY 4.0"
    riga = next(a for a in documento["accordi"] if a["codice"] == dati.codice)
    assert set(riga) == set(COLONNE_ACCORDI)
    assert riga["quartieri"] == ["Rosta Nuova"]
    assert riga["cittadini_non_nominati"] == 2


def test_csv_e_json_dei_progetti(client, dati):
    righe = righe_csv(client, "/open-data/progetti.csv")
    assert list(righe[0]) == COLONNE_PROGETTI
    assert [r["titolo"] for r in righe] == ["Giardino condiviso"]
    riga = righe[0]
    assert riga["accordo"] == dati.codice
    assert riga["partner"] == "Orti Rosta APS"
    assert riga["luogo"] == "Casa Rosta"
    assert riga["budget_comune"] == "1500.00"
    assert riga["ore_collaborazione"] == "22.5"
    assert riga["abitanti_raggiunti"] == "140"
    documento = json.loads(contenuto(client.get("/open-data/progetti.json")))
    assert documento["progetti"][0]["partner"] == ["Orti Rosta APS"]


def test_csv_e_json_del_registro(client, dati):
    righe = righe_csv(client, "/open-data/enti.csv")
    assert list(righe[0]) == COLONNE_ENTI
    per_nome = {r["nome"]: r for r in righe}
    assert "Ente in attesa" not in per_nome
    assert "Comune di Reggio Emilia" not in per_nome
    assert per_nome["Ente approvato"]["email"] == ""  # no consent, no contacts
    assert per_nome["Orti Rosta APS"]["url"] == "http://testserver/enti/orti-rosta/"
    documento = json.loads(contenuto(client.get("/open-data/enti.json")))
    assert {e["nome"] for e in documento["enti"]} == set(per_nome)


def test_nessun_download_contiene_dati_privati(client, dati, staff, architetto):  # noqa: F811
    testo = "".join(
        contenuto(client.get(f"/open-data/{nome}.{formato}"))
        for nome in ("accordi", "progetti", "enti")
        for formato in ("csv", "json")
    )
    assert NOME_SEGRETO not in testo
    assert EMAIL_PRIVATA not in testo
    assert "segreta@ente.test" not in testo
    assert staff.email not in testo
    assert staff.get_full_name() not in testo
    assert architetto.email not in testo


def test_i_dataset_sono_nel_catalogo(client):
    testo = client.get("/open-data/").content.decode()
    for url in (
        "/open-data/accordi.csv",
        "/open-data/accordi.json",
        "/open-data/progetti.csv",
        "/open-data/progetti.json",
        "/open-data/enti.csv",
        "/open-data/enti.json",
    ):
        assert f'href="{url}"' in testo
