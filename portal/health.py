"""Checks behind /healthz/: is each service the portal depends on answering?"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import connection

from portal.celery import app as celery_app


def controlla_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


class CacheUnavailable(Exception):
    """The cache did not give back what was just written to it."""


def controlla_cache() -> str:
    # The Redis cache turns its errors into misses (portal/cache_redis.py): an unreachable
    # Redis shows here as a value that does not come back.
    key = f"healthz-{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise CacheUnavailable("cache did not return what was written")
    cache.delete(key)
    return "ok"


def controlla_broker() -> str:
    if celery_app.conf.task_always_eager:
        return "inline"  # no broker configured: tasks run in the web process
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


CONTROLLI = {
    "database": controlla_database,
    "cache": controlla_cache,
    "broker": controlla_broker,
}


def stato_servizi() -> tuple[bool, dict[str, str]]:
    """Run every check; a failing one reports its error class, never a stack trace."""
    risultati: dict[str, str] = {}
    tutto_ok = True
    for nome, controllo in CONTROLLI.items():
        try:
            risultati[nome] = controllo()
        except Exception as exc:  # noqa: BLE001 - any failure means the service is down
            risultati[nome] = f"error: {type(exc).__name__}"
            tutto_ok = False
    return tutto_ok, risultati
