"""The management area: community managers keep their own places current.

Every page of a place fetches it through `Luogo.objects.gestibili_da(user)`,
so another manager's place is a 404; writes go through quartieri.services.luoghi.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms import BaseModelFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView, UpdateView

from portal.ruoli import e_staff_comunale
from quartieri.forms.luoghi import (
    EccezioniFormSet,
    FasceOrarieFormSet,
    FasceServizioFormSet,
    LuogoContenutiForm,
    LuogoPosizioneForm,
    ServizioGestioneForm,
)
from quartieri.models import EccezioneOrario, Luogo, Servizio
from quartieri.services import luoghi as services
from quartieri.services.attivita import date_in_chiusura

TITOLO_GESTIONE = gettext_lazy("Gestione delle Case")


def _numero(queryset) -> Coalesce:
    """A correlated COUNT per place: several counts without multiplying joined rows."""
    conteggio = (
        queryset.filter(luogo=OuterRef("pk")).order_by().values("luogo").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(conteggio.values("n"), output_field=IntegerField()), 0)


class AreaGestioneMixin(LoginRequiredMixin):
    """A page of the whole area: staff, or whoever manages a place; others get a 403
    that says what the area is for."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (
            not e_staff_comunale(request.user)
            and not Luogo.objects.gestibili_da(request.user).exists()
        ):
            return render(
                request,
                "quartieri/gestione/negato.html",
                {"briciole": [(TITOLO_GESTIONE, None)]},
                status=403,
            )
        return super().get(request, *args, **kwargs)


class GestioneHomeView(AreaGestioneMixin, ListView):
    """The places the user manages; staff see them all."""

    template_name = "quartieri/gestione/home.html"
    context_object_name = "luoghi"
    paginate_by = 50

    def get_queryset(self):
        oggi = timezone.localdate()
        return (
            Luogo.objects.gestibili_da(self.request.user)
            .select_related("quartiere")
            .annotate(
                numero_servizi=_numero(Servizio.objects.all()),
                numero_chiusure=_numero(EccezioneOrario.objects.filter(data_fine__gte=oggi)),
            )
            .order_by("nome")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            briciole=[(TITOLO_GESTIONE, None)],
            e_staff=e_staff_comunale(self.request.user),
            **kwargs,
        )


