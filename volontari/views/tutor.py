"""The tutors' area: their opportunities, applications, the approval queue, group hours.

Community managers use it for the opportunities at their places. Everything
is fetched through the scoped QuerySets, so another tutor's volunteer is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView, View

from portal.cache_pagine import PaginaPersonaleInCacheMixin
from portal.paginazione import numero_pagina
from portal.righe import chiave_riga
from portal.ruoli import usa_area_tutor
from volontari import services
from volontari.forms import (
    CorrezioneForm,
    DecisioneOreForm,
    OreGruppoForm,
    RispostaCandidaturaForm,
    TerminaIncaricoForm,
)
from volontari.models import Candidatura, Incarico, Opportunita, OreVolontariato, Volontario
from volontari.views.profilo import aggiungi_errori

VOCI_PER_PAGINA = 50
# The queue is the tutor's busiest table: 25 rows keep the page quick to render and to scan.
VOCI_DA_APPROVARE_PER_PAGINA = 25


class AreaTutorMixin(LoginRequiredMixin):
    """Tutors, community managers and staff only: anyone else signed in gets a 403."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.controlla_ruolo(request)
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def controlla_ruolo(request: HttpRequest) -> None:
        """403 for signed-in users without a role: anonymous users go on to the login."""
        user = request.user
        if user.is_authenticated and not usa_area_tutor(user):
            raise PermissionDenied

    def briciole(self, *ultime: tuple[str, str | None]) -> list[tuple[str, str | None]]:
        return [(_("Volontariato"), None), (_("Area tutor"), reverse("volontari:tutor")), *ultime]


def coda_approvazione(user) -> QuerySet[OreVolontariato, dict[str, Any]]:
    """The entries `user` may decide, as dicts of only the columns the queue's rows show:
    building four model instances per row was a fifth of the page's Python."""
    return (
        OreVolontariato.objects.approvabili_da(user)
        .values(
            "pk",
            "data",
            "ore",
            "attivita_svolta",
            "corregge_id",
            "motivo_correzione",
            volontario_id=F("incarico__volontario_id"),
            nome=F("incarico__volontario__nome"),
            cognome=F("incarico__volontario__cognome"),
            anonimizzato_il=F("incarico__volontario__anonimizzato_il"),
            opportunita=F("incarico__opportunita__titolo"),
        )
        .order_by("data", "pk")
    )


def righe_coda(voci: list[dict[str, Any]], spuntate: set[int]) -> list[dict[str, Any]]:
    """The queue's rows with their display values: formatted once here, the template
    only prints them (per-row tags and filters were most of the page's time).

    `chiave` holds every value the row prints, the tick included: the template keeps the
    rendered row under it (portal/righe.py)."""
    etichetta = _("%(chi)s, %(quando)s")
    url_volontari: dict[int, str] = {}
    # Rows come by date: many share one, formatted once.
    giorni: dict[Any, str] = {}
    righe = []
    for voce in voci:
        pk_volontario = voce["volontario_id"]
        if pk_volontario not in url_volontari:
            url_volontari[pk_volontario] = reverse(
                "volontari:tutor_volontario", kwargs={"pk": pk_volontario}
            )
        if voce["data"] not in giorni:
            giorni[voce["data"]] = formats.date_format(voce["data"], "j F Y")
        chi = Volontario.nome_mostrato(
            pk_volontario, voce["nome"], voce["cognome"], voce["anonimizzato_il"]
        )
        giorno = giorni[voce["data"]]
        riga = {
            "pk": voce["pk"],
            "spuntata": voce["pk"] in spuntate,
            "etichetta": etichetta % {"chi": chi, "quando": giorno},
            "volontario": chi,
            "url_volontario": url_volontari[pk_volontario],
            "giorno": giorno,
            "ore": voce["ore"],
            "correzione": voce["corregge_id"] is not None,
            "opportunita": voce["opportunita"],
            "attivita": Truncator(voce["attivita_svolta"]).chars(80),
            "motivo_correzione": voce["motivo_correzione"],
        }
        riga["chiave"] = chiave_riga(*riga.values())
        righe.append(riga)
    return righe


def pagina_coda(coda: QuerySet[OreVolontariato, dict[str, Any]], numero: str | None) -> Page:
    """Paginator(coda).get_page(numero) in one query instead of two: the total comes with
    the page's rows (COUNT(*) OVER ()), not from a separate COUNT(*)."""
    paginator = Paginator(coda, VOCI_DA_APPROVARE_PER_PAGINA)
    valido = numero_pagina(numero, per_pagina=paginator.per_page)
    if valido is not None:
        inizio = (valido - 1) * paginator.per_page
        voci = list(
            coda.annotate(totale_coda=Window(Count("pk")))[inizio : inizio + paginator.per_page]
        )
        if voci or valido == 1:
            # Paginator.count is a cached_property: set, it is never queried.
            paginator.count = voci[0]["totale_coda"] if voci else 0
            return Page(voci, valido, paginator)
    # Past the end (a stale link) or below 1: the last page, as get_page gives; not a
    # number: the first.
    pagina = paginator.get_page(numero)
    return Page(list(pagina.object_list), pagina.number, paginator)


