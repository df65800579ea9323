"""Small helpers shared by the generators: places, file names and progress."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.utils.text import slugify

from portal.report.services import ReportNonGenerabile


def luogo(pk: int):
    from quartieri.models import Luogo

    trovato = Luogo.objects.select_related("quartiere__ambito", "gestore").filter(pk=pk).first()
    if trovato is None:
        raise ReportNonGenerabile("Il luogo del report non esiste più.")
    return trovato


def nome_file(*parti: object, formato: str) -> str:
    return "-".join(slugify(str(p)) for p in parti if p not in (None, "")) + f".{formato}"


def con_avanzamento(
    righe: Iterable, totale: int, avanza: Callable[[int], None], dal: int = 0, al: int = 100
) -> Iterator:
    """Yield the rows, reporting progress from `dal` to `al` percent every few hundred."""
    for numero, riga in enumerate(righe, start=1):
        if totale and numero % 500 == 0:
            avanza(dal + (al - dal) * numero // totale)
        yield riga
