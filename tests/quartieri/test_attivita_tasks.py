from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from quartieri import tasks
from quartieri.models import Iscrizione
from quartieri.services.attivita import sposta_occorrenza
from tests.factories import crea_attivita

ROMA = ZoneInfo("Europe/Rome")
ADESSO = dt.datetime(2026, 3, 4, 9, 15, tzinfo=ROMA)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _orologio():
    with time_machine.travel(ADESSO, tick=False):
        yield


def _iscrizione(casa, utente, **campi) -> Iscrizione:
    occorrenza = crea_attivita(casa, iscrizione_richiesta=True, **campi).occorrenze.get()
    return Iscrizione.objects.create(occorrenza=occorrenza, utente=utente)


def test_conferma_eseguita_due_volte_invia_una_sola_email(casa, cittadino):
    iscrizione = _iscrizione(casa, cittadino)
    assert tasks.invia_conferma_iscrizione.delay(iscrizione.pk).get() is True
    assert tasks.invia_conferma_iscrizione.delay(iscrizione.pk).get() is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cittadino.email]
    assert "Iscrizione confermata" in mail.outbox[0].subject
    iscrizione.refresh_from_db()
    assert iscrizione.conferma_inviata_il == ADESSO


def test_promozione_eseguita_due_volte_invia_una_sola_email(casa, cittadino):
    iscrizione = _iscrizione(casa, cittadino)
    tasks.invia_promozione_iscrizione.delay(iscrizione.pk)
    tasks.invia_promozione_iscrizione.delay(iscrizione.pk)
    assert len(mail.outbox) == 1


def test_promemoria_solo_per_le_date_di_domani_e_una_volta(casa, cittadino, staff, tutor):
    domani = dt.datetime(2026, 3, 5, 18, 0, tzinfo=ROMA)
    da_ricordare = _iscrizione(casa, cittadino, inizio=domani)
    _iscrizione(casa, staff, inizio=domani + dt.timedelta(days=1))
    annullata = _iscrizione(casa, tutor, inizio=domani)
    annullata.stato = Iscrizione.Stato.ANNULLATA
    annullata.save()

    assert tasks.invia_promemoria_iscrizioni.delay().get() == 1
    assert tasks.invia_promemoria_iscrizioni.delay().get() == 0
    assert [m.to for m in mail.outbox] == [[cittadino.email]]
    assert "Domani" in mail.outbox[0].subject
    da_ricordare.refresh_from_db()
    assert da_ricordare.promemoria_inviato_il == ADESSO


def test_promemoria_in_programma_ogni_ora(settings):
    voce = settings.CELERY_BEAT_SCHEDULE["quartieri-promemoria-iscrizioni"]
    assert voce["task"] == tasks.invia_promemoria_iscrizioni.name
    assert len(voce["schedule"].hour) == 24


@pytest.mark.celery_worker
def test_il_worker_reale_invia_la_conferma(celery_worker_reale, casa, cittadino):
    iscrizione = _iscrizione(casa, cittadino)
    risultato = tasks.invia_conferma_iscrizione.delay(iscrizione.pk)
    assert risultato.get(timeout=20) is True
    iscrizione.refresh_from_db()
    assert iscrizione.conferma_inviata_il is not None


def test_data_spostata_dopo_il_promemoria_e_ricordata_di_nuovo(casa, cittadino, staff):
    domani = dt.datetime(2026, 3, 5, 18, 0, tzinfo=ROMA)
    iscrizione = _iscrizione(casa, cittadino, inizio=domani)
    assert tasks.invia_promemoria_iscrizioni.delay().get() == 1
    occorrenza = iscrizione.occorrenza
    settimana_dopo = domani + dt.timedelta(days=7)
    with time_machine.travel(ADESSO + dt.timedelta(hours=1), tick=False):
        sposta_occorrenza(
            occorrenza=occorrenza,
            utente=staff,
            inizio=settimana_dopo,
            fine=settimana_dopo + dt.timedelta(hours=2),
        )
        # Not tomorrow any more: nothing now.
        assert tasks.invia_promemoria_iscrizioni.delay().get() == 0
    with time_machine.travel(ADESSO + dt.timedelta(days=7), tick=False):
        assert tasks.invia_promemoria_iscrizioni.delay().get() == 1
        assert tasks.invia_promemoria_iscrizioni.delay().get() == 0
    promemoria = [m for m in mail.outbox if "Domani" in m.subject]
    assert len(promemoria) == 2
    # The new date (the month's case is left to the date format).
    assert "12 marzo 2026, 18:00" in promemoria[1].body.lower()


@pytest.mark.celery_worker
def test_il_worker_reale_invia_il_promemoria_una_volta_con_le_persone(
    celery_worker_reale, casa, cittadino, staff
):
    domani = dt.datetime(2026, 3, 5, 18, 0, tzinfo=ROMA)
    famiglia = _iscrizione(casa, cittadino, inizio=domani, massimo_persone_per_iscrizione=3)
    famiglia.persone = 3
    famiglia.save()
    _iscrizione(casa, staff, inizio=domani + dt.timedelta(days=1))

    assert tasks.invia_promemoria_iscrizioni.delay().get(timeout=20) == 1
    assert tasks.invia_promemoria_iscrizioni.delay().get(timeout=20) == 0

    assert [m.to for m in mail.outbox] == [[cittadino.email]]
    assert "Persone iscritte: 3" in mail.outbox[0].body
    famiglia.refresh_from_db()
    assert famiglia.promemoria_inviato_il == ADESSO