class TutorView(AreaTutorMixin, PaginaPersonaleInCacheMixin, TemplateView):
    """/volontariato/tutor/: opportunities, applications to answer and the approval queue."""

    template_name = "volontari/tutor/home.html"
    parametri_letti = ("page",)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        opportunita = (
            Opportunita.objects.gestibili_da(user)
            .select_related("luogo")
            .only("titolo", "posti", "aperta", "luogo__nome")
            .annotate(
                volontari_attivi=Count("incarichi", filter=Q(incarichi__data_fine__isnull=True))
            )
            .order_by("titolo", "pk")
        )
        candidature = (
            Candidatura.objects.decidibili_da(user)
            .da_valutare()
            .select_related("volontario", "opportunita")
            .only(
                "created_at",
                "volontario__nome",
                "volontario__cognome",
                "volontario__anonimizzato_il",
                "opportunita__titolo",
            )
            .order_by("created_at", "pk")
        )
        pagina = pagina_coda(coda_approvazione(user), self.request.GET.get("page"))
        form = kwargs.pop("form", None) or DecisioneOreForm(voci=OreVolontariato.objects.none())
        return super().get_context_data(
            opportunita=opportunita,
            candidature=candidature[:VOCI_PER_PAGINA],
            pagina=pagina,
            righe_coda=righe_coda(list(pagina.object_list), form.spuntate()),
            form=form,
            briciole=[(_("Volontariato"), None), (_("Area tutor"), None)],
            **kwargs,
        )


