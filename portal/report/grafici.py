"""Bar charts drawn on the server as inline SVG: readable without JavaScript, printable.

Every chart carries role="img" and a <title>; pages put the same figures in a
table beside it for screen readers.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LARGHEZZA = 640
ALTEZZA_BARRA = 22
SPAZIO = 8
COLONNA_ETICHETTE = 220
COLORE = "#0066cc"  # Bootstrap Italia primary: 5.9:1 on white


def barre(
    titolo: str, voci: list[tuple[str, int | float | Decimal]], identificativo: str
) -> SafeString:
    """A horizontal bar chart of `voci` (label, value), scaled to the largest value."""
    massimo = max((float(v or 0) for _e, v in voci), default=0) or 1
    spazio_barre = LARGHEZZA - COLONNA_ETICHETTE - 70
    altezza = max(len(voci), 1) * (ALTEZZA_BARRA + SPAZIO) + SPAZIO
    parti = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="grafico" '
        f'aria-labelledby="{identificativo}-titolo" viewBox="0 0 {LARGHEZZA} {altezza}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" '
        f'style="max-width:{LARGHEZZA}px;font-family:DejaVu Sans,Titillium Web,sans-serif">',
        f'<title id="{identificativo}-titolo">{escape(titolo)}</title>',
    ]
    for numero, (etichetta, valore) in enumerate(voci):
        y = SPAZIO + numero * (ALTEZZA_BARRA + SPAZIO)
        larghezza = round(spazio_barre * float(valore or 0) / massimo, 1)
        testo_y = y + ALTEZZA_BARRA * 0.7
        parti.append(
            f'<text x="{COLONNA_ETICHETTE - 6}" y="{testo_y}" text-anchor="end" '
            f'font-size="12" fill="#1a1a1a">{escape(_accorcia(str(etichetta)))}</text>'
            f'<rect x="{COLONNA_ETICHETTE}" y="{y}" width="{larghezza}" '
            f'height="{ALTEZZA_BARRA}" fill="{COLORE}"/>'
            f'<text x="{COLONNA_ETICHETTE + larghezza + 6}" y="{testo_y}" font-size="12" '
            f'fill="#1a1a1a">{escape(number_format(valore or 0, force_grouping=True))}</text>'
        )
    parti.append("</svg>")
    return mark_safe("".join(parti))  # noqa: S308 - every text above is escaped


def _accorcia(testo: str, massimo: int = 32) -> str:
    return testo if len(testo) <= massimo else testo[: massimo - 1] + "…"
