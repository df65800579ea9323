"""Tasks run on a real worker through Redis, and inline on the embedded default."""

from __future__ import annotations

import pytest

from portal.tasks import eco


@pytest.mark.celery_worker
def test_task_eseguito_da_un_worker_reale(celery_worker_reale):
    risultato = eco.delay("ciao")
    assert not celery_worker_reale.conf.task_always_eager
    assert risultato.get(timeout=20) == {"valore": "ciao", "database": "ok"}


@pytest.mark.django_db
def test_task_eseguito_in_linea_senza_broker():
    risultato = eco.delay("in linea")
    assert risultato.successful()
    assert risultato.get() == {"valore": "in linea", "database": "ok"}


def test_configurazione_celery_robusta():
    from portal.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.task_serializer == "json"
    assert app.conf.task_time_limit > app.conf.task_soft_time_limit > 0
    assert "portal-pulizia-sessioni" in app.conf.beat_schedule