class DecidiOreView(AreaTutorMixin, View):
    """POST /volontariato/tutor/ore/: approve or reject the chosen pending entries."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = DecisioneOreForm(
            request.POST, voci=OreVolontariato.objects.approvabili_da(request.user)
        )
        if form.is_valid():
            pks = [voce.pk for voce in form.cleaned_data["voci"]]
            try:
                if form.cleaned_data["azione"] == DecisioneOreForm.APPROVA:
                    numero = services.approva_ore(voci=pks, utente=request.user)
                    messages.success(request, _("Registrazioni approvate: %d.") % numero)
                else:
                    numero = services.rifiuta_ore(
                        voci=pks, utente=request.user, motivo=form.cleaned_data["motivo"]
                    )
                    messages.success(request, _("Registrazioni non approvate: %d.") % numero)
            except ValidationError as exc:
                aggiungi_errori(form, exc)
            else:
                return redirect(reverse("volontari:tutor"))
        vista = TutorView(request=request, kwargs={})
        return render(
            request, TutorView.template_name, vista.get_context_data(form=form), status=400
        )


class CandidaturaView(AreaTutorMixin, FormView):
    """/volontariato/tutor/candidature/<pk>/: accept or decline one application."""

    form_class = RispostaCandidaturaForm
    template_name = "volontari/tutor/candidatura.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.controlla_ruolo(request)
        if request.user.is_authenticated:
            self.candidatura = get_object_or_404(
                Candidatura.objects.decidibili_da(request.user).select_related(
                    "volontario", "opportunita"
                ),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: RispostaCandidaturaForm) -> HttpResponse:
        dati = form.cleaned_data
        try:
            if dati["esito"] == RispostaCandidaturaForm.ACCETTA:
                services.accetta_candidatura(
                    candidatura=self.candidatura,
                    utente=self.request.user,
                    risposta=dati["risposta"],
                    data_inizio=dati["data_inizio"],
                )
                messages.success(self.request, _("Candidatura accettata: incarico avviato."))
            else:
                services.rifiuta_candidatura(
                    candidatura=self.candidatura,
                    utente=self.request.user,
                    risposta=dati["risposta"],
                )
                messages.success(self.request, _("Risposta inviata al volontario."))
        except ValidationError as exc:
            aggiungi_errori(form, exc)
            return self.form_invalid(form)
        return redirect(reverse("volontari:tutor"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            candidatura=self.candidatura,
            briciole=self.briciole((_("Candidatura"), None)),
            **kwargs,
        )


class VolontarioView(AreaTutorMixin, DetailView):
    """/volontariato/tutor/volontari/<pk>/: a volunteer's hours in the user's opportunities."""

    template_name = "volontari/tutor/volontario.html"
    context_object_name = "volontario"

    def get_queryset(self) -> QuerySet[Volontario]:
        user = self.request.user
        # Only volunteers enrolled in this user's opportunities: applicants are answered
        # from the application page.
        return Volontario.objects.filter(
            pk__in=Incarico.objects.gestibili_da(user).values("volontario")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        incarichi = Incarico.objects.gestibili_da(self.request.user).filter(volontario=self.object)
        ore = (
            OreVolontariato.objects.filter(incarico__in=incarichi)
            .select_related("incarico__opportunita", "corregge")
            .order_by("-data", "-pk")
        )
        pagina = Paginator(ore, VOCI_PER_PAGINA).get_page(self.request.GET.get("page"))
        totali = (
            incarichi.select_related("opportunita")
            .annotate(
                ore_approvate=Sum("ore__ore", filter=Q(ore__stato=OreVolontariato.Stato.APPROVATA)),
                ore_in_attesa=Sum("ore__ore", filter=Q(ore__stato=OreVolontariato.Stato.IN_ATTESA)),
            )
            .order_by("-data_inizio", "pk")
        )
        return super().get_context_data(
            incarichi=totali,
            oggi=timezone.localdate(),
            pagina=pagina,
            briciole=self.briciole((str(self.object), None)),
            **kwargs,
        )


class OreGruppoView(AreaTutorMixin, FormView):
    """/volontariato/tutor/opportunita/<pk>/ore/: one activity, many volunteers' hours."""

    form_class = OreGruppoForm
    template_name = "volontari/tutor/ore_gruppo.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.controlla_ruolo(request)
        if request.user.is_authenticated:
            self.opportunita = get_object_or_404(
                Opportunita.objects.gestibili_da(request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        incarichi = list(
            self.opportunita.incarichi.filter(data_fine__isnull=True)
            .select_related("volontario", "opportunita__luogo")
            .order_by("volontario__cognome", "volontario__nome", "pk")
        )
        return {**super().get_form_kwargs(), "incarichi": incarichi}

    def form_valid(self, form: OreGruppoForm) -> HttpResponse:
        try:
            voci = services.registra_ore_gruppo(
                righe=form.righe(),
                data=form.cleaned_data["data"],
                attivita_svolta=form.cleaned_data["attivita_svolta"],
                utente=self.request.user,
            )
        except ValidationError as exc:
            aggiungi_errori(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Ore registrate per %d volontari.") % len(voci))
        return redirect(reverse("volontari:tutor"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            opportunita=self.opportunita,
            briciole=self.briciole((self.opportunita.titolo, None)),
            **kwargs,
        )


class TerminaIncaricoView(AreaTutorMixin, FormView):
    """/volontariato/tutor/incarichi/<pk>/termina/: record the last day of an active enrolment."""

    form_class = TerminaIncaricoForm
    template_name = "volontari/tutor/termina_incarico.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.controlla_ruolo(request)
        if request.user.is_authenticated:
            self.incarico = get_object_or_404(
                Incarico.objects.gestibili_da(request.user)
                .filter(data_fine__isnull=True)
                .select_related("volontario", "opportunita"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"data_fine": timezone.localdate()}

    def form_valid(self, form: TerminaIncaricoForm) -> HttpResponse:
        try:
            services.termina_incarico(
                incarico=self.incarico,
                utente=self.request.user,
                data_fine=form.cleaned_data["data_fine"],
            )
        except ValidationError as exc:
            aggiungi_errori(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Incarico terminato."))
        return redirect(
            reverse("volontari:tutor_volontario", kwargs={"pk": self.incarico.volontario_id})
        )

    def form_invalid(self, form: TerminaIncaricoForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        url_volontario = reverse(
            "volontari:tutor_volontario", kwargs={"pk": self.incarico.volontario_id}
        )
        return super().get_context_data(
            incarico=self.incarico,
            briciole=self.briciole(
                (str(self.incarico.volontario), url_volontario), (_("Termina l'incarico"), None)
            ),
            **kwargs,
        )


# The service names the model's fields; the form calls them differently.
CAMPI_CORREZIONE = {"ore": "delta", "motivo_correzione": "motivo"}


class CorreggiOreView(AreaTutorMixin, FormView):
    """/volontariato/tutor/ore/<pk>/correggi/: correct an approved entry with a new one."""

    form_class = CorrezioneForm
    template_name = "volontari/tutor/correggi_ore.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.controlla_ruolo(request)
        if request.user.is_authenticated:
            self.voce = get_object_or_404(
                OreVolontariato.objects.approvate()
                .filter(
                    corregge__isnull=True,
                    incarico__in=Incarico.objects.gestibili_da(request.user),
                )
                .select_related("incarico__volontario", "incarico__opportunita"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: CorrezioneForm) -> HttpResponse:
        try:
            services.correggi_ore(
                originale=self.voce,
                delta=form.cleaned_data["delta"],
                motivo=form.cleaned_data["motivo"],
                utente=self.request.user,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                exc = ValidationError(
                    {CAMPI_CORREZIONE.get(campo, campo): e for campo, e in exc.error_dict.items()}
                )
            aggiungi_errori(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Correzione registrata: aspetta l'approvazione come le altre ore.")
        )
        return redirect(
            reverse("volontari:tutor_volontario", kwargs={"pk": self.voce.incarico.volontario_id})
        )

    def form_invalid(self, form: CorrezioneForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        volontario = self.voce.incarico.volontario
        url_volontario = reverse("volontari:tutor_volontario", kwargs={"pk": volontario.pk})
        return super().get_context_data(
            voce=self.voce,
            briciole=self.briciole((str(volontario), url_volontario), (_("Correzione"), None)),
            **kwargs,
        )
