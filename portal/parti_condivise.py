"""Parts of a page rendered once per change and shared by every process.

What a page prints of rows that change only with a write (an agreement's story,
a place's description and services) is kept in the shared cache
(`CACHES["schede"]`, Redis in production) under a fingerprint: the version of
the rows' group (portal/versioni.py), whatever else it follows (the day) and
the release, since the entries outlive a deploy. One entry per page and
language, overwritten when the fingerprint changes, so
the cache does not grow with the writes. The first process to need an entry
renders it for all; the workers render the entries beforehand: each committed
write of the group asks for a run (`chiedi_una_volta`), and beat runs it to fill
what expired, was flushed or went stale with the date. Without Redis, or with
it down, a visit renders what it does not find.
"""

from __future__ import annotations

import functools
import hashlib
from itertools import chain
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches

# A week bounds what pages that no longer exist (a deleted agreement) leave behind.
SECONDI = 7 * 24 * 3600
# How long a requested run is awaited before a write may ask for another.
IN_CODA_SECONDI = 10 * 60
# What a part is rendered by: its templates, their translations, the code that fills them.
APP = ("accordi", "portal", "quartieri", "volontari")


@functools.cache
def _rilascio() -> str:
    """A fingerprint of this release's templates, translations and code (10 ms, once per
    process): unlike what is kept per process, the shared entries outlive a deploy, and a
    release must not serve the parts, or unpickle the rows, of the one before."""
    base = settings.BASE_DIR
    impronta = hashlib.sha256()
    for percorso in sorted(
        chain(
            base.glob("templates/**/*.html"),
            base.glob("locale/**/*.mo"),
            *(base.glob(f"{app}/**/*.py") for app in APP),
        )
    ):
        impronta.update(str(percorso.relative_to(base)).encode())
        impronta.update(percorso.read_bytes())
    return impronta.hexdigest()[:16]


def _chiave_impronta(chiave: str) -> str:
    # Beside each entry, what it was rendered under, a few bytes: the workers' check reads
    # these, not the hundreds of kilobytes of pages.
    return f"impronta:{chiave}"


def _completa(impronta: str) -> str:
    return f"{_rilascio()}:{impronta}"


def leggi(chiave: str, impronta: str) -> dict[str, Any] | None:
    """The entry `chiave` if it was rendered under `impronta` by this release, else None."""
    voce = caches["schede"].get(chiave) or {}
    return voce if voce.get("impronta") == _completa(impronta) else None


def scrivi(chiave: str, impronta: str, **valori: Any) -> None:
    impronta = _completa(impronta)
    caches["schede"].set_many(
        {chiave: {"impronta": impronta, **valori}, _chiave_impronta(chiave): impronta},
        SECONDI,
    )


def da_rifare(impronte: dict[str, str]) -> set[str]:
    """The keys of `impronte` (key: the fingerprint it should have) whose entry is missing
    or was rendered under another fingerprint or release (one round trip)."""
    trovate = caches["schede"].get_many([_chiave_impronta(c) for c in impronte])
    return {
        c
        for c, impronta in impronte.items()
        if trovate.get(_chiave_impronta(c)) != _completa(impronta)
    }


def inizia_run(segnale: str) -> None:
    """A run of the workers starts: a write made from now on asks for the next one."""
    cache.delete(segnale)


def chiedi_una_volta(task, segnale: str) -> None:
    """After a committed write: send `task`, unless a run is already waiting (`segnale`
    is set until it starts: the writes of one save in the admin ask for a single run).

    Only with real workers: run inline (no Redis), the task would make whoever saved
    wait for every page, which the next visitors render for themselves anyway.
    """
    from portal.celery import app, invia_task

    if app.conf.task_always_eager or not cache.add(segnale, 1, IN_CODA_SECONDI):
        return
    # With Redis down the cache's add() "succeeds" (portal/cache_redis.py) and nothing is
    # stored: the broker is the same Redis, and the save must not wait for it.
    if cache.get(segnale) is None or not invia_task(task):
        cache.delete(segnale)
