"""The keys of the list rows kept rendered per process (CACHES["righe"]).

A list's row template is wrapped in
`{% cache None riga_<lista> LANGUAGE_CODE riga.chiave using="righe" %}`, and the view
sets `chiave` from every value the row prints: a changed record is a new key, never
a stale row. The key is built here, in Python, because the tag resolving a dozen
dotted variables itself cost about 0.15 ms per row, as much as rendering the row.
The language stays in the tag: some rows are built once and shown in both.
"""

from __future__ import annotations


def chiave_riga(*valori: object) -> str:
    """Every value a row prints, as one string.

    repr keeps the values apart ("a|b", "c" and "a", "b|c" are different keys)
    and tells None from "None".
    """
    return repr(valori)
