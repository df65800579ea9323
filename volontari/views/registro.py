"""The register of volunteers (D.Lgs. 117/2017, art. 17) as CSV and XLSX.

Staff get every volunteer; a community manager those with enrolments at the
places they manage. One row per enrolment, because the register records the
start and end of each activity. Occasional volunteers are in their own section.
Rows are streamed from `.values().iterator()`: the register is never held whole.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from portal.report.scrittura import BOM, SEPARATORE_EXCEL, cella_excel
from portal.ruoli import e_community_manager, e_staff_comunale
from volontari.models import Incarico

CAMPI = (
    "volontario__codice_fiscale",
    "volontario__cognome",
    "volontario__nome",
    "volontario__data_nascita",
    "volontario__luogo_nascita",
    "volontario__comune",
    "volontario__indirizzo",
    "opportunita__titolo",
    "data_inizio",
    "data_fine",
)


def intestazioni() -> list[str]:
    return [
        _("Codice fiscale"),
        _("Cognome"),
        _("Nome"),
        _("Data di nascita"),
        _("Luogo di nascita"),
        _("Comune di residenza o domicilio"),
        _("Indirizzo di residenza o domicilio"),
        _("Attività"),
        _("Inizio dell'attività"),
        _("Fine dell'attività"),
    ]


def incarichi_nel_registro(user) -> QuerySet[Incarico]:
    """Enrolments of the register `user` may export: staff all, a manager their places'."""
    incarichi = Incarico.objects.filter(volontario__anonimizzato_il__isnull=True)
    if e_staff_comunale(user):
        return incarichi
    if e_community_manager(user):
        return incarichi.filter(opportunita__luogo__community_manager=user)
    raise PermissionDenied


def sezioni(user) -> list[tuple[str, QuerySet]]:
    """The register's two sections: non-occasional volunteers, then occasional ones."""
    incarichi = incarichi_nel_registro(user).order_by(
        "volontario__cognome", "volontario__nome", "volontario__pk", "data_inizio", "pk"
    )
    return [
        (_("Volontari non occasionali"), incarichi.filter(volontario__occasionale=False)),
        (_("Volontari occasionali"), incarichi.filter(volontario__occasionale=True)),
    ]


def _righe(queryset: QuerySet) -> Iterator[list]:
    for riga in queryset.values_list(*CAMPI).iterator(chunk_size=2000):
        yield [valore.isoformat() if hasattr(valore, "isoformat") else valore for valore in riga]


class _Eco:
    """A file-like object whose write returns the line: csv.writer then yields it."""

    def write(self, valore: str) -> str:
        return valore


def _csv(user) -> Iterator[str]:
    # For Italian Excel, like the reports' CSV (portal.report.scrittura).
    yield BOM
    scrittore = csv.writer(_Eco(), delimiter=SEPARATORE_EXCEL)
    for numero, (titolo, queryset) in enumerate(sezioni(user)):
        if numero:
            yield scrittore.writerow([])
        yield scrittore.writerow([titolo])
        yield scrittore.writerow(intestazioni())
        for riga in _righe(queryset):
            yield scrittore.writerow([cella_excel(v) for v in riga])


def _nome_file(estensione: str) -> str:
    return f"registro-volontari-{timezone.localdate():%Y-%m-%d}.{estensione}"


@login_required
def registro_csv(request: HttpRequest) -> HttpResponse:
    """/volontariato/registro.csv"""
    incarichi_nel_registro(request.user)
    risposta = StreamingHttpResponse(_csv(request.user), content_type="text/csv; charset=utf-8")
    risposta["Content-Disposition"] = f'attachment; filename="{_nome_file("csv")}"'
    risposta["Cache-Control"] = "private, no-store"
    return risposta


@login_required
def registro_xlsx(request: HttpRequest) -> HttpResponse:
    """/volontariato/registro.xlsx: one sheet per section, written row by row."""
    incarichi_nel_registro(request.user)
    cartella = Workbook(write_only=True)
    for titolo, queryset in sezioni(request.user):
        foglio = cartella.create_sheet(title=titolo[:31])
        foglio.append(intestazioni())
        for riga in _righe(queryset):
            foglio.append(riga)
    # A temporary file on disk, not memory: openpyxl's write-only mode streams into it.
    # FileResponse closes it once sent.
    file = tempfile.TemporaryFile()  # noqa: SIM115
    cartella.save(file)
    file.seek(0)
    risposta = FileResponse(
        file,
        as_attachment=True,
        filename=_nome_file("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    risposta["Cache-Control"] = "private, no-store"
    return risposta
