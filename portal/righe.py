"""The keys of the list rows kept rendered per process (CACHES["righe"]).

A list's row template is wrapped in
`{% cache None riga_<lista> LANGUAGE_CODE <the row's key> using="righe" %}`, and the
view gives each row its key, built from every value the row prints: `chiave` in a
row dict or tuple, `chiave_riga` on a model instance (agreements, organisations). A
changed record is a new key, never a stale row. The key is built here, in Python,
because the tag resolving a dozen dotted variables itself cost about 0.15 ms per
row, as much as rendering the row. The language stays in the tag: some rows are
built once and shown in both languages.

A row template printing a new value must have it added to its view's key. A key
the template cannot find resolves to "" and every row would share one entry:
`test_ogni_riga_ha_la_sua_chiave`, for each list, renders two rows that differ in
every kept part (tests/accordi/ and tests/quartieri/test_righe_in_cache.py).

A public list's filter form is kept the same way, under `chiave_modulo`
(`ModuloFiltriInCacheMixin`): most visitors send the same filters, often none.
"""

from __future__ import annotations

from typing import Any

from portal import versioni

# Printed outside the kept form: a point's coordinates differ with every visitor.
FUORI_DAL_MODULO = frozenset({"lat", "lon"})


def chiave_riga(*valori: object) -> str:
    """Every value a row prints, as one string.

    repr keeps the values apart ("a|b", "c" and "a", "b|c" are different keys)
    and tells None from "None".
    """
    return repr(valori)


def chiave_modulo(filtro: Any, parametri: Any) -> str:
    """Everything a list's filter form prints but its point's coordinates.

    That is the values sent for its fields, the text of its errors (an invalid or
    half-given point is listed among them, though its values are not in the key), the
    names of the parameters sent (the reset link shows when there are any) and every
    group's version (the options: places, themes, years...). The options must come
    from models a group of portal/versioni.py follows:
    `test_le_scelte_dei_moduli_in_cache_seguono_le_scritture` checks it.
    """
    modulo = filtro.form
    return chiave_riga(
        type(filtro).__qualname__,
        versioni.tutte(),
        sorted(parametri),
        [(nome, parametri.getlist(nome)) for nome in modulo.fields if nome not in FUORI_DAL_MODULO],
        {nome: [str(errore) for errore in errori] for nome, errori in modulo.errors.items()},
    )


class ModuloFiltriInCacheMixin:
    """A FilterView whose template keeps its filter form under `chiave_modulo`.

    Rendering the form (its widgets, their includes, a thousand places' options
    marked) was 5 to 29 percent of a list page's instructions (bench.istruzioni),
    the same form for most visitors.
    """

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["chiave_modulo"] = chiave_modulo(context["filter"], self.request.GET)
        return context
