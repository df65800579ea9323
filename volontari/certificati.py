"""Certificates of approved volunteer hours: the figures, a signed code, the PDF.

The code is self-contained and signed with the site's key (django.core.signing):
it carries the volunteer's id, the period, the certified total and the issue
date, so /verifica/<code>/ can confirm a certificate without a table of issued
certificates, and nobody can forge or alter one. The code holds no personal
datum: the name shown on verification is read from the profile, so it goes
when the person asks to be forgotten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core import signing
from django.db.models import F, QuerySet, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from portal.indirizzo import url_pubblico
from portal.report.generatori.casa import qr_svg
from volontari.models import OreVolontariato, Volontario

SALE = "volontari.certificato"


@dataclass(frozen=True)
class Certificato:
    """What a certificate states: whose hours, over which days, how many, issued when."""

    volontario_id: int
    dal: dt.date
    al: dt.date
    ore: Decimal
    emesso_il: dt.date

    @property
    def codice(self) -> str:
        """The signed, URL-safe verification code."""
        return signing.dumps(
            [
                self.volontario_id,
                self.dal.isoformat(),
                self.al.isoformat(),
                f"{self.ore:f}",
                self.emesso_il.isoformat(),
            ],
            salt=SALE,
            compress=True,
        )

    @property
    def url_verifica(self) -> str:
        """The absolute address of the public verification page (the QR code's target)."""
        return url_pubblico(reverse("volontari:verifica", kwargs={"codice": self.codice}))


def leggi_codice(codice: str) -> Certificato | None:
    """The certificate a code stands for, or None if it is malformed or not signed by us."""
    try:
        volontario_id, dal, al, ore, emesso_il = signing.loads(codice, salt=SALE)
        return Certificato(
            volontario_id=int(volontario_id),
            dal=dt.date.fromisoformat(dal),
            al=dt.date.fromisoformat(al),
            ore=Decimal(ore),
            emesso_il=dt.date.fromisoformat(emesso_il),
        )
    except (signing.BadSignature, ValueError, TypeError, InvalidOperation):
        return None


def ore_approvate(volontario_id: int, dal: dt.date, al: dt.date) -> QuerySet[OreVolontariato]:
    """Approved ledger entries (corrections included) of one volunteer between two days."""
    return OreVolontariato.objects.approvate().filter(
        incarico__volontario_id=volontario_id, data__gte=dal, data__lte=al
    )


def totale_approvato(volontario_id: int, dal: dt.date, al: dt.date) -> Decimal:
    """The approved hours of one volunteer between two days, summed in the database."""
    return ore_approvate(volontario_id, dal, al).totale()


def ore_per_opportunita(volontario_id: int, dal: dt.date, al: dt.date) -> list[dict]:
    """Approved hours per opportunity (and its Accordo project, if any), summed in SQL."""
    return list(
        ore_approvate(volontario_id, dal, al)
        .order_by()
        .values(
            "incarico__opportunita",
            opportunita=F("incarico__opportunita__titolo"),
            progetto=F("incarico__opportunita__progetto__titolo"),
        )
        .annotate(ore_totali=Sum("ore"))
        .order_by("opportunita", "incarico__opportunita")
    )


def crea_certificato(
    *, volontario: Volontario, dal: dt.date, al: dt.date, oggi: dt.date | None = None
) -> tuple[Certificato, list[dict]]:
    """The certificate of `volontario`'s approved hours between two days, with its breakdown."""
    righe = ore_per_opportunita(volontario.pk, dal, al)
    totale = sum((riga["ore_totali"] for riga in righe), Decimal("0"))
    certificato = Certificato(
        volontario_id=volontario.pk,
        dal=dal,
        al=al,
        ore=totale,
        emesso_il=oggi or timezone.localdate(),
    )
    return certificato, righe


def html_certificato(certificato: Certificato, volontario: Volontario, righe: list[dict]) -> str:
    """The HTML the PDF is printed from (tests read it to check the figures)."""
    return render_to_string(
        "volontari/certificato.html",
        {
            "SITE_NAME": settings.SITE_NAME,
            "certificato": certificato,
            "volontario": volontario,
            "righe": righe,
            # segno writes the SVG from our own URL: no user input reaches it.
            "qr": mark_safe(qr_svg(certificato.url_verifica)),  # noqa: S308
        },
    )


def pdf_certificato(certificato: Certificato, volontario: Volontario, righe: list[dict]) -> bytes:
    """The certificate as an A4 PDF (WeasyPrint)."""
    from weasyprint import HTML

    return HTML(
        string=html_certificato(certificato, volontario, righe), base_url=str(settings.BASE_DIR)
    ).write_pdf()
