"""The kinds of public content that the site search and the topic pages go through.

Each app registers its kinds in AppConfig.ready(), as it does its open-data
sets: adding a kind of content to /cerca/ and to the topic pages is one call to
`registra_contenuto`, nothing else changes. A kind says what anyone may see
(its public QuerySet, with what a result row shows already joined), which text
fields are searched, and how a row becomes a title, an address and a summary.

Every query is one COUNT and one SELECT per kind, whatever the number of rows.
The search is a case-insensitive containment of every word of the query in
any of the kind's fields: the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Model, Q, QuerySet

# The words of a query that count: a longer one is cut, not refused.
MASSIMO_PAROLE = 6


def _url(oggetto: Model) -> str:
    return oggetto.get_absolute_url()  # type: ignore[attr-defined]


def _nessun_sommario(oggetto: Model) -> str:
    return ""


@dataclass(frozen=True)
class TipoContenuto:
    chiave: str  # the `tipo` parameter of /cerca/ and of a topic's page
    titolo: Any  # a lazy translation: the group's heading
    pubblici: Callable[[], QuerySet]
    campi_testo: tuple[str, ...]
    # The M2M field to portal.Argomento, or "" for a kind without topics.
    campo_argomenti: str = "argomenti"
    url: Callable[[Model], str] = field(default=_url)
    sommario: Callable[[Model], str] = field(default=_nessun_sommario)


@dataclass(frozen=True)
class Risultato:
    titolo: str
    url: str
    sommario: str


@dataclass
class Gruppo:
    tipo: TipoContenuto
    numero: int
    risultati: list[Risultato]
    pagina: Page | None = None  # only when the group is shown whole, page by page


_REGISTRO: dict[str, TipoContenuto] = {}


def registra_contenuto(tipo: TipoContenuto) -> None:
    """Add a kind of content to the search and the topic pages; the same key twice keeps one."""
    _REGISTRO[tipo.chiave] = tipo


def tipi_contenuto(*, con_argomenti: bool = False) -> list[TipoContenuto]:
    """The registered kinds, in the order the apps registered them."""
    return [t for t in _REGISTRO.values() if t.campo_argomenti or not con_argomenti]


def parole(testo: str) -> list[str]:
    """The words of a query that are searched."""
    return testo.split()[:MASSIMO_PAROLE]


def _filtrati(tipo: TipoContenuto, testo: str, argomento: Model | None) -> QuerySet:
    queryset = tipo.pubblici()
    if argomento is not None:
        queryset = queryset.filter(**{tipo.campo_argomenti: argomento})
    return queryset.filter(ogni_parola_in(tipo.campi_testo, testo))


def ogni_parola_in(campi: tuple[str, ...], testo: str) -> Q:
    """Every word of `testo` in one of `campi`, in any case: the same on SQLite and PostgreSQL."""
    condizioni = [
        reduce(or_, (Q(**{f"{campo}__icontains": parola}) for campo in campi))
        for parola in parole(testo)
    ]
    return reduce(and_, condizioni, Q())


def _risultati(tipo: TipoContenuto, righe) -> list[Risultato]:
    return [Risultato(str(riga), tipo.url(riga), tipo.sommario(riga)) for riga in righe]


def cerca(
    *,
    testo: str = "",
    argomento: Model | None = None,
    chiave: str = "",
    numero_pagina: int | str = 1,
    per_gruppo: int = 5,
    per_pagina: int = 20,
) -> list[Gruppo]:
    """Public content matching `testo` and/or carrying `argomento`, grouped by kind.

    Without `chiave`, every kind with at least one match and its first
    `per_gruppo` rows; with `chiave`, that kind alone, page `numero_pagina`.
    """
    tipi = tipi_contenuto(con_argomenti=argomento is not None)
    if chiave:
        tipi = [t for t in tipi if t.chiave == chiave]
    gruppi = []
    for tipo in tipi:
        queryset = _filtrati(tipo, testo, argomento)
        if chiave:
            pagina = Paginator(queryset, per_pagina).get_page(numero_pagina)
            gruppi.append(
                Gruppo(tipo, pagina.paginator.count, _risultati(tipo, pagina.object_list), pagina)
            )
            continue
        numero = queryset.count()
        if numero:
            gruppi.append(Gruppo(tipo, numero, _risultati(tipo, queryset[:per_gruppo])))
    return gruppi
