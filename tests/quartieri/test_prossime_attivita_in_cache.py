"""A place's "Prossime attività" is kept per process until a write or the end of a listed
date: every registration, edit, cancellation and closure shows at once, and a date that
has ended leaves the list to the next one without any write."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartieri.models import Attivita, EccezioneOrario, Occorrenza
from quartieri.services.attivita import (
    annulla_attivita,
    annulla_iscrizione,
    genera_occorrenze,
    iscrivi,
    salva_attivita,
)
from tests.factories import crea_attivita, crea_eccezione

pytestmark = pytest.mark.django_db
ROMA = ZoneInfo("Europe/Rome")
# A Wednesday; the activities are on the Thursday.
MERCOLEDI_ALLE_10 = dt.datetime(2026, 12, 2, 10, 0, tzinfo=ROMA)
GIOVEDI_ALLE_17 = dt.datetime(2026, 12, 3, 17, 0, tzinfo=ROMA)


@pytest.fixture
def orologio():
    with time_machine.travel(MERCOLEDI_ALLE_10, tick=False) as viaggio:
        yield viaggio


def _attivita_del_luogo(client, luogo) -> str:
    risposta = client.get(luogo.get_absolute_url())
    assert risposta.status_code == 200
    pagina = risposta.content.decode()
    return pagina[pagina.index('id="titolo-attivita-luogo"') :]


def test_iscrizioni_e_annullamenti_cambiano_subito_i_posti(client, casa, cittadino, orologio):
    attivita = crea_attivita(casa, iscrizione_richiesta=True, capienza=5, inizio=GIOVEDI_ALLE_17)
    occorrenza = attivita.occorrenze.get()
    assert "5 posti disponibili" in _attivita_del_luogo(client, casa)

    iscrizione = iscrivi(occorrenza=occorrenza, utente=cittadino)
    assert "4 posti disponibili" in _attivita_del_luogo(client, casa)

    annulla_iscrizione(iscrizione=iscrizione, utente=cittadino)
    assert "5 posti disponibili" in _attivita_del_luogo(client, casa)


def test_modifiche_annullamenti_e_chiusure_si_vedono_subito(
    client, casa, community_manager, orologio
):
    attivita = crea_attivita(casa, titolo="Tombola", inizio=GIOVEDI_ALLE_17)
    assert "17:00" in _attivita_del_luogo(client, casa)

    attivita.inizio = GIOVEDI_ALLE_17.replace(hour=18)
    attivita.fine = GIOVEDI_ALLE_17.replace(hour=20)
    salva_attivita(attivita=attivita, utente=community_manager)
    sezione = _attivita_del_luogo(client, casa)
    assert "18:00" in sezione
    assert "17:00" not in sezione

    crea_eccezione(casa, GIOVEDI_ALLE_17.date(), tipo=EccezioneOrario.Tipo.CHIUSURA)
    assert "giorno di chiusura del luogo" in _attivita_del_luogo(client, casa)

    annulla_attivita(attivita=attivita, utente=community_manager)
    sezione = _attivita_del_luogo(client, casa)
    assert "Tombola" not in sezione
    assert "Nessuna attività pubblica in programma per ora." in sezione


def test_le_date_rifatte_senza_segnali_si_vedono_subito(client, casa, orologio):
    """genera_occorrenze writes with bulk_update and bulk_create, which send no signal."""
    attivita = crea_attivita(casa, titolo="Tombola", inizio=GIOVEDI_ALLE_17)
    assert "17:00" in _attivita_del_luogo(client, casa)
    # The activity's row too, without a signal: only the dates' own writes are left.
    Attivita.objects.filter(pk=attivita.pk).update(
        inizio=GIOVEDI_ALLE_17.replace(hour=18), fine=GIOVEDI_ALLE_17.replace(hour=20)
    )
    attivita.refresh_from_db()
    genera_occorrenze(attivita=attivita)
    sezione = _attivita_del_luogo(client, casa)
    assert "18:00" in sezione
    assert "17:00" not in sezione


def test_una_data_finita_lascia_il_posto_alla_successiva(client, casa, orologio):
    crea_attivita(
        casa,
        titolo="Colazione insieme",
        inizio=MERCOLEDI_ALLE_10.replace(hour=9),
        fine=MERCOLEDI_ALLE_10.replace(minute=30),
    )
    for giorno in range(1, 11):
        crea_attivita(
            casa,
            titolo=f"Incontro n. {giorno:02d}",
            inizio=GIOVEDI_ALLE_17 + dt.timedelta(days=giorno - 1),
        )
    sezione = _attivita_del_luogo(client, casa)
    assert "Colazione insieme" in sezione
    assert "Incontro n. 09" in sezione
    assert "Incontro n. 10" not in sezione

    # A quarter of an hour after its end: well within the hour an unchanged list is kept.
    orologio.move_to(MERCOLEDI_ALLE_10.replace(minute=45))
    sezione = _attivita_del_luogo(client, casa)
    assert "Colazione insieme" not in sezione
    assert "Incontro n. 10" in sezione


def test_la_seconda_visita_non_rilegge_le_date(client, casa, orologio):
    crea_attivita(casa, titolo="Tombola", inizio=GIOVEDI_ALLE_17)
    _attivita_del_luogo(client, casa)
    with CaptureQueriesContext(connection) as eseguite:
        assert "Tombola" in _attivita_del_luogo(client, casa)
    tabella = Occorrenza._meta.db_table
    assert not [q["sql"] for q in eseguite.captured_queries if tabella in q["sql"]]
