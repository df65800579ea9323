"""The volunteer's own pages: the profile, applying, logging hours."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, UpdateView

from volontari import services
from volontari.forms import CandidaturaForm, OreForm, ProfiloForm
from volontari.models import Incarico, Opportunita, Volontario


def aggiungi_errori(form, errore: ValidationError) -> None:
    """Show a service's errors on the fields they name, the rest above the form."""
    if not hasattr(errore, "error_dict"):
        form.add_error(None, errore)
        return
    for campo, errori in errore.error_dict.items():
        form.add_error(campo if campo in form.fields else None, errori)


class ProfiloView(LoginRequiredMixin, UpdateView):
    """/volontariato/profilo/: complete or update one's own volunteer profile."""

    form_class = ProfiloForm
    template_name = "volontari/profilo/profilo.html"

    def get_object(self, queryset=None) -> Volontario:
        volontario = Volontario.objects.filter(user=self.request.user).first()
        return volontario or Volontario(
            user=self.request.user,
            nome=self.request.user.first_name,
            cognome=self.request.user.last_name,
        )

    def form_valid(self, form: ProfiloForm) -> HttpResponse:
        try:
            services.salva_profilo(volontario=form.instance)
        except ValidationError as exc:
            aggiungi_errori(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Il tuo profilo di volontario è salvato."))
        return redirect(reverse("volontari:profilo"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        idoneo, motivo = (
            self.object.idoneo_il(timezone.localdate()) if self.object.pk else (False, "")
        )
        return super().get_context_data(
            briciole=[(_("Volontariato"), None), (_("Il mio profilo di volontario"), None)],
            idoneo=idoneo,
            motivo_non_idoneo=motivo,
            **kwargs,
        )


@login_required
@require_POST
def candidati(request: HttpRequest, slug: str) -> HttpResponse:
    """/volontariato/<slug>/candidati/: apply to an open opportunity."""
    opportunita = get_object_or_404(Opportunita.objects.aperte(), slug=slug)
    volontario = Volontario.objects.filter(user=request.user).first()
    if volontario is None or not volontario.consenso_privacy:
        messages.info(request, _("Prima di candidarti completa il tuo profilo di volontario."))
        return redirect(reverse("volontari:profilo"))
    form = CandidaturaForm(request.POST)
    if form.is_valid():
        try:
            services.candidati(
                volontario=volontario,
                opportunita=opportunita,
                messaggio=form.cleaned_data["messaggio"],
            )
        except ValidationError as exc:
            for messaggio in exc.messages:
                messages.error(request, messaggio)
        else:
            messages.success(request, _("Candidatura inviata: il tutor ti risponderà per e-mail."))
    else:
        messages.error(request, _("Il messaggio è troppo lungo."))
    return redirect(reverse("volontari:profilo"))


class RegistraOreView(LoginRequiredMixin, FormView):
    """/volontariato/ore/nuove/: a volunteer logs a day's hours in one of their enrolments."""

    form_class = OreForm
    template_name = "volontari/profilo/ore.html"

    def incarichi(self) -> QuerySet[Incarico]:
        return (
            Incarico.objects.filter(volontario__user=self.request.user, data_fine__isnull=True)
            .select_related("opportunita", "volontario")
            .order_by("opportunita__titolo")
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "incarichi": self.incarichi()}

    def form_valid(self, form: OreForm) -> HttpResponse:
        try:
            services.registra_ore(utente=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            aggiungi_errori(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Ore registrate: il tutor le approverà a breve."))
        return redirect(reverse("volontari:registra_ore"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            briciole=[(_("Volontariato"), None), (_("Registra le ore"), None)], **kwargs
        )
