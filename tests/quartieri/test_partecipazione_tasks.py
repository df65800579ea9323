"""The Monday reminder of overdue requests: one e-mail per owner, never twice in a week."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from quartieri.models import Richiesta, SollecitoInviato
from quartieri.services import partecipazione as servizi
from quartieri.tasks import invia_solleciti_richieste
from tests.quartieri.partecipazione_dati import OGGI, crea_organismo, crea_richiesta

pytestmark = pytest.mark.django_db
LUNEDI = dt.datetime(2026, 3, 9, 7, tzinfo=dt.UTC)  # 08:00 in Rome, Monday


@pytest.fixture
def scadute(staff, tutor):
    organismo = crea_organismo(nome="Consulta H")
    vecchia = OGGI - dt.timedelta(days=90)
    return [
        crea_richiesta(organismo, tutor, titolo="Panchine", inviata_il=vecchia),
        crea_richiesta(organismo, tutor, titolo="Lampioni", inviata_il=vecchia),
        crea_richiesta(organismo, staff, titolo="Ciclabile", inviata_il=vecchia),
        # Answered or still in time: not in any reminder.
        crea_richiesta(
            organismo, tutor, titolo="Già risposta", inviata_il=vecchia, stato="risposta",
            risposta="Sì", risposta_il=OGGI,
        ),
        crea_richiesta(organismo, tutor, titolo="Recente"),
    ]  # fmt: skip


@time_machine.travel(LUNEDI, tick=False)
def test_una_mail_per_responsabile_con_le_sue_richieste_scadute(scadute, tutor, staff):
    assert invia_solleciti_richieste.delay().get() == 2
    per_destinatario = {m.to[0]: m for m in mail.outbox}
    assert set(per_destinatario) == {tutor.email, staff.email}
    testo = per_destinatario[tutor.email].body
    assert "Panchine" in testo
    assert "Lampioni" in testo
    assert "Ciclabile" not in testo
    assert "Già risposta" not in testo
    assert "Recente" not in testo
    assert settings.SITE_URL + "/gestione/partecipazione/richieste/" in testo


@time_machine.travel(LUNEDI, tick=False)
def test_il_task_ripetuto_non_manda_di_nuovo(scadute):
    invia_solleciti_richieste.delay().get()
    assert invia_solleciti_richieste.delay().get() == 0
    assert len(mail.outbox) == 2
    assert SollecitoInviato.objects.count() == 2


@time_machine.travel(LUNEDI, tick=False)
def test_invio_diretto_doppio_manda_una_volta_sola(scadute, tutor):
    assert servizi.invia_sollecito(responsabile_id=tutor.pk, oggi=OGGI) is True
    assert servizi.invia_sollecito(responsabile_id=tutor.pk, oggi=OGGI) is False
    assert len(mail.outbox) == 1


def test_la_settimana_dopo_si_sollecita_ancora(scadute):
    with time_machine.travel(LUNEDI, tick=False):
        invia_solleciti_richieste.delay().get()
    with time_machine.travel(LUNEDI + dt.timedelta(days=7), tick=False):
        assert invia_solleciti_richieste.delay().get() == 2
    assert len(mail.outbox) == 4


@time_machine.travel(LUNEDI, tick=False)
def test_se_la_mail_fallisce_non_resta_registrata(scadute, tutor, monkeypatch):
    def guasto(*args, **kwargs):
        raise ConnectionError("SMTP giù")

    monkeypatch.setattr(servizi, "send_mail", guasto)
    with pytest.raises(ConnectionError):
        servizi.invia_sollecito(responsabile_id=tutor.pk, oggi=OGGI)
    assert not SollecitoInviato.objects.exists()


@time_machine.travel(LUNEDI, tick=False)
def test_nessuna_mail_senza_richieste_scadute(staff):
    crea_richiesta(crea_organismo(), staff, stato=Richiesta.Stato.PRESA_IN_CARICO)
    assert invia_solleciti_richieste.delay().get() == 0
    assert mail.outbox == []


def test_il_sollecito_e_nel_calendario_di_celery():
    voce = settings.CELERY_BEAT_SCHEDULE["quartieri-solleciti-richieste"]
    assert voce["task"] == invia_solleciti_richieste.name
    assert voce["schedule"].day_of_week == {1}
