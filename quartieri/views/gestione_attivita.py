"""The management area for activities: the week, logs, desk contacts, the month's numbers.

Places are fetched through `Luogo.objects.gestibili_da(user)` (LuogoGestitoMixin)
and everything else through that place, so another manager's records are a
404; writes go through quartieri.services.attivita.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import ListView, TemplateView

from portal.forms import id_inviato
from quartieri.forms.attivita import (
    AnnullaForm,
    AttivitaForm,
    ContattoCategoriaForm,
    ContattoForm,
    DateInChiusuraForm,
    ResocontoForm,
    SettimanaForm,
    SpostaForm,
)
from quartieri.models import (
    Attivita,
    ContattoSportello,
    EccezioneOrario,
    Luogo,
    Occorrenza,
    Resoconto,
    Servizio,
)
from quartieri.orari import descrivi_chiusura
from quartieri.services import attivita as services_attivita
from quartieri.views.gestione import TITOLO_GESTIONE, AreaGestioneMixin, LuogoGestitoMixin

# How far back the "still waiting for their log" list looks: older dates are
# for staff to chase in the admin, not for the manager's phone.
GIORNI_DA_REGISTRARE = 60
MASSIMO_DA_REGISTRARE = 30


def _inizio_giorno(giorno: dt.date) -> dt.datetime:
    return dt.datetime.combine(giorno, dt.time.min, timezone.get_current_timezone())


def _aggiungi_errori(form, errore: ValidationError) -> None:
    """Show a service's errors on the fields they name, the rest above the form."""
    if not hasattr(errore, "error_dict"):
        form.add_error(None, errore)
        return
    for campo, errori in errore.error_dict.items():
        form.add_error(campo if campo in form.fields else None, errori)


# The ledger's approved state (volontari.OreVolontariato.Stato.APPROVATA), named by its
# value: quartieri does not import volontari, it follows the reverse relation by name.
ORE_REGISTRO_APPROVATE = Q(ore_volontari__stato="approvata")


def _ore_registro_approvate() -> Subquery:
    """Approved ledger hours linked to the outer occurrence's log: a scalar subquery, so
    the ledger rows do not multiply the occurrences counted beside it."""
    return Subquery(
        Resoconto.objects.filter(occorrenza=OuterRef("pk"))
        .order_by()
        .values("occorrenza")
        .annotate(totale=Sum("ore_volontari__ore", filter=ORE_REGISTRO_APPROVATE))
        .values("totale")
    )


def numeri_del_mese(user, adesso: dt.datetime) -> dict[str, dict[str, Any]]:
    """This month so far against last month, for the places `user` manages: two queries.

    Volunteer hours are the log's free number (volunteers not in the register) plus
    the approved ledger hours linked to the log.
    """
    oggi = timezone.localtime(adesso).date()
    mese = oggi.replace(day=1)
    precedente = (mese - dt.timedelta(days=1)).replace(day=1)
    dal, confine = _inizio_giorno(precedente), _inizio_giorno(mese)
    corrente, passato = Q(inizio__gte=confine), Q(inizio__lt=confine)
    attivita = (
        Occorrenza.objects.modificabili_da(user)
        .confermate()
        .filter(inizio__gte=dal, inizio__lt=adesso)
        .annotate(
            ore_totali=Coalesce("resoconto__ore_volontariato", Value(Decimal("0")))
            + Coalesce(_ore_registro_approvate(), Value(Decimal("0")))
        )
        .aggregate(
            attivita_corrente=Count("pk", filter=corrente),
            attivita_passato=Count("pk", filter=passato),
            partecipanti_corrente=Sum("resoconto__partecipanti_totale", filter=corrente),
            partecipanti_passato=Sum("resoconto__partecipanti_totale", filter=passato),
            ore_corrente=Sum("ore_totali", filter=corrente),
            ore_passato=Sum("ore_totali", filter=passato),
        )
    )
    contatti = (
        ContattoSportello.objects.modificabili_da(user)
        .filter(momento__gte=dal, momento__lte=adesso)
        .aggregate(
            contatti_corrente=Count("pk", filter=Q(momento__gte=confine)),
            contatti_passato=Count("pk", filter=Q(momento__lt=confine)),
        )
    )
    valori = {**attivita, **contatti}
    righe = {
        "attivita": _("Attività svolte"),
        "partecipanti": _("Partecipanti"),
        "contatti": _("Contatti allo sportello"),
        "ore": _("Ore di volontariato"),
    }
    return {
        "mese": mese,
        "precedente": precedente,
        "righe": [
            {
                "nome": nome,
                "corrente": valori[f"{chiave}_corrente"] or 0,
                "passato": valori[f"{chiave}_passato"] or 0,
            }
            for chiave, nome in righe.items()
        ],
    }


