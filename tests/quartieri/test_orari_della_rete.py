"""The list pages read the network's hours once per process and version (orari_della_rete):
every change of hours shows at once, each day reads its own exceptions, and a page's
opening states cost no query."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartieri.models import FasciaOrariaServizio
from tests.factories import (
    crea_categoria,
    crea_eccezione,
    crea_fascia,
    crea_luogo,
    crea_servizio,
)

pytestmark = pytest.mark.django_db
ROMA = ZoneInfo("Europe/Rome")
# A Wednesday (weekday 2).
MERCOLEDI_ALLE_10 = dt.datetime(2026, 12, 2, 10, 0, tzinfo=ROMA)
MERCOLEDI = 2


def _riga(client, percorso: str, nome: str) -> str:
    """The text of the list's row that names `nome`, up to the next row."""
    html = client.get(percorso).content.decode()
    inizio = html.index(nome)
    return html[inizio : inizio + 1500]


@time_machine.travel(MERCOLEDI_ALLE_10, tick=False)
def test_una_chiusura_aggiunta_si_vede_subito_nell_elenco_delle_case(client):
    luogo = crea_luogo(nome="Casa Gialla")
    crea_fascia(luogo, MERCOLEDI, "09:00", "12:00")
    assert "Aperto · chiude alle 12:00" in _riga(client, "/case-di-quartiere/", "Casa Gialla")

    crea_eccezione(luogo, MERCOLEDI_ALLE_10.date(), motivo="Disinfestazione")
    riga = _riga(client, "/case-di-quartiere/", "Casa Gialla")
    assert "Aperto" not in riga
    assert "Chiuso · apre mercoledì" in riga


@time_machine.travel(MERCOLEDI_ALLE_10, tick=False)
def test_gli_orari_propri_di_un_servizio_si_vedono_subito_nel_cercatore(client):
    luogo = crea_luogo(nome="Casa Gialla")
    crea_fascia(luogo, MERCOLEDI, "09:00", "19:00")
    servizio = crea_servizio(
        luogo, crea_categoria(nome="Salute"), titolo="Sportello badanti", usa_orari_luogo=False
    )
    riga = _riga(client, "/servizi/", "Sportello badanti")
    assert "Chiuso · nessuna apertura in programma" in riga

    FasciaOrariaServizio.objects.create(
        servizio=servizio, giorno=MERCOLEDI, apre=dt.time(9), chiude=dt.time(11)
    )
    assert "Aperto · chiude alle 11:00" in _riga(client, "/servizi/", "Sportello badanti")


def test_ogni_giorno_legge_le_sue_eccezioni(client):
    """An exception three weeks ahead is outside today's window, and closes its own day."""
    luogo = crea_luogo(nome="Casa Gialla")
    crea_fascia(luogo, MERCOLEDI, "09:00", "12:00")
    tra_tre_settimane = MERCOLEDI_ALLE_10 + dt.timedelta(weeks=3)
    crea_eccezione(luogo, tra_tre_settimane.date(), motivo="Festa del quartiere")
    with time_machine.travel(MERCOLEDI_ALLE_10, tick=False):
        assert "Aperto" in _riga(client, "/case-di-quartiere/", "Casa Gialla")
    with time_machine.travel(tra_tre_settimane, tick=False):
        riga = _riga(client, "/case-di-quartiere/", "Casa Gialla")
        assert "Aperto" not in riga
        assert "Chiuso · apre mercoledì" in riga


@time_machine.travel(MERCOLEDI_ALLE_10, tick=False)
def test_gli_stati_di_una_pagina_gia_letta_non_costano_query(client):
    for n in range(3):
        luogo = crea_luogo(nome=f"Casa {n}")
        crea_fascia(luogo, MERCOLEDI, "09:00", "12:00")
        crea_servizio(luogo, titolo=f"Servizio {n}", usa_orari_luogo=n % 2 == 0)
    for percorso in ("/case-di-quartiere/", "/servizi/"):
        client.get(percorso)
        with CaptureQueriesContext(connection) as query:
            assert client.get(percorso).status_code == 200
        orari = [q["sql"] for q in query.captured_queries if "quartieri_fascia" in q["sql"]]
        orari += [q["sql"] for q in query.captured_queries if "quartieri_eccezione" in q["sql"]]
        assert orari == []
