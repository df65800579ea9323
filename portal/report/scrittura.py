"""Files written streaming: rows go to disk as they come, never all in memory."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise

# CSV files meant for people open in Italian Excel with a double click: its
# it-IT list separator is ";" (the comma is the decimal mark) and it reads
# UTF-8 only after a byte-order mark. Open-data CSV stays RFC 4180 (portal.open_data).
SEPARATORE_EXCEL = ";"
BOM = "\ufeff"


def _cella(valore: object) -> object:
    if isinstance(valore, Promise):
        # Choice labels are lazy translations: spreadsheets want plain text.
        return str(valore)
    if isinstance(valore, bool):
        return "sì" if valore else "no"
    if valore is None:
        return ""
    if isinstance(valore, dt.datetime):
        # openpyxl refuses time-zone-aware datetimes: local wall time is what readers expect.
        return timezone.localtime(valore).replace(tzinfo=None)
    return valore


def cella_excel(valore: object) -> object:
    """A cell of a CSV for Italian Excel: decimals with a comma, so they stay numbers."""
    valore = _cella(valore)
    if isinstance(valore, Decimal | float):
        return f"{valore}".replace(".", ",")
    return valore


def scrivi_csv(percorso: Path, colonne: Sequence[str], righe: Iterable[Sequence]) -> None:
    """One CSV file for Italian Excel: ";"-separated, UTF-8 with BOM, decimal commas."""
    with percorso.open("w", newline="", encoding="utf-8-sig") as uscita:
        scrittore = csv.writer(uscita, delimiter=SEPARATORE_EXCEL)
        scrittore.writerow(colonne)
        for riga in righe:
            scrittore.writerow([cella_excel(v) for v in riga])


def scrivi_xlsx(
    percorso: Path, fogli: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]
) -> None:
    """An XLSX workbook in write-only mode: each sheet is streamed row by row."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    libro = Workbook(write_only=True)
    grassetto = Font(bold=True)
    for titolo, colonne, righe in fogli:
        # Excel limits sheet names to 31 characters and forbids a few symbols.
        foglio = libro.create_sheet(title=_nome_foglio(titolo))
        intestazione = []
        for colonna in colonne:
            cella = WriteOnlyCell(foglio, value=colonna)
            cella.font = grassetto
            intestazione.append(cella)
        foglio.append(intestazione)
        for riga in righe:
            foglio.append([_numero(_cella(v)) for v in riga])
    libro.save(percorso)


def _numero(valore: object) -> object:
    # Decimals become floats so that spreadsheets sum them as numbers.
    return float(valore) if isinstance(valore, Decimal) else valore


def _nome_foglio(titolo: str) -> str:
    for simbolo in "[]:*?/\\":
        titolo = titolo.replace(simbolo, " ")
    return titolo[:31]


def scrivi_pdf(percorso: Path, template: str, contesto: dict) -> None:
    """Render `template` to HTML and print it to PDF with WeasyPrint."""
    from weasyprint import HTML

    html = render_html(template, contesto)
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(percorso)


def render_html(template: str, contesto: dict) -> str:
    """The HTML a PDF is printed from (tests read it to check the figures)."""
    return render_to_string(template, {"SITE_NAME": settings.SITE_NAME, **contesto})
