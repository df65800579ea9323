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
"""

from __future__ import annotations


def chiave_riga(*valori: object) -> str:
    """Every value a row prints, as one string.

    repr keeps the values apart ("a|b", "c" and "a", "b|c" are different keys)
    and tells None from "None".
    """
    return repr(valori)
