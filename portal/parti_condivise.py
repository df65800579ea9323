"""Parts of a page rendered once per change and shared by every process.

What a page prints of rows that change only with a write (an agreement's story,
a place's description and services) is kept in the shared cache
(`CACHES["schede"]`, Redis in production) under a fingerprint: the version of
the rows' group (portal/versioni.py) and whatever else it follows (the day).
One entry per page and language, overwritten when the fingerprint changes, so
the cache does not grow with the writes. The first process to need an entry
renders it for all; the workers render the entries beforehand: each committed
write of the group asks for a run (`chiedi_una_volta`), and beat runs it to fill
what expired, was flushed or went stale with the date. Without Redis, or with
it down, a visit renders what it does not find.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache, caches

# A week bounds what pages that no longer exist (a deleted agreement) leave behind.
SECONDI = 7 * 24 * 3600
# How long a requested run is awaited before a write may ask for another.
IN_CODA_SECONDI = 10 * 60


def _chiave_impronta(chiave: str) -> str:
    # Beside each entry, what it was rendered under, a few bytes: the workers' check reads
    # these, not the hundreds of kilobytes of pages.
    return f"impronta:{chiave}"


def leggi(chiave: str, impronta: str) -> dict[str, Any] | None:
    """The entry `chiave` if it was rendered under `impronta`, else None."""
    voce = caches["schede"].get(chiave) or {}
    # .get(): an entry an earlier release wrote in another shape is a miss, not an error.
    return voce if voce.get("impronta") == impronta else None


def scrivi(chiave: str, impronta: str, **valori: Any) -> None:
    caches["schede"].set_many(
        {chiave: {"impronta": impronta, **valori}, _chiave_impronta(chiave): impronta},
        SECONDI,
    )


def da_rifare(impronte: dict[str, str]) -> set[str]:
    """The keys of `impronte` (key: the fingerprint it should have) whose entry is missing
    or was rendered under another fingerprint (one round trip)."""
    trovate = caches["schede"].get_many([_chiave_impronta(c) for c in impronte])
    return {c for c, impronta in impronte.items() if trovate.get(_chiave_impronta(c)) != impronta}


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
    if not invia_task(task):
        cache.delete(segnale)
