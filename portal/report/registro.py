"""The kinds of report: each kind registers its parameters, formats and generator.

Generators live in portal.report.generatori, one module per data source,
and import the apps' models inside their functions so that portal never
imports quartieri, accordi or volontari at module import time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# A generator writes the file at `percorso`, calls `avanza(percent)` as it goes,
# and returns the name the file is downloaded with.
Generatore = Callable[[dict, Callable[[int], None], Path], str]

PARAMETRI_NOTI = ("anno", "mese", "settimana", "ambito", "quartiere", "luogo", "formato")


@dataclass(frozen=True)
class TipoReport:
    codice: str
    formati: tuple[str, ...]
    genera: Generatore
    richiesti: frozenset[str] = field(default_factory=frozenset)
    facoltativi: frozenset[str] = field(default_factory=frozenset)
    # Community managers may request this kind for the places they manage.
    per_community_manager: bool = False
    # When the period's data are final (None: a snapshot of today's records).
    fine_periodo: Callable[[dict], dt.datetime | None] = lambda _parametri: None


_TIPI: dict[str, TipoReport] = {}


def registra_tipo(tipo: TipoReport) -> TipoReport:
    """Make a kind of report available to the service, the forms and the admin."""
    _TIPI[tipo.codice] = tipo
    return tipo


def tipo_report(codice: str) -> TipoReport:
    """The registered kind `codice` (KeyError if none)."""
    _carica_generatori()
    return _TIPI[codice]


def tipi_registrati() -> dict[str, TipoReport]:
    _carica_generatori()
    return dict(_TIPI)


def _carica_generatori() -> None:
    # Importing the package registers every kind; imported here, not at the top,
    # because the generators import this module.
    import portal.report.generatori  # noqa: F401
