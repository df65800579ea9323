"""A report produced by a real Celery worker through Redis, as in CI."""

from __future__ import annotations

import time

import pytest
from django.core import mail

from portal.models import RichiestaReport
from portal.report import services


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_report_prodotto_da_un_worker_reale(celery_worker_reale, casa, staff):
    richiesta = services.richiedi_report(
        tipo="mensile_casa",
        parametri={"luogo": casa.pk, "anno": 2025, "mese": 3, "formato": "xlsx"},
        utente=staff,
    )
    scadenza = time.monotonic() + 60
    while time.monotonic() < scadenza:
        richiesta.refresh_from_db()
        if richiesta.stato in (RichiestaReport.Stato.COMPLETATO, RichiestaReport.Stato.FALLITO):
            break
        time.sleep(0.2)
    assert richiesta.stato == RichiestaReport.Stato.COMPLETATO, richiesta.errore
    assert richiesta.file.read(2) == b"PK"
    assert richiesta.durata is not None
    # The mail leaves after the commit that marks the report done.
    for _ in range(50):
        if mail.outbox:
            break
        time.sleep(0.1)
    assert len(mail.outbox) == 1