class LuogoGestitoMixin(LoginRequiredMixin):
    """Loads the place named in the URL among those the user manages (else 404)."""

    sezione: str = ""
    luogo: Luogo

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.luogo = get_object_or_404(
            Luogo.objects.gestibili_da(request.user).select_related("quartiere"),
            slug=kwargs["slug"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_briciole(self) -> list[tuple[str, str | None]]:
        briciole: list[tuple[str, str | None]] = [(TITOLO_GESTIONE, reverse("gestione:home"))]
        if not self.sezione:
            return [*briciole, (self.luogo.nome, None)]
        url_luogo = reverse("gestione:luogo", kwargs={"slug": self.luogo.slug})
        return [*briciole, (self.luogo.nome, url_luogo), (self.sezione, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            luogo=self.luogo, briciole=self.get_briciole(), sezione=self.sezione, **kwargs
        )


class LuogoContenutiView(LuogoGestitoMixin, UpdateView):
    """Description, photo, contacts and accessibility facts of a place."""

    form_class = LuogoContenutiForm
    template_name = "quartieri/gestione/luogo.html"

    def get_object(self, queryset=None) -> Luogo:
        return self.luogo

    def form_valid(self, form: LuogoContenutiForm) -> HttpResponse:
        try:
            services.aggiorna_luogo(
                luogo=self.luogo,
                dati={nome: form.cleaned_data[nome] for nome in form.fields},
                utente=self.request.user,
            )
        except ValidationError as errore:
            form.add_error(None, errore)
            return self.form_invalid(form)
        messages.success(self.request, _("La pagina del luogo è stata aggiornata."))
        return redirect("gestione:luogo", slug=self.luogo.slug)

    def form_invalid(self, form: LuogoContenutiForm) -> HttpResponse:
        form.segnala_foto_da_riscegliere()
        return super().form_invalid(form)


class PosizioneView(LuogoGestitoMixin, UpdateView):
    """The point of a place's entrance: typed, or picked on the map (static/js/scegli-punto.js)."""

    form_class = LuogoPosizioneForm
    template_name = "quartieri/gestione/posizione.html"
    sezione = gettext_lazy("Posizione")

    def get_object(self, queryset=None) -> Luogo:
        return self.luogo

    def form_valid(self, form: LuogoPosizioneForm) -> HttpResponse:
        try:
            services.aggiorna_posizione(
                luogo=self.luogo,
                lat=form.cleaned_data["lat"],
                lon=form.cleaned_data["lon"],
                utente=self.request.user,
            )
        except ValidationError as errore:
            form.add_error(None, errore)
            return self.form_invalid(form)
        messages.success(self.request, _("La posizione del luogo è stata salvata."))
        return redirect("gestione:posizione", slug=self.luogo.slug)


class FormsetLuogoView(LuogoGestitoMixin, TemplateView):
    """One formset of a place's rows, saved as a whole by a service or not at all."""

    formset_class: type[BaseModelFormSet]
    prefix: str
    messaggio_salvato: str
    salva: Callable[..., Luogo]  # the service that saves the formset

    def get_formset_queryset(self):
        return None

    def get_formset(self, data=None) -> BaseModelFormSet:
        return self.formset_class(
            data, instance=self.luogo, prefix=self.prefix, queryset=self.get_formset_queryset()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        formset = self.get_formset(request.POST)
        if formset.is_valid():
            try:
                self.salva(luogo=self.luogo, formset=formset, utente=request.user)
            except ValidationError as errore:
                formset.non_form_errors().extend(errore.messages)
            else:
                messages.success(request, self.messaggio_salvato)
                return HttpResponseRedirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(formset=formset))

    def get_success_url(self) -> str:
        return self.request.path


class OrariView(FormsetLuogoView):
    """The weekly opening slots of a place."""

    template_name = "quartieri/gestione/orari.html"
    formset_class = FasceOrarieFormSet
    prefix = "fasce"
    sezione = gettext_lazy("Orari settimanali")
    messaggio_salvato = gettext_lazy("Gli orari sono stati salvati.")

    salva = staticmethod(services.salva_orari)


class EccezioniView(FormsetLuogoView):
    """Closures and special openings that are current or still to come."""

    template_name = "quartieri/gestione/eccezioni.html"
    formset_class = EccezioniFormSet
    prefix = "eccezioni"
    sezione = gettext_lazy("Chiusure e aperture straordinarie")
    messaggio_salvato = gettext_lazy("Le chiusure e le aperture straordinarie sono state salvate.")

    def get_formset_queryset(self):
        # Past exceptions are history: not shown, so they cannot be edited by mistake.
        return EccezioneOrario.objects.filter(data_fine__gte=timezone.localdate())

    def get_success_url(self) -> str:
        # A closure over dates already announced: list them at once, to cancel them.
        if date_in_chiusura(luogo=self.luogo, adesso=timezone.now()):
            messages.warning(
                self.request,
                _("Alcune date di attività cadono nei giorni di chiusura: scegli se annullarle."),
            )
            return reverse("gestione:date_in_chiusura", kwargs={"slug": self.luogo.slug})
        return self.request.path

    salva = staticmethod(services.salva_eccezioni)


class ServiziView(LuogoGestitoMixin, ListView):
    """The services offered at a place."""

    template_name = "quartieri/gestione/servizi.html"
    context_object_name = "servizi"
    sezione = gettext_lazy("Servizi")

    def get_queryset(self):
        return (
            self.luogo.servizi.select_related("categoria")
            .annotate(numero_fasce=Count("fasce_orarie"))
            .order_by("categoria__ordine", "titolo")
        )


class ServizioView(LuogoGestitoMixin, TemplateView):
    """Add a service to a place, or change one, with its own weekly slots."""

    template_name = "quartieri/gestione/servizio.html"
    sezione = gettext_lazy("Servizi")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.pk = kwargs.get("pk")
        return super().dispatch(request, *args, **kwargs)

    def get_servizio(self) -> Servizio:
        if self.pk is None:
            return Servizio(luogo=self.luogo)
        return get_object_or_404(self.luogo.servizi.all(), pk=self.pk)

    def get_briciole(self) -> list[tuple[str, str | None]]:
        url_servizi = reverse("gestione:servizi", kwargs={"slug": self.luogo.slug})
        return [*super().get_briciole()[:-1], (self.sezione, url_servizi), (self.titolo, None)]

    def _moduli(self, data=None, files=None) -> tuple[ServizioGestioneForm, BaseModelFormSet]:
        servizio = self.get_servizio()
        self.titolo = servizio.titolo if servizio.pk else _("Nuovo servizio")
        form = ServizioGestioneForm(data, files, instance=servizio)
        fasce = FasceServizioFormSet(data, instance=servizio, prefix="fasce")
        return form, fasce

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, fasce = self._moduli()
        return self.render_to_response(self.get_context_data(form=form, fasce=fasce))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, fasce = self._moduli(request.POST, request.FILES)
        if form.is_valid() and fasce.is_valid():
            try:
                services.salva_servizio(
                    servizio=form.instance,
                    fasce=fasce,
                    argomenti=form.cleaned_data["argomenti"],
                    utente=request.user,
                )
            except ValidationError as errore:
                if hasattr(errore, "error_dict"):
                    form.add_error(None, errore)
                else:
                    fasce.non_form_errors().extend(errore.messages)
            else:
                messages.success(request, _("Il servizio è stato salvato."))
                return redirect("gestione:servizi", slug=self.luogo.slug)
        return self.render_to_response(self.get_context_data(form=form, fasce=fasce))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(titolo=self.titolo, **kwargs)


class ServizioEliminaView(LuogoGestitoMixin, TemplateView):
    """Ask, then remove a service the place no longer offers."""

    template_name = "quartieri/gestione/servizio_elimina.html"
    sezione = gettext_lazy("Servizi")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.pk = kwargs["pk"]
        return super().dispatch(request, *args, **kwargs)

    def get_servizio(self) -> Servizio:
        return get_object_or_404(self.luogo.servizi.all(), pk=self.pk)

    def get_briciole(self) -> list[tuple[str, str | None]]:
        url_servizi = reverse("gestione:servizi", kwargs={"slug": self.luogo.slug})
        return [
            *super().get_briciole()[:-1],
            (self.sezione, url_servizi),
            (_("Elimina servizio"), None),
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(servizio=self.get_servizio(), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        servizio = self.get_servizio()
        services.elimina_servizio(servizio=servizio, utente=request.user)
        messages.success(
            request, _("Il servizio «%(titolo)s» è stato eliminato.") % {"titolo": servizio.titolo}
        )
        return redirect("gestione:servizi", slug=self.luogo.slug)
