"""The recovery of the e-mails whose task never reached the broker.

A lost send is played by capturing the on-commit callbacks and not running them:
the row is saved, its task never leaves, as when invia_task meets a broker down.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from portal.celery import ATTESA_RECUPERO, FINESTRA_RECUPERO, invia_task
from quartieri import tasks
from quartieri.models import Iscrizione, Segnalazione
from quartieri.services import assistenza
from quartieri.services.attivita import (
    annulla_iscrizione,
    annulla_occorrenza,
    iscrivi,
    sposta_occorrenza,
)
from quartieri.services.avvisi_attivita import recupera_avvisi_iscrizioni
from tests.conftest import crea_utente
from tests.factories import crea_attivita

ROMA = ZoneInfo("Europe/Rome")
ADESSO = dt.datetime(2026, 3, 4, 9, 15, tzinfo=ROMA)
UN_ORA_DOPO = ADESSO + dt.timedelta(hours=1)
# When the recovery first takes up what was saved at ADESSO, at UN_ORA_DOPO.
DOPO = ADESSO + ATTESA_RECUPERO + dt.timedelta(seconds=1)
UN_ORA_E_RECUPERO = UN_ORA_DOPO + ATTESA_RECUPERO + dt.timedelta(seconds=1)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _orologio():
    with time_machine.travel(ADESSO, tick=False):
        yield


@pytest.fixture
def senza_broker(django_capture_on_commit_callbacks):
    """Saves whose on-commit sends are lost, as with the broker down."""

    @contextmanager
    def perso():
        with django_capture_on_commit_callbacks(execute=False):
            yield

    return perso


@pytest.fixture
def con_broker(django_capture_on_commit_callbacks):
    """Saves whose on-commit sends run (inline), as with the broker up."""

    @contextmanager
    def inviato():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return inviato


def _occorrenza(casa, **campi):
    return crea_attivita(casa, iscrizione_richiesta=True, **campi).occorrenze.get()


def _recupera(adesso=DOPO) -> int:
    return recupera_avvisi_iscrizioni(adesso=adesso) + assistenza.recupera_avvisi_segnalazioni(
        adesso=adesso
    )


@pytest.mark.parametrize("voce", ["quartieri-recupera-email", "volontari-recupera-email"])
def test_il_recupero_corre_ogni_minuto(voce):
    from celery.schedules import crontab
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE[voce]["schedule"] == crontab()


def test_conferma_persa_inviata_dal_recupero_una_volta(casa, cittadino, senza_broker):
    with senza_broker():
        iscrizione = iscrivi(occorrenza=_occorrenza(casa), utente=cittadino)
    assert mail.outbox == []
    # Still within its own send's time: left alone.
    assert _recupera(adesso=ADESSO + dt.timedelta(minutes=1)) == 0
    assert _recupera() == 1
    assert _recupera() == 0
    assert [m.to for m in mail.outbox] == [[cittadino.email]]
    assert "Iscrizione confermata" in mail.outbox[0].subject
    iscrizione.refresh_from_db()
    assert iscrizione.conferma_inviata_il is not None


def test_conferma_non_dovuta_non_e_inviata(casa, cittadino, staff, tutor, senza_broker):
    with senza_broker():
        inviata = iscrivi(occorrenza=_occorrenza(casa), utente=cittadino)
        annullata = iscrivi(occorrenza=_occorrenza(casa), utente=staff)
        annulla_iscrizione(iscrizione=annullata, utente=staff)
        data_annullata = _occorrenza(casa)
        iscrivi(occorrenza=data_annullata, utente=tutor)
        annulla_occorrenza(occorrenza=data_annullata, utente=staff)
    Iscrizione.objects.filter(pk=inviata.pk).update(conferma_inviata_il=ADESSO)
    # A date already over, and a registration older than the recovery looks back.
    passata = _occorrenza(casa, inizio=ADESSO + dt.timedelta(hours=1))
    Iscrizione.objects.create(occorrenza=passata, utente=cittadino)
    vecchia = _occorrenza(casa, inizio=ADESSO + dt.timedelta(days=30))
    Iscrizione.objects.create(
        occorrenza=vecchia, utente=cittadino, created_at=ADESSO - FINESTRA_RECUPERO
    )
    assert recupera_avvisi_iscrizioni(adesso=ADESSO + dt.timedelta(hours=2)) == 0
    assert mail.outbox == []


def test_promozione_persa_inviata_dal_recupero_una_volta(
    casa, cittadino, staff, senza_broker, con_broker
):
    occorrenza = _occorrenza(casa, capienza=1)
    with con_broker():
        primo = iscrivi(occorrenza=occorrenza, utente=staff)
        in_attesa = iscrivi(occorrenza=occorrenza, utente=cittadino)
    assert len(mail.outbox) == 2
    with time_machine.travel(ADESSO + dt.timedelta(minutes=10), tick=False), senza_broker():
        annulla_iscrizione(iscrizione=primo, utente=staff)
    in_attesa.refresh_from_db()
    assert in_attesa.stato == Iscrizione.Stato.CONFERMATA
    # The confirmations went out at once: only the promotion is owed, once it is due.
    assert _recupera(adesso=ADESSO + dt.timedelta(minutes=11)) == 0
    assert _recupera(adesso=ADESSO + dt.timedelta(minutes=13)) == 1
    assert _recupera(adesso=ADESSO + dt.timedelta(minutes=13)) == 0
    assert len(mail.outbox) == 3
    assert mail.outbox[-1].to == [cittadino.email]
    assert "Si è liberato un posto" in mail.outbox[-1].subject


def test_annullamento_perso_inviato_dal_recupero_una_volta(
    casa, cittadino, staff, senza_broker, con_broker
):
    occorrenza = _occorrenza(casa)
    with con_broker():
        iscrivi(occorrenza=occorrenza, utente=cittadino)
    mail.outbox.clear()
    with time_machine.travel(UN_ORA_DOPO, tick=False), senza_broker():
        annulla_occorrenza(occorrenza=occorrenza, utente=staff, motivo="Pioggia")
    assert _recupera(adesso=UN_ORA_DOPO) == 0
    assert _recupera(adesso=UN_ORA_E_RECUPERO) == 1
    assert _recupera(adesso=UN_ORA_E_RECUPERO) == 0
    assert [m.to for m in mail.outbox] == [[cittadino.email]]
    assert "Data annullata" in mail.outbox[0].subject


def test_spostamento_perso_inviato_con_il_vecchio_orario_solo_a_chi_era_iscritto(
    casa, cittadino, tutor, staff, senza_broker, con_broker
):
    occorrenza = _occorrenza(casa, inizio=dt.datetime(2026, 3, 10, 17, 0, tzinfo=ROMA))
    with con_broker():
        iscrivi(occorrenza=occorrenza, utente=cittadino)
    mail.outbox.clear()
    nuovo_inizio = dt.datetime(2026, 3, 12, 18, 0, tzinfo=ROMA)
    with time_machine.travel(UN_ORA_DOPO, tick=False), senza_broker():
        sposta_occorrenza(
            occorrenza=occorrenza,
            utente=staff,
            inizio=nuovo_inizio,
            fine=nuovo_inizio + dt.timedelta(hours=2),
        )
    # Registered after the move: they chose the new time, nobody owes them the news.
    with time_machine.travel(UN_ORA_DOPO + dt.timedelta(minutes=1), tick=False), con_broker():
        iscrivi(occorrenza=occorrenza, utente=tutor)
    mail.outbox.clear()
    assert _recupera(adesso=UN_ORA_E_RECUPERO) == 1
    assert _recupera(adesso=UN_ORA_E_RECUPERO) == 0
    assert [m.to for m in mail.outbox] == [[cittadino.email]]
    assert "Data spostata" in mail.outbox[0].subject
    corpo = mail.outbox[0].body.lower()
    assert "10 marzo 2026" in corpo
    assert "12 marzo 2026" in corpo


def test_e_mail_delle_segnalazioni_perse_inviate_dal_recupero_una_volta(staff, senza_broker):
    dati = {
        "categoria": Segnalazione.Categoria.LUOGO,
        "oggetto": "Ascensore fermo",
        "descrizione": "Fermo da una settimana.",
        "email": "chi.segnala@esempio.test",
    }
    with senza_broker():
        segnalazione = assistenza.registra_segnalazione(dati=dati, indirizzo_ip="10.0.0.1")
        assistenza.registra_segnalazione(dati={**dati, "email": ""}, indirizzo_ip="10.0.0.1")
    assert _recupera() == 1
    assert "ricevuta" in mail.outbox[-1].subject
    segnalazione.refresh_from_db()
    with time_machine.travel(UN_ORA_DOPO, tick=False), senza_broker():
        assistenza.rispondi_segnalazione(
            segnalazione=segnalazione,
            stato=Segnalazione.Stato.RISOLTA,
            risposta="Riparato.",
            utente=staff,
        )
    assert _recupera(adesso=UN_ORA_DOPO) == 0
    assert _recupera(adesso=UN_ORA_E_RECUPERO) == 1
    assert _recupera(adesso=UN_ORA_E_RECUPERO) == 0
    assert [m.to for m in mail.outbox] == [["chi.segnala@esempio.test"]] * 2
    assert "Riparato." in mail.outbox[-1].body


@pytest.mark.celery_worker
def test_il_worker_reale_riceve_il_recupero_due_volte_e_manda_una_email_ciascuna(
    celery_worker_reale, casa, cittadino, django_assert_num_queries
):
    """The recovery runs one query per kind of registration e-mail, whatever their number
    (confirmations, promotions, changes of date); delivered twice, each e-mail leaves once."""
    altri = [crea_utente(f"persona{n}@esempio.test") for n in range(3)]
    # Written straight to the table: rows whose task never left.
    for persona in [cittadino, *altri]:
        Iscrizione.objects.create(occorrenza=_occorrenza(casa), utente=persona)
    with django_assert_num_queries(3):
        assert recupera_avvisi_iscrizioni(adesso=DOPO) == 4
    # Each task delivered a second time, as by a beat run before the worker caught up.
    for iscrizione in Iscrizione.objects.all():
        assert invia_task(tasks.invia_conferma_iscrizione, iscrizione.pk)
    # The worker (one thread, one queue) runs its messages in order: once this one
    # is done, so are the eight before it.
    assert tasks.invia_conferma_iscrizione.delay(0).get(timeout=30) is False
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in [cittadino, *altri])
    assert not Iscrizione.objects.filter(conferma_inviata_il__isnull=True).exists()
