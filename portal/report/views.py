"""The reports page: request a report, watch it progress, download it.

Council staff see every request; a community manager only their own (another
person's request is a 404). Anyone else signed in gets a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import ListView

from portal.forms import id_inviato
from portal.models import RichiestaReport
from portal.report.forms import RichiestaReportForm
from portal.report.services import richiedi_report
from portal.ruoli import usa_area_gestione

TITOLO = gettext_lazy("Report")


def _verifica_ruolo(user) -> None:
    if not usa_area_gestione(user):
        raise PermissionDenied


def descrivi(richieste: list[RichiestaReport]) -> None:
    """Attach `descrizione` (period, place, area) to each request: one query per kind of name."""
    from quartieri.models import AmbitoTerritoriale, Luogo, Quartiere

    nomi = {}
    for chiave, modello in (
        ("luogo", Luogo),
        ("ambito", AmbitoTerritoriale),
        ("quartiere", Quartiere),
    ):
        ids = {r.parametri[chiave] for r in richieste if r.parametri.get(chiave)}
        nomi[chiave] = (
            dict(modello.objects.filter(pk__in=ids).values_list("pk", "nome")) if ids else {}
        )
    for richiesta in richieste:
        p = richiesta.parametri
        parti = []
        if p.get("luogo"):
            parti.append(nomi["luogo"].get(p["luogo"], _("luogo eliminato")))
        if p.get("settimana"):
            parti.append(_("settimana dal %(data)s") % {"data": p["settimana"]})
        if p.get("mese"):
            parti.append(f"{p['mese']:02d}/{p['anno']}")
        elif p.get("anno"):
            parti.append(str(p["anno"]))
        for chiave in ("ambito", "quartiere"):
            if p.get(chiave):
                parti.append(nomi[chiave].get(p[chiave], "–"))
        parti.append(richiesta.formato.upper())
        richiesta.descrizione = " · ".join(str(parte) for parte in parti)


def stato_json(richiesta: RichiestaReport) -> dict[str, Any]:
    return {
        "id": richiesta.pk,
        "stato": richiesta.stato,
        "stato_etichetta": richiesta.get_stato_display(),
        "progresso": richiesta.progresso,
        "errore": richiesta.errore,
        "download": reverse("portal:report_scarica", kwargs={"pk": richiesta.pk})
        if richiesta.stato == RichiestaReport.Stato.COMPLETATO
        else None,
    }


class ReportListView(LoginRequiredMixin, ListView):
    """The requests `user` may see, newest first, with the request form above them."""

    template_name = "portal/report/elenco.html"
    context_object_name = "richieste"
    paginate_by = 25
    form: RichiestaReportForm | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            _verifica_ruolo(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            RichiestaReport.objects.visibili_a(self.request.user)
            .select_related("richiesto_da")
            .order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        contesto = super().get_context_data(**kwargs)
        descrivi(contesto["richieste"])
        contesto["form"] = self.form or RichiestaReportForm(utente=self.request.user)
        contesto["titolo"] = TITOLO
        contesto["briciole"] = [(TITOLO, None)]
        contesto["in_lavorazione"] = any(
            r.stato in (RichiestaReport.Stato.IN_CODA, RichiestaReport.Stato.IN_CORSO)
            for r in contesto["richieste"]
        )
        return contesto


@login_required
@require_POST
def richiedi(request: HttpRequest) -> HttpResponse:
    """Queue the report the form describes (or give back the identical one already there)."""
    _verifica_ruolo(request.user)
    form = RichiestaReportForm(request.POST, utente=request.user)
    if form.is_valid():
        try:
            richiesta = richiedi_report(
                tipo=form.cleaned_data["tipo"], parametri=form.parametri, utente=request.user
            )
        except ValidationError as errore:
            form.add_error(None, errore)
        else:
            # Its task was sent (or not) when the request was committed.
            richiesta.refresh_from_db(fields=["stato", "accodato_il"])
            if richiesta.in_attesa_del_servizio:
                messages.warning(
                    request,
                    _(
                        "Report richiesto: %(tipo)s. È in coda: partirà quando il servizio "
                        "dei report sarà di nuovo disponibile, e ti scriveremo quando è pronto."
                    )
                    % {"tipo": richiesta.get_tipo_display()},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Report richiesto: %(tipo)s. Lo trovi qui sotto; "
                        "ti scriveremo quando è pronto."
                    )
                    % {"tipo": richiesta.get_tipo_display()},
                )
            return HttpResponseRedirect(reverse("portal:report"))
    # The list again, with the form and its errors.
    vista = ReportListView(form=form)
    vista.setup(request)
    vista.object_list = vista.get_queryset()
    return render(request, vista.template_name, vista.get_context_data(), status=400)


@never_cache
@login_required
@require_GET
def stato(request: HttpRequest) -> JsonResponse:
    """The state of the requests listed on the page (`?id=1&id=2`), for the progress script."""
    _verifica_ruolo(request.user)
    ids = [pk for i in request.GET.getlist("id") if (pk := id_inviato(i)) is not None][:100]
    richieste = RichiestaReport.objects.visibili_a(request.user).filter(pk__in=ids)
    return JsonResponse({"richieste": [stato_json(r) for r in richieste]})


@login_required
@require_GET
def scarica(request: HttpRequest, pk: int) -> FileResponse:
    """The report's file, for who may see the request."""
    _verifica_ruolo(request.user)
    richiesta = get_object_or_404(
        RichiestaReport.objects.visibili_a(request.user),
        pk=pk,
        stato=RichiestaReport.Stato.COMPLETATO,
    )
    risposta = FileResponse(
        richiesta.file.open("rb"), as_attachment=True, filename=richiesta.nome_file
    )
    risposta["Cache-Control"] = "private, no-store"
    return risposta