class SettimanaView(AreaGestioneMixin, TemplateView):
    """The week of the user's places at a glance, the logs still to write, the month's numbers."""

    template_name = "quartieri/gestione/attivita_settimana.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        adesso = timezone.now()
        oggi = timezone.localdate()
        scelta = SettimanaForm(self.request.GET)
        if self.request.GET.get("settimana") and not scelta.is_valid():
            messages.warning(
                self.request,
                _("La data indicata non è valida (serve AAAA-MM-GG): ecco la settimana corrente."),
            )
        lunedi = scelta.lunedi(oggi)
        occorrenze = list(
            Occorrenza.objects.modificabili_da(user)
            .nel_periodo(_inizio_giorno(lunedi), _inizio_giorno(lunedi + dt.timedelta(days=7)))
            .select_related("attivita__luogo", "resoconto")
            .con_posti()
            .order_by("inizio", "pk")
        )
        giorni = []
        for n in range(7):
            giorno = lunedi + dt.timedelta(days=n)
            giorni.append(
                {
                    "data": giorno,
                    "oggi": giorno == oggi,
                    "occorrenze": [
                        o for o in occorrenze if timezone.localtime(o.inizio).date() == giorno
                    ],
                }
            )
        da_registrare = (
            Occorrenza.objects.modificabili_da(user)
            .da_registrare(adesso)
            .filter(fine__gte=adesso - dt.timedelta(days=GIORNI_DA_REGISTRARE))
            .select_related("attivita__luogo")
            .order_by("-inizio")[:MASSIMO_DA_REGISTRARE]
        )
        return super().get_context_data(
            briciole=[
                (TITOLO_GESTIONE, reverse("gestione:home")),
                (_("La settimana"), None),
            ],
            giorni=giorni,
            lunedi=lunedi,
            domenica=lunedi + dt.timedelta(days=6),
            settimana_prima=lunedi - dt.timedelta(days=7),
            settimana_dopo=lunedi + dt.timedelta(days=7),
            da_registrare=da_registrare,
            adesso=adesso,
            numeri=numeri_del_mese(user, adesso),
            **kwargs,
        )


class AttivitaListView(LuogoGestitoMixin, ListView):
    """The activities of one place: those with dates ahead first."""

    template_name = "quartieri/gestione/attivita_lista.html"
    context_object_name = "elenco_attivita"
    paginate_by = 30
    sezione = gettext_lazy("Attività")

    def get_queryset(self):
        adesso = timezone.now()
        return (
            Attivita.objects.filter(luogo=self.luogo)
            .annotate(
                prossima=Min(
                    "occorrenze__inizio",
                    filter=Q(occorrenze__inizio__gte=adesso, occorrenze__annullata=False),
                ),
                numero_date=Count("occorrenze"),
            )
            .order_by(F("prossima").asc(nulls_last=True), "-inizio", "pk")
        )


class AttivitaOggettoMixin(LuogoGestitoMixin):
    """Loads the activity (or one of its dates) named in the URL, within the managed place."""

    def get_briciole(self) -> list[tuple[str, str | None]]:
        briciole = super().get_briciole()
        url_lista = reverse("gestione:attivita_lista", kwargs={"slug": self.luogo.slug})
        return [*briciole[:-1], (_("Attività"), url_lista), briciole[-1]]

    def occorrenza(self) -> Occorrenza:
        occorrenza = get_object_or_404(
            Occorrenza.objects.filter(attivita__luogo=self.luogo).select_related("attivita"),
            pk=self.kwargs["pk"],
        )
        occorrenza.attivita.luogo = self.luogo
        return occorrenza


