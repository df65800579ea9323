"""Validators shared by the apps: Italian tax codes, uploaded PDFs, images, dates typed in."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva

DIMENSIONE_MASSIMA_PDF = 10 * 1024 * 1024
# A date typed in a form or an address stays within these: at Python's limits (year 1
# or 9999) the week's Monday or the day after overflow, and nothing the portal keeps
# is that old or that far ahead.
PRIMA_DATA = dt.date(1900, 1, 1)
ULTIMA_DATA = dt.date(2100, 12, 31)


def valida_data_plausibile(valore: dt.date | None) -> None:
    """A date between PRIMA_DATA and ULTIMA_DATA."""
    if valore is not None and not PRIMA_DATA <= valore <= ULTIMA_DATA:
        raise ValidationError(
            _("Indica una data tra il %(prima)s e il %(ultima)s."),
            code="data_fuori_intervallo",
            params={"prima": PRIMA_DATA.year, "ultima": ULTIMA_DATA.year},
        )


def valida_codice_fiscale_ente(valore: str) -> None:
    """An organisation's codice fiscale: 11 digits with the partita IVA check digit."""
    try:
        iva.validate(valore)
    except StdnumError as exc:
        raise ValidationError(
            _("Il codice fiscale di un ente ha 11 cifre con la cifra di controllo corretta."),
            code="codice_fiscale_ente",
        ) from exc


def valida_codice_fiscale_persona(valore: str) -> None:
    """A person's codice fiscale: 16 characters, check character, omocodia allowed."""
    try:
        codicefiscale.validate(valore)
    except StdnumError as exc:
        raise ValidationError(
            _("Il codice fiscale non è valido: controlla lettere, cifre e carattere finale."),
            code="codice_fiscale_persona",
        ) from exc
    if len(codicefiscale.compact(valore)) != 16:
        raise ValidationError(_("Il codice fiscale di una persona ha 16 caratteri."))


def valida_pdf(file: UploadedFile) -> None:
    """Accept only real PDF files: the name, the size and the first bytes must agree."""
    if not file.name.lower().endswith(".pdf"):
        raise ValidationError(_("Il file deve essere un PDF."), code="pdf_estensione")
    if file.size > DIMENSIONE_MASSIMA_PDF:
        raise ValidationError(_("Il PDF supera i 10 MB."), code="pdf_dimensione")
    posizione = file.tell()
    file.seek(0)
    intestazione = file.read(5)
    file.seek(posizione)
    if intestazione != b"%PDF-":
        raise ValidationError(_("Il file non è un PDF valido."), code="pdf_contenuto")
