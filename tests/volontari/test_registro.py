from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import crea_incarico, crea_volontario

pytestmark = pytest.mark.django_db

INTESTAZIONI = [
    "Codice fiscale",
    "Cognome",
    "Nome",
    "Data di nascita",
    "Luogo di nascita",
    "Comune di residenza o domicilio",
    "Indirizzo di residenza o domicilio",
    "Attività",
    "Inizio dell'attività",
    "Fine dell'attività",
]


@pytest.fixture
def occasionale(opportunita):
    return crea_incarico(crea_volontario(occasionale=True, cognome="Bianchi"), opportunita)


def _csv(client) -> list[list[str]]:
    risposta = client.get(reverse("volontari:registro_csv"))
    assert risposta.status_code == 200
    testo = b"".join(risposta.streaming_content).decode()
    # For Italian Excel: a BOM so it reads UTF-8, ";" as the list separator.
    assert testo.startswith("\ufeff")
    return list(csv.reader(io.StringIO(testo[1:]), delimiter=";"))


def test_registro_csv_con_i_campi_di_legge_e_sezione_occasionali(
    client, staff, incarico, occasionale, altro_incarico
):
    incarico.data_fine = dt.date(2024, 12, 31)
    incarico.save()
    client.force_login(staff)
    righe = _csv(client)
    assert righe[0] == ["Volontari non occasionali"]
    assert righe[1] == INTESTAZIONI
    v = incarico.volontario
    assert [
        v.codice_fiscale,
        "Rossi",
        "Mario",
        "1980-05-17",
        "Reggio Emilia",
        "Reggio nell'Emilia",
        "via Emilia 1",
        "Lettura ad alta voce",
        "2024-01-01",
        "2024-12-31",
    ] in righe
    sezione = righe.index(["Volontari occasionali"])
    assert righe[sezione + 2][1] == "Bianchi"
    assert len(righe) == 2 + 2 + 1 + 2 + 1  # two sections, three enrolments, one blank line


def test_manager_esporta_solo_i_volontari_dei_suoi_luoghi(
    client, community_manager, incarico, altro_incarico
):
    client.force_login(community_manager)
    codici = {riga[0] for riga in _csv(client) if riga}
    assert incarico.volontario.codice_fiscale in codici
    assert altro_incarico.volontario.codice_fiscale not in codici


def test_registro_xlsx_due_fogli(client, staff, incarico, occasionale):
    client.force_login(staff)
    risposta = client.get(reverse("volontari:registro_xlsx"))
    cartella = load_workbook(io.BytesIO(b"".join(risposta.streaming_content)), read_only=True)
    assert cartella.sheetnames == ["Volontari non occasionali", "Volontari occasionali"]
    righe = list(cartella["Volontari non occasionali"].values)
    assert list(righe[0]) == INTESTAZIONI
    assert righe[1][0] == incarico.volontario.codice_fiscale


def test_tutor_e_cittadino_non_esportano(client, tutor, cittadino):
    for user in (tutor, cittadino):
        client.force_login(user)
        assert client.get(reverse("volontari:registro_xlsx")).status_code == 403