class AttivitaFormView(AttivitaOggettoMixin, TemplateView):
    """Create (no pk) or edit an activity of the place; the edit page lists its dates."""

    template_name = "quartieri/gestione/attivita_form.html"
    attivita: Attivita

    def get_sezione(self) -> str:
        return self.attivita.titolo if self.attivita.pk else _("Nuova attività")

    def _carica(self) -> None:
        pk = self.kwargs.get("pk")
        if pk is None:
            self.attivita = Attivita(luogo=self.luogo)
        else:
            self.attivita = get_object_or_404(Attivita.objects.filter(luogo=self.luogo), pk=pk)
            self.attivita.luogo = self.luogo
        self.sezione = self.get_sezione()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._carica()
        return self.render_to_response(
            self.get_context_data(form=AttivitaForm(instance=self.attivita))
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._carica()
        form = AttivitaForm(request.POST, instance=self.attivita)
        gia_presenti = set()
        if self.attivita.pk:
            gia_presenti = set(self.attivita.occorrenze.values_list("pk", flat=True))
        if form.is_valid():
            try:
                attivita = services_attivita.salva_attivita(
                    attivita=form.instance,
                    argomenti=form.cleaned_data["argomenti"],
                    utente=request.user,
                )
            except ValidationError as errore:
                _aggiungi_errori(form, errore)
            else:
                messages.success(request, _("L'attività è stata salvata."))
                avvisa_chiusure(request, self.luogo, attivita.occorrenze.all(), gia_presenti)
                return redirect("gestione:attivita", slug=self.luogo.slug, pk=attivita.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        occorrenze = []
        if self.attivita.pk:
            occorrenze = (
                self.attivita.occorrenze.select_related("resoconto").con_posti().order_by("inizio")
            )
        return super().get_context_data(
            attivita=self.attivita, occorrenze=occorrenze, adesso=timezone.now(), **kwargs
        )


class AttivitaAnnullaView(AttivitaOggettoMixin, TemplateView):
    """Cancel every future date of an activity, after a confirmation."""

    template_name = "quartieri/gestione/attivita_annulla.html"
    sezione = gettext_lazy("Annulla l'attività")

    def _attivita(self) -> Attivita:
        attivita = get_object_or_404(
            Attivita.objects.filter(luogo=self.luogo), pk=self.kwargs["pk"]
        )
        attivita.luogo = self.luogo
        return attivita

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(form=AnnullaForm(), oggetto=self._attivita(), serie=True)
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        attivita = self._attivita()
        form = AnnullaForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, oggetto=attivita, serie=True), status=400
            )
        numero = services_attivita.annulla_attivita(
            attivita=attivita, utente=request.user, motivo=form.cleaned_data["motivo"]
        )
        messages.success(request, _("Date annullate: %(n)d.") % {"n": numero})
        return redirect("gestione:attivita", slug=self.luogo.slug, pk=attivita.pk)


class OccorrenzaAnnullaView(AttivitaOggettoMixin, TemplateView):
    """Cancel one date of an activity."""

    template_name = "quartieri/gestione/attivita_annulla.html"
    sezione = gettext_lazy("Annulla una data")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(form=AnnullaForm(), oggetto=self.occorrenza(), serie=False)
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        occorrenza = self.occorrenza()
        form = AnnullaForm(request.POST)
        if form.is_valid():
            try:
                services_attivita.annulla_occorrenza(
                    occorrenza=occorrenza, utente=request.user, motivo=form.cleaned_data["motivo"]
                )
            except ValidationError as errore:
                _aggiungi_errori(form, errore)
            else:
                messages.success(request, _("La data è stata annullata."))
                return redirect(
                    "gestione:attivita", slug=self.luogo.slug, pk=occorrenza.attivita_id
                )
        return self.render_to_response(
            self.get_context_data(form=form, oggetto=occorrenza, serie=False), status=400
        )


class OccorrenzaSpostaView(AttivitaOggettoMixin, TemplateView):
    """Move one date of an activity to another day or time."""

    template_name = "quartieri/gestione/attivita_sposta.html"
    sezione = gettext_lazy("Sposta una data")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        occorrenza = self.occorrenza()
        form = SpostaForm(
            initial={
                "inizio": timezone.localtime(occorrenza.inizio),
                "fine": timezone.localtime(occorrenza.fine),
            }
        )
        return self.render_to_response(self.get_context_data(form=form, occorrenza=occorrenza))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        occorrenza = self.occorrenza()
        form = SpostaForm(request.POST)
        if form.is_valid():
            try:
                services_attivita.sposta_occorrenza(
                    occorrenza=occorrenza, utente=request.user, **form.cleaned_data
                )
            except ValidationError as errore:
                _aggiungi_errori(form, errore)
            else:
                messages.success(request, _("La data è stata spostata."))
                avvisa_chiusure(request, self.luogo, Occorrenza.objects.filter(pk=occorrenza.pk))
                return redirect(
                    "gestione:attivita", slug=self.luogo.slug, pk=occorrenza.attivita_id
                )
        return self.render_to_response(
            self.get_context_data(form=form, occorrenza=occorrenza), status=400
        )


