"""Pages for who runs agreements: staff move them through the lifecycle, officers and
coordinators post the progress of projects. Writes go through accordi.services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView

from accordi import services
from accordi.forms import AggiornamentoProgettoForm, TransizioneForm
from accordi.models import (
    Accordo,
    AggiornamentoProgetto,
    Progetto,
    TransizioneAccordo,
    ValoreIndicatore,
)
from portal.ruoli import e_staff_comunale

TITOLO_GESTIONE = gettext_lazy("Gestione degli accordi")


class StaffMixin(LoginRequiredMixin):
    """Council staff only: anyone else signed in gets a 403."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not e_staff_comunale(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AccordiStaffListView(StaffMixin, ListView):
    """Every agreement with its state and numbers, to pick one to move."""

    template_name = "accordi/staff/accordi.html"
    context_object_name = "accordi"
    paginate_by = 50

    def get_queryset(self):
        return (
            Accordo.objects.modificabili_da(self.request.user)
            .select_related("ambito")
            .con_numeri()
            .order_by("titolo")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(briciole=[(TITOLO_GESTIONE, None)], **kwargs)


class AccordoStaffView(StaffMixin, DetailView):
    """One agreement's lifecycle: its history and a button for each allowed next state."""

    template_name = "accordi/staff/accordo.html"
    context_object_name = "accordo"

    def get_queryset(self):
        return (
            Accordo.objects.modificabili_da(self.request.user)
            .select_related("ambito", "architetto_di_quartiere")
            .con_numeri()
            .prefetch_related(
                Prefetch(
                    "transizioni",
                    queryset=TransizioneAccordo.objects.select_related("utente").order_by(
                        "-momento", "-pk"
                    ),
                )
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", TransizioneForm(accordo=self.object))
        return super().get_context_data(
            briciole=[
                (TITOLO_GESTIONE, reverse("accordi:staff_accordi")),
                (self.object.titolo, None),
            ],
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        form = TransizioneForm(request.POST, accordo=self.object)
        if form.is_valid():
            try:
                transizione = services.avanza_accordo(
                    accordo=self.object,
                    nuovo_stato=form.cleaned_data["nuovo_stato"],
                    utente=request.user,
                    motivo=form.cleaned_data["motivo"],
                )
            except ValidationError as exc:
                _aggiungi_errori(form, exc)
            else:
                messages.success(
                    request,
                    _("L'accordo è passato allo stato «%(stato)s».")
                    % {"stato": transizione.get_a_display()},
                )
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _aggiungi_errori(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for campo, errori in exc.message_dict.items():
            form.add_error(campo if campo in form.fields else None, errori)
    else:
        form.add_error(None, exc.messages)


class AggiornaProgettoView(LoginRequiredMixin, FormView):
    """Post a progress update: staff, the agreement's officer, a partner's coordinator."""

    template_name = "accordi/staff/aggiorna_progetto.html"
    form_class = AggiornamentoProgettoForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.progetto = get_object_or_404(
            Progetto.objects.visibili_a(request.user)
            .select_related("accordo")
            .prefetch_related(
                "indicatori",
                Prefetch(
                    "aggiornamenti",
                    queryset=AggiornamentoProgetto.objects.select_related("autore")
                    .prefetch_related(
                        Prefetch(
                            "valori",
                            queryset=ValoreIndicatore.objects.select_related("indicatore"),
                        )
                    )
                    .order_by("-data", "-pk"),
                ),
            ),
            accordo__slug=kwargs["slug"],
            pk=kwargs["pk"],
        )
        if not self.progetto.aggiornabile_da(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "progetto": self.progetto}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        accordo = self.progetto.accordo
        return super().get_context_data(
            progetto=self.progetto,
            accordo=accordo,
            aggiornamenti=self.progetto.aggiornamenti.all()[:10],
            briciole=[
                (_("Accordi di cittadinanza"), reverse("accordi:lista")),
                (accordo.titolo, reverse("accordi:dettaglio", kwargs={"slug": accordo.slug})),
                (
                    self.progetto.titolo,
                    reverse(
                        "accordi:progetto", kwargs={"slug": accordo.slug, "pk": self.progetto.pk}
                    ),
                ),
                (_("Aggiorna il progetto"), None),
            ],
            **kwargs,
        )

    def form_valid(self, form: AggiornamentoProgettoForm) -> HttpResponse:
        try:
            services.registra_aggiornamento(
                progetto=self.progetto,
                utente=self.request.user,
                data=form.cleaned_data["data"],
                testo=form.cleaned_data["testo"],
                ore_collaborazione=form.cleaned_data["ore_collaborazione"],
                abitanti_raggiunti=form.cleaned_data["abitanti_raggiunti"],
                valori=form.valori(),
            )
        except ValidationError as exc:
            _aggiungi_errori(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Aggiornamento registrato. Grazie!"))
        return HttpResponseRedirect(self.request.path)

    def form_invalid(self, form: AggiornamentoProgettoForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)
