"""Page numbers read from the address, checked once for every list that pages by OFFSET;
the paginator of the lists whose row count is kept in the cache.

Django's Paginator checks a page against the row count. The lists that skip the
COUNT (the activity calendar, the tutors' queue) turn the number straight into
an OFFSET, and PostgreSQL refuses an OFFSET past its bigint ("bigint out of
range", a 500) where a page past the end should be a 404 or the last page.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from portal import versioni

# PostgreSQL's OFFSET and LIMIT are bigints.
MASSIMA_RIGA = 2**63 - 1


def numero_pagina(valore: str | None, *, per_pagina: int) -> int | None:
    """The page asked for (1 when absent); None when no list can have it: not a whole
    number, below 1, or starting past the last row a database can address."""
    if valore is None or valore == "":
        return 1
    try:
        numero = int(valore)
    except ValueError:
        return None
    if numero < 1 or numero * per_pagina > MASSIMA_RIGA:
        return None
    return numero


class PaginatorConConteggioInCache(Paginator):
    """A Paginator whose COUNT is kept under the version of `gruppo` (portal/versioni.py).

    Counting every published row costs a scan of the table on every first
    visit, while the count changes only when those rows do and is the same for
    every visitor who asks the same question (a list sorted by distance from
    any point counts the same rows). The key is the COUNT's own SQL with its
    parameters: a filter, or a time in it, is a different entry. The group must
    name every model the counted rows depend on.
    """

    gruppo: str = ""
    secondi: int = 10 * 60

    @cached_property
    def count(self) -> int:
        # The rows counted, without the order and the annotations the page only prints or
        # sorts by (the distance from the visitor).
        try:
            righe = str(self.object_list.order_by().values("pk").query)
        except EmptyResultSet:
            # An invalid filter's none(): Django counts it without asking the database.
            return self.object_list.count()
        return versioni.in_cache(
            self.gruppo, f"count\n{righe}", self.object_list.count, self.secondi
        )