def avvisa_chiusure(
    request: HttpRequest,
    luogo: Luogo,
    occorrenze: QuerySet[Occorrenza],
    gia_presenti: set[int] | frozenset = frozenset(),
) -> None:
    """Warn the manager of upcoming dates a closure or a shorter opening of the place affects.

    A date laid out already cancelled is reported once, when it is created
    (not in `gia_presenti`); later saves of the activity do not repeat it.
    """
    for occorrenza, eccezione in services_attivita.date_sulle_eccezioni(
        occorrenze=occorrenze, luogo=luogo, adesso=timezone.now()
    ):
        if occorrenza.annullata and occorrenza.pk in gia_presenti:
            continue
        quando = formats.date_format(timezone.localtime(occorrenza.inizio), "j F Y, H:i")
        if occorrenza.annullata:
            messaggio = _("La data del %(quando)s è stata annullata: %(chiusura)s.")
        else:
            messaggio = _("Attenzione, la data del %(quando)s cade in un giorno con %(chiusura)s.")
        messages.warning(
            request,
            messaggio % {"quando": quando, "chiusura": descrivi_chiusura(eccezione, luogo)},
        )


class DateInChiusuraView(LuogoGestitoMixin, TemplateView):
    """Upcoming dates on the place's closures, with the choice to cancel them."""

    template_name = "quartieri/gestione/date_in_chiusura.html"
    sezione = gettext_lazy("Date nei giorni di chiusura")

    def _date(self) -> list[tuple[Occorrenza, Any]]:
        return services_attivita.date_in_chiusura(luogo=self.luogo, adesso=timezone.now())

    def _form(self, date, data=None) -> DateInChiusuraForm:
        return DateInChiusuraForm(
            data,
            scelte=[(occorrenza.pk, str(occorrenza)) for occorrenza, _e in date],
            # Dates on a full closure are ticked: they cannot take place as announced.
            initial={
                "occorrenze": [o.pk for o, e in date if e.tipo == EccezioneOrario.Tipo.CHIUSURA]
            },
        )

    def _contesto(self, date, form: DateInChiusuraForm) -> dict[str, Any]:
        righe = [
            (casella, occorrenza, eccezione)
            for casella, (occorrenza, eccezione) in zip(form["occorrenze"], date, strict=True)
        ]
        return self.get_context_data(form=form, righe=righe)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        date = self._date()
        return self.render_to_response(self._contesto(date, self._form(date)))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        date = self._date()
        form = self._form(date, request.POST)
        if not form.is_valid():
            return self.render_to_response(self._contesto(date, form), status=400)
        numero = services_attivita.annulla_date_in_chiusura(
            luogo=self.luogo, pk_occorrenze=form.cleaned_data["occorrenze"], utente=request.user
        )
        messages.success(
            request,
            ngettext(
                "%(n)d data annullata: chi era iscritto riceve un'e-mail.",
                "%(n)d date annullate: chi era iscritto riceve un'e-mail.",
                numero,
            )
            % {"n": numero},
        )
        return redirect("gestione:date_in_chiusura", slug=self.luogo.slug)


