"""Page numbers read from the address, checked once for every list that pages by OFFSET.

Django's Paginator checks a page against the row count. The lists that skip the
COUNT (the activity calendar, the tutors' queue) turn the number straight into
an OFFSET, and PostgreSQL refuses an OFFSET past its bigint ("bigint out of
range", a 500) where a page past the end should be a 404 or the last page.
"""

from __future__ import annotations

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
