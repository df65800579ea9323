"""Versions of data that changes rarely, so that what is built from it is kept until it changes.

A group names a few models whose rows feed something costly to build and
read on every page (the thousand places the calendar's filter offers, ...).
Any save or delete of one of them, in the admin, a management page or a
service, gives the group a new random version in the cache: what was stored
under the old version is never read again and expires on its own.

Writes that send no signal (`QuerySet.update`, `bulk_create`, `bulk_update`)
must call `rinnova_alla_scrittura()` themselves (a service) or `rinnova()`
(the synthetic-data command, outside any transaction). When the cache is
down, `versione()` gives a new version on every request: nothing is reused, so
nothing stale is shown. A write made while Redis was unreachable but kept its
data does not renew the version: what was kept before may be shown until it
expires (an hour at most), or until the versions are deleted
(docs/operazioni.md). The cache must be shared by the processes that serve
pages (Redis): a per-process cache only renews the writing process's version.

The versions live in that shared cache; what is built under a version lives in
each process's memory (`CACHES["derivati"]`): its key names the version, so it
cannot outlive a change, and a page does not fetch from Redis, and unpickle,
tens of kilobytes of options it could keep. A request reads each group's
version once (`_versioni_della_richiesta`): one round trip per group, not one
per fragment. Whole parts of pages that every process would render alike are
kept in the shared cache instead, and rendered beforehand by the workers
after each write (`al_rinnovo`, portal/parti_condivise.py).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable
from typing import Any

from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

# Kept for good: a new version is written on every change, and only then.
_PREFISSO = "versione"


def _chiave(gruppo: str) -> str:
    return f"{_PREFISSO}:{gruppo}"


class _VersioniDellaRichiesta(threading.local):
    """The versions read during the current request; None outside a request."""

    lette: dict[str, str] | None = None


_versioni_della_richiesta = _VersioniDellaRichiesta()


def _inizia_richiesta(**kwargs) -> None:
    _versioni_della_richiesta.lette = {}


def _finisci_richiesta(**kwargs) -> None:
    _versioni_della_richiesta.lette = None


request_started.connect(_inizia_richiesta, dispatch_uid="versioni:inizio")
request_finished.connect(_finisci_richiesta, dispatch_uid="versioni:fine")


def versione(gruppo: str) -> str:
    """The group's current version: stable until one of its models is written."""
    lette = _versioni_della_richiesta.lette
    if lette is not None and not lette:
        # A request's first version: every group's in the same round trip (a page reads
        # two or three, at a quarter of a millisecond each).
        gruppi = {_chiave(g): g for g in {gruppo, *_modelli}}
        lette.update((gruppi[k], v) for k, v in cache.get_many(list(gruppi)).items())
    if lette is not None and gruppo in lette:
        return lette[gruppo]
    valore = cache.get(_chiave(gruppo))
    if valore is None:
        valore = secrets.token_hex(8)
        # add(): two processes starting at once agree on the first version written.
        if not cache.add(_chiave(gruppo), valore, timeout=None):
            valore = cache.get(_chiave(gruppo)) or valore
    if lette is not None:
        lette[gruppo] = valore
    return valore


def in_cache(
    gruppo: str, firma: str, calcola: Callable[[], Any], secondi: float | Callable[[Any], float]
) -> Any:
    """`calcola()`, kept under the group's version: `firma` names everything else it reads
    (a query's SQL with its parameters, the language), so two different results never
    share an entry. `secondi` may be a function of the result: how long it stays true
    without a write (a list of dates, until the first of them ends)."""
    impronta = hashlib.sha256(firma.encode()).hexdigest()[:32]
    chiave = f"{_PREFISSO}:{gruppo}:{versione(gruppo)}:{impronta}"
    derivati = caches["derivati"]
    valore = derivati.get(chiave)
    if valore is None:
        valore = calcola()
        derivati.set(chiave, valore, secondi(valore) if callable(secondi) else secondi)
    return valore


def rinnova(gruppo: str) -> None:
    valore = secrets.token_hex(8)
    cache.set(_chiave(gruppo), valore, timeout=None)
    if _versioni_della_richiesta.lette is not None:
        # What this request builds after its own write must not reuse the old version.
        _versioni_della_richiesta.lette[gruppo] = valore


def rinnova_tutti() -> None:
    """A new version for every group, after writes that send no signal across many
    models (the synthetic data's bulk_create), outside any transaction."""
    for gruppo in _modelli:
        rinnova(gruppo)


def rinnova_alla_scrittura(gruppo: str) -> None:
    """Renew `gruppo` for a write that sends no signal, as the signals' receivers do."""
    rinnova(gruppo)

    def dopo_il_commit() -> None:
        # Again once the write is committed: a page rendered in between read the rows
        # as they were before it, and may have kept them under the version renewed above.
        rinnova(gruppo)
        for funzione in _al_rinnovo.get(gruppo, ()):
            funzione()

    transaction.on_commit(dopo_il_commit)


_al_rinnovo: dict[str, list[Callable[[], None]]] = {}


def al_rinnovo(gruppo: str, funzione: Callable[[], None]) -> None:
    """Call `funzione` after each committed write of `gruppo` (to build again beforehand
    what its new version made stale)."""
    _al_rinnovo.setdefault(gruppo, []).append(funzione)


_modelli: dict[str, set[type[Model]]] = {}


def segui(gruppo: str, *modelli: type[Model], campi: frozenset[str] | None = None) -> None:
    """Renew `gruppo`'s version whenever a row of one of `modelli` is saved or deleted.

    A many-to-many field's `through` model counts too: `add()`, `remove()`, `set()` and
    `clear()` write its rows without saving any. With `campi`, a save that names its
    `update_fields` renews the version only if one of them is among `campi` (a login writes
    the user's `last_login`, which nothing of the group shows).
    """
    for modello in modelli:
        _modelli.setdefault(gruppo, set()).add(modello)
        uid = f"versioni:{gruppo}:{modello._meta.label}"
        post_save.connect(_ricevitore(gruppo, campi), sender=modello, weak=False, dispatch_uid=uid)
        post_delete.connect(_ricevitore(gruppo), sender=modello, weak=False, dispatch_uid=uid)
        if modello._meta.auto_created:
            m2m_changed.connect(_ricevitore(gruppo), sender=modello, weak=False, dispatch_uid=uid)


def seguito(gruppo: str, modello: type[Model]) -> bool:
    return modello in _modelli.get(gruppo, set())


def seguito_da_un_gruppo(modello: type[Model]) -> bool:
    return any(modello in modelli for modelli in _modelli.values())


def tutte() -> list[tuple[str, str]]:
    """Every group's current version (read in one round trip during a request), for a
    part that reads from several groups without saying which."""
    return [(gruppo, versione(gruppo)) for gruppo in sorted(_modelli)]


def _ricevitore(gruppo: str, campi: frozenset[str] | None = None):
    def rinnova_gruppo(sender, **kwargs) -> None:
        if kwargs.get("action", "post_").startswith("pre_"):
            return
        salvati = kwargs.get("update_fields")
        if campi is not None and salvati is not None and not campi & salvati:
            return
        rinnova_alla_scrittura(gruppo)

    return rinnova_gruppo