class ResocontoView(AttivitaOggettoMixin, TemplateView):
    """Record what happened at one date; after 7 days only staff may correct it."""

    template_name = "quartieri/gestione/attivita_resoconto.html"
    sezione = gettext_lazy("Resoconto")

    def _carica(self) -> tuple[Occorrenza, Resoconto]:
        occorrenza = self.occorrenza()
        # Ledger hours linked to the log, by the reverse relation's name (quartieri does
        # not import volontari): "in_attesa" is the ledger's pending state.
        resoconto = (
            Resoconto.objects.filter(occorrenza=occorrenza)
            .annotate(
                ore_registro_approvate=Sum("ore_volontari__ore", filter=ORE_REGISTRO_APPROVATE),
                ore_registro_in_attesa=Sum(
                    "ore_volontari__ore", filter=Q(ore_volontari__stato="in_attesa")
                ),
            )
            .first()
        )
        if resoconto is None:
            confermati = occorrenza.iscrizioni.confermate().posti()
            resoconto = Resoconto(occorrenza=occorrenza, partecipanti_totale=confermati or None)
        resoconto.occorrenza = occorrenza
        return occorrenza, resoconto

    def _modificabile(self, resoconto: Resoconto) -> bool:
        return resoconto.pk is None or resoconto.modificabile_da(self.request.user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        occorrenza, resoconto = self._carica()
        form = ResocontoForm(instance=resoconto)
        if resoconto.pk is None and resoconto.partecipanti_totale:
            form.initial["partecipanti_totale"] = resoconto.partecipanti_totale
        return self.render_to_response(
            self.get_context_data(
                form=form,
                occorrenza=occorrenza,
                resoconto=resoconto,
                modificabile=self._modificabile(resoconto),
            )
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        occorrenza, resoconto = self._carica()
        if not self._modificabile(resoconto):
            raise PermissionDenied(
                _("Il resoconto si può correggere solo dal suo autore, entro 7 giorni.")
            )
        form = ResocontoForm(request.POST, instance=resoconto)
        if form.is_valid():
            try:
                services_attivita.registra_resoconto(resoconto=form.instance, utente=request.user)
            except ValidationError as errore:
                _aggiungi_errori(form, errore)
            else:
                messages.success(request, _("Resoconto salvato. Grazie!"))
                return redirect("gestione:settimana")
        return self.render_to_response(
            self.get_context_data(
                form=form, occorrenza=occorrenza, resoconto=resoconto, modificabile=True
            ),
            status=400,
        )


class SportelloView(LuogoGestitoMixin, TemplateView):
    """One button per service: each press counts one desk contact, with no personal data."""

    template_name = "quartieri/gestione/attivita_sportello.html"
    sezione = gettext_lazy("Sportello")

    def _servizi(self) -> list[Servizio]:
        inizio_oggi = _inizio_giorno(timezone.localdate())
        return list(
            Servizio.objects.filter(luogo=self.luogo)
            .select_related("categoria")
            .annotate(
                contatti_oggi=Count(
                    "contatti_sportello",
                    filter=Q(contatti_sportello__momento__gte=inizio_oggi),
                )
            )
            .order_by("categoria__ordine", "titolo")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        servizi = self._servizi()
        errato = kwargs.pop("errato", None)
        for servizio in servizi:
            servizio.modulo = (
                errato
                if errato is not None and errato.prefix == f"s{servizio.pk}"
                else ContattoForm(prefix=f"s{servizio.pk}")
            )
        altro = errato if errato is not None and errato.prefix == "altro" else None
        return super().get_context_data(
            servizi=servizi,
            modulo_altro=altro or ContattoCategoriaForm(prefix="altro"),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        servizio = None
        if request.POST.get("servizio") == "altro":
            form = ContattoCategoriaForm(request.POST, prefix="altro")
        else:
            servizio = get_object_or_404(
                Servizio.objects.filter(luogo=self.luogo).select_related("categoria"),
                pk=id_inviato(request.POST.get("servizio", "")),
            )
            form = ContattoForm(request.POST, prefix=f"s{servizio.pk}")
        if form.is_valid():
            try:
                services_attivita.registra_contatto(
                    luogo=self.luogo,
                    utente=request.user,
                    servizio=servizio,
                    categoria=form.cleaned_data.get("categoria"),
                    durata=form.cleaned_data["durata"],
                    lingua=form.cleaned_data["lingua"],
                    inviato_a_ufficio_comunale=form.cleaned_data["inviato_a_ufficio_comunale"],
                )
            except ValidationError as errore:
                _aggiungi_errori(form, errore)
            else:
                argomento = servizio.titolo if servizio else form.cleaned_data["categoria"].nome
                messages.success(
                    request, _("Contatto registrato: %(argomento)s.") % {"argomento": argomento}
                )
                return redirect("gestione:sportello", slug=self.luogo.slug)
        return self.render_to_response(self.get_context_data(errato=form), status=400)
