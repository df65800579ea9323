"""/healthz/ tells a load balancer whether the database, cache and broker answer."""

from __future__ import annotations

import pytest

from portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_200_con_tutto_attivo(client):
    risposta = client.get("/healthz/")
    assert risposta.status_code == 200
    dati = risposta.json()
    assert dati["status"] == "ok"
    assert dati["database"] == "ok"
    assert dati["cache"] == "ok"
    assert dati["broker"] in {"ok", "inline"}


@pytest.mark.celery_worker
def test_healthz_200_con_redis_come_broker(client, settings):
    celery_app.conf.task_always_eager = False
    try:
        dati = client.get("/healthz/").json()
    finally:
        celery_app.conf.task_always_eager = True
    assert dati["broker"] == "ok"


def test_healthz_503_con_broker_irraggiungibile(client):
    vecchio = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    try:
        risposta = client.get("/healthz/")
    finally:
        celery_app.conf.broker_url = vecchio
        celery_app.conf.task_always_eager = True
    assert risposta.status_code == 503
    dati = risposta.json()
    assert dati["status"] == "error"
    assert dati["broker"].startswith("error")
    assert dati["database"] == "ok"
