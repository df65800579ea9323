"""A place's "Prossime attività" and the calendar's first page are kept per process until a
write or the end of a listed date: every registration, edit, cancellation and closure
shows at once, and a date that has ended leaves the list to the next one without any
write."""

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
from quartieri.services.avvisi_attivita import invia_promemoria
from tests.factories import crea_ambito, crea_attivita, crea_eccezione

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


def _colazione_e_incontri(casa, incontri: int) -> None:
    """A date under way until 10:30 today, then `incontri` dates from tomorrow, one a day."""
    crea_attivita(
        casa,
        titolo="Colazione insieme",
        inizio=MERCOLEDI_ALLE_10.replace(hour=9),
        fine=MERCOLEDI_ALLE_10.replace(minute=30),
    )
    for giorno in range(1, incontri + 1):
        crea_attivita(
            casa,
            titolo=f"Incontro n. {giorno:02d}",
            inizio=GIOVEDI_ALLE_17 + dt.timedelta(days=giorno - 1),
        )


def test_iscrizioni_e_annullamenti_cambiano_subito_i_posti(client, casa, cittadino, orologio):
    attivita = crea_attivita(casa, iscrizione_richiesta=True, capienza=5, inizio=GIOVEDI_ALLE_17)
    occorrenza = attivita.occorrenze.get()
    assert "5 posti disponibili" in _attivita_del_luogo(client, casa)

    iscrizione = iscrivi(occorrenza=occorrenza, utente=cittadino)
    assert "4 posti disponibili" in _attivita_del_luogo(client, casa)

    annulla_iscrizione(iscrizione=iscrizione, utente=cittadino)
    assert "5 posti disponibili" in _attivita_del_luogo(client, casa)


def test_il_promemoria_inviato_non_svuota_le_date_tenute(
    client, casa, cittadino, orologio, django_capture_on_commit_callbacks
):
    """The day-before reminder records when it went: nothing the lists show changes."""
    attivita = crea_attivita(casa, iscrizione_richiesta=True, capienza=5, inizio=GIOVEDI_ALLE_17)
    iscrizione = iscrivi(occorrenza=attivita.occorrenze.get(), utente=cittadino)
    assert "4 posti disponibili" in _attivita_del_luogo(client, casa)
    with django_capture_on_commit_callbacks(execute=True):
        assert invia_promemoria(iscrizione_id=iscrizione.pk)
    with CaptureQueriesContext(connection) as eseguite:
        assert "4 posti disponibili" in _attivita_del_luogo(client, casa)
    tabella = Occorrenza._meta.db_table
    assert not [q["sql"] for q in eseguite.captured_queries if tabella in q["sql"]]


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
    _colazione_e_incontri(casa, 10)
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


# --- The calendar's first page -------------------------------------------------------


def _calendario(client, **filtri) -> str:
    risposta = client.get("/attivita/", filtri)
    assert risposta.status_code == 200
    return risposta.content.decode()


def test_il_calendario_mostra_subito_i_posti(client, casa, cittadino, orologio):
    attivita = crea_attivita(casa, iscrizione_richiesta=True, capienza=5, inizio=GIOVEDI_ALLE_17)
    assert "5 posti disponibili" in _calendario(client)
    iscrivi(occorrenza=attivita.occorrenze.get(), utente=cittadino)
    assert "4 posti disponibili" in _calendario(client)


def test_ogni_filtro_ha_la_sua_pagina_e_segue_il_territorio(client, casa, orologio):
    crea_attivita(casa, titolo="Tombola", tipo=Attivita.Tipo.INCONTRO, inizio=GIOVEDI_ALLE_17)
    crea_attivita(casa, titolo="Corso di cucito", tipo=Attivita.Tipo.CORSO, inizio=GIOVEDI_ALLE_17)
    tutte = _calendario(client)
    assert "Tombola" in tutte
    assert "Corso di cucito" in tutte
    corsi = _calendario(client, tipo=Attivita.Tipo.CORSO)
    assert "Tombola" not in corsi
    assert "Corso di cucito" in corsi

    ambito = casa.quartiere.ambito
    assert "Tombola" in _calendario(client, ambito=ambito.pk)
    # The quartiere moves to another ambito: no activity, date or place is written.
    quartiere = casa.quartiere
    quartiere.ambito = crea_ambito(ambito.comune, nome="Ambito Nord")
    quartiere.save()
    assert "Tombola" not in _calendario(client, ambito=ambito.pk)
    assert "Tombola" in _calendario(client, ambito=quartiere.ambito.pk)


def test_la_prima_pagina_lascia_la_data_finita_e_perde_la_successiva(client, casa, orologio):
    _colazione_e_incontri(casa, 20)
    pagina = _calendario(client)
    assert "Colazione insieme" in pagina
    assert "Incontro n. 20" not in pagina
    assert "Pagina successiva" in pagina

    # A quarter of an hour after its end: well within the hour an unchanged page is kept.
    orologio.move_to(MERCOLEDI_ALLE_10.replace(minute=45))
    pagina = _calendario(client)
    assert "Colazione insieme" not in pagina
    assert "Incontro n. 20" in pagina
    assert "Pagina successiva" not in pagina


def test_la_pagina_perde_la_successiva_quando_finisce_la_data_oltre_la_pagina(
    client, casa, orologio
):
    """The date past the page ends first: the page's own dates go on for weeks."""
    for numero in range(1, 21):
        crea_attivita(
            casa,
            titolo=f"Mostra n. {numero:02d}",
            inizio=MERCOLEDI_ALLE_10.replace(hour=9),
            fine=MERCOLEDI_ALLE_10 + dt.timedelta(days=20),
        )
    crea_attivita(
        casa,
        titolo="Laboratorio breve",
        inizio=MERCOLEDI_ALLE_10.replace(hour=9, minute=30),
        fine=MERCOLEDI_ALLE_10.replace(minute=30),
    )
    pagina = _calendario(client)
    assert "Laboratorio breve" not in pagina
    assert "Pagina successiva" in pagina

    orologio.move_to(MERCOLEDI_ALLE_10.replace(minute=45))
    assert "Pagina successiva" not in _calendario(client)


def test_la_seconda_visita_al_calendario_non_rilegge_le_date(client, casa, orologio):
    crea_attivita(casa, titolo="Tombola", inizio=GIOVEDI_ALLE_17)
    _calendario(client, quando="settimana")
    with CaptureQueriesContext(connection) as eseguite:
        assert "Tombola" in _calendario(client, quando="settimana")
    tabella = Occorrenza._meta.db_table
    assert not [q["sql"] for q in eseguite.captured_queries if tabella in q["sql"]]
