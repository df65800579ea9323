"""Management of participation bodies: coordinators keep meetings and requests, offices answer.

A body's pages fetch it through `Organismo.objects.gestibili_da(user)`, so
another body is a 404; a request is answered only through
`Richiesta.objects.rispondibili_da(user)`. Writes go through
quartieri.services.partecipazione.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from portal.ruoli import e_staff_comunale
from quartieri.forms.partecipazione import RichiestaForm, RispostaForm, RiunioneForm
from quartieri.models import Organismo, Richiesta, Riunione
from quartieri.services import partecipazione as servizi

TITOLO = gettext_lazy("Gestione della partecipazione")


def _aggiungi_errore(form, errore: ValidationError) -> None:
    """Show a service's error on its field when the form has it, else above the form."""
    if not hasattr(errore, "error_dict"):
        form.add_error(None, errore)
        return
    for campo, errori in errore.error_dict.items():
        form.add_error(campo if campo in form.fields else None, errori)


def _briciole(*voci: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(TITOLO, reverse("gestione:partecipazione")), *voci]


class PartecipazioneHomeView(LoginRequiredMixin, TemplateView):
    """The bodies the user coordinates and the requests addressed to them."""

    template_name = "quartieri/partecipazione/gestione_home.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.get_context_data(**kwargs)
        if not (e_staff_comunale(request.user) or context["organismi"] or context["richieste"]):
            return render(
                request,
                "quartieri/partecipazione/gestione_negato.html",
                {"briciole": [(TITOLO, None)]},
                status=403,
            )
        return self.render_to_response(context)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        utente = self.request.user
        oggi = timezone.localdate()
        organismi = (
            Organismo.objects.gestibili_da(utente, oggi)
            .annotate(
                richieste_aperte=Count(
                    "richieste", filter=Q(richieste__stato__in=["inviata", "presa_in_carico"])
                )
            )
            .order_by("nome")
        )
        richieste = (
            Richiesta.objects.rispondibili_da(utente)
            .aperte()
            .con_tempi(oggi)
            .select_related("organismo", "ufficio")
            .order_by("scadenza", "pk")
        )
        return super().get_context_data(
            organismi=list(organismi),
            richieste=list(richieste),
            briciole=[(TITOLO, None)],
            **kwargs,
        )


class OrganismoGestitoMixin(LoginRequiredMixin):
    """Loads the body named in the URL among those the user manages (else 404)."""

    organismo: Organismo

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organismo = get_object_or_404(
            Organismo.objects.gestibili_da(request.user), slug=kwargs["slug"]
        )
        return super().dispatch(request, *args, **kwargs)

    def url_organismo(self) -> str:
        return reverse("gestione:partecipazione_organismo", kwargs={"slug": self.organismo.slug})


class OrganismoGestioneView(OrganismoGestitoMixin, TemplateView):
    """A body's meetings and requests, with links to write minutes and new requests."""

    template_name = "quartieri/partecipazione/gestione_organismo.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        oggi = timezone.localdate()
        riunioni = self.organismo.riunioni.select_related("luogo").order_by("-inizio")[:50]
        richieste = (
            self.organismo.richieste.con_tempi(oggi)
            .select_related("ufficio", "responsabile")
            .order_by("-inviata_il", "-pk")[:50]
        )
        return super().get_context_data(
            organismo=self.organismo,
            riunioni=list(riunioni),
            richieste=list(richieste),
            briciole=_briciole((self.organismo.nome, None)),
            **kwargs,
        )


class RiunioneFormView(OrganismoGestitoMixin, TemplateView):
    """Plan a meeting, or write its attendance, minutes and decisions."""

    template_name = "quartieri/partecipazione/gestione_riunione.html"

    def get_riunione(self) -> Riunione:
        pk = self.kwargs.get("pk")
        if pk is None:
            return Riunione(organismo=self.organismo)
        return get_object_or_404(self.organismo.riunioni.all(), pk=pk)

    def _form(self, data=None, files=None) -> RiunioneForm:
        return RiunioneForm(data, files, instance=self.get_riunione(), organismo=self.organismo)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = kwargs.setdefault("form", self._form())
        titolo = _("Riunione") if form.instance.pk else _("Nuova riunione")
        return super().get_context_data(
            organismo=self.organismo,
            titolo=titolo,
            briciole=_briciole((self.organismo.nome, self.url_organismo()), (titolo, None)),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST, request.FILES)
        if form.is_valid():
            riunione = form.save(commit=False)
            try:
                servizi.salva_riunione(
                    riunione=riunione, presenti=form.cleaned_data["presenti"], utente=request.user
                )
            except ValidationError as errore:
                _aggiungi_errore(form, errore)
            else:
                messages.success(request, _("La riunione è stata salvata."))
                return redirect(self.url_organismo())
        return self.render_to_response(self.get_context_data(form=form))


class RichiestaNuovaView(OrganismoGestitoMixin, TemplateView):
    """Send a request to an office of the Comune, from a meeting's decisions."""

    template_name = "quartieri/partecipazione/gestione_richiesta_nuova.html"

    def _form(self, data=None) -> RichiestaForm:
        iniziali = {
            "inviata_il": timezone.localdate(),
            "riunione": self.request.GET.get("riunione"),
        }
        return RichiestaForm(data, initial=iniziali, organismo=self.organismo)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", self._form())
        return super().get_context_data(
            organismo=self.organismo,
            briciole=_briciole(
                (self.organismo.nome, self.url_organismo()), (_("Nuova richiesta"), None)
            ),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            try:
                servizi.registra_richiesta(richiesta=form.instance, utente=request.user)
            except ValidationError as errore:
                _aggiungi_errore(form, errore)
            else:
                messages.success(request, _("La richiesta è stata registrata."))
                return redirect(self.url_organismo())
        return self.render_to_response(self.get_context_data(form=form))


class RichiestaChiudiView(OrganismoGestitoMixin, View):
    """POST: the body closes one of its requests."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        richiesta = get_object_or_404(self.organismo.richieste.all(), pk=kwargs["pk"])
        try:
            servizi.chiudi(richiesta=richiesta, utente=request.user)
        except ValidationError as errore:
            messages.error(request, " ".join(errore.messages))
        else:
            messages.success(request, _("La richiesta è stata chiusa."))
        return redirect(self.url_organismo())


class RichiestaRispostaView(LoginRequiredMixin, TemplateView):
    """An office owner acknowledges and answers a request; the body's coordinators may read it."""

    template_name = "quartieri/partecipazione/gestione_risposta.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        visibili = Richiesta.objects.filter(
            Q(pk__in=Richiesta.objects.rispondibili_da(request.user).values("pk"))
            | Q(pk__in=Richiesta.objects.gestibili_da(request.user).values("pk"))
        )
        self.richiesta = get_object_or_404(
            visibili.con_tempi(timezone.localdate()).select_related(
                "organismo", "ufficio", "responsabile", "riunione"
            ),
            pk=kwargs["pk"],
        )
        if request.method == "POST" and not self.richiesta.rispondibile_da(request.user):
            raise PermissionDenied(_("La richiesta è assegnata a un altro responsabile."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", RispostaForm())
        return super().get_context_data(
            richiesta=self.richiesta,
            puo_rispondere=self.richiesta.rispondibile_da(self.request.user),
            briciole=_briciole((self.richiesta.titolo, None)),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "presa_in_carico" in request.POST:
            try:
                servizi.prendi_in_carico(richiesta=self.richiesta, utente=request.user)
            except ValidationError as errore:
                messages.error(request, " ".join(errore.messages))
            else:
                messages.success(request, _("La richiesta è presa in carico."))
            return redirect(request.path)
        form = RispostaForm(request.POST)
        if form.is_valid():
            try:
                servizi.rispondi(
                    richiesta=self.richiesta,
                    testo=form.cleaned_data["risposta"],
                    utente=request.user,
                )
            except ValidationError as errore:
                _aggiungi_errore(form, errore)
            else:
                messages.success(request, _("La risposta è stata pubblicata."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))
