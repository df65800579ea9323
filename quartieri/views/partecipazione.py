"""Public pages of the participation bodies: the list, a body's page, the requests, the feeds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import icalendar
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from portal.cache_pagine import PaginaPubblicaInCacheMixin
from portal.indirizzo import host_pubblico, url_pubblico
from portal.righe import ModuloFiltriInCacheMixin
from quartieri.calendario import finestra
from quartieri.filters.partecipazione import OrganismoFilter, RichiestaFilter
from quartieri.models import Membro, Organismo, Patto, Richiesta, Riunione
from quartieri.orari import fuso_orario
from quartieri.views.attivita import link_feed

PER_PAGINA = 20
# A body's page shows the nearest meetings and the latest minutes; older ones stay in the
# admin and the feeds: the page must not grow with years of history.
PROSSIME_IN_PAGINA = 10
PASSATE_IN_PAGINA = 20
RICHIESTE_IN_PAGINA = 30


def _querystring_senza_pagina(request: HttpRequest) -> str:
    parametri = request.GET.copy()
    parametri.pop("page", None)
    return parametri.urlencode()


@dataclass
class GruppoMembri:
    """The members of one role as the public sees them: names with consent, else a count."""

    ruolo: str
    nomi: list[str] = field(default_factory=list)
    residenti: int = 0


def composizione(membri: list[Membro]) -> list[GruppoMembri]:
    """Group members by role; a person without consent is only counted, never named."""
    gruppi: dict[str, GruppoMembri] = {}
    for membro in membri:
        gruppo = gruppi.setdefault(membro.ruolo, GruppoMembri(membro.get_ruolo_display()))
        persona = membro.utente.nome_pubblico if membro.utente and membro.nome_pubblico else None
        if membro.ente:
            gruppo.nomi.append(f"{persona} ({membro.ente.nome})" if persona else membro.ente.nome)
        elif persona:
            gruppo.nomi.append(str(persona))
        else:
            gruppo.residenti += 1
    ordine = [valore for valore, _etichetta in Membro.Ruolo.choices]
    return [gruppi[r] for r in ordine if r in gruppi]


class OrganismoListView(PaginaPubblicaInCacheMixin, ModuloFiltriInCacheMixin, FilterView):
    """/partecipazione/: published bodies with their next meeting, by kind and area."""

    filterset_class = OrganismoFilter
    paginate_by = PER_PAGINA
    template_name = "quartieri/partecipazione/organismi.html"

    def get_queryset(self) -> QuerySet[Organismo]:
        return (
            Organismo.objects.pubblicati()
            .con_prossima_riunione(timezone.now())
            .select_related("luogo_abituale")
            .prefetch_related("ambiti", "quartieri")
            .order_by("nome", "pk")
        )

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        return super().get_context_data(
            querystring=_querystring_senza_pagina(self.request),
            feed=link_feed(self.request, reverse("quartieri:partecipazione_ics")),
            briciole=[(_("Partecipazione"), None)],
            **kwargs,
        )


class OrganismoDetailView(DetailView):
    """/partecipazione/<slug>/: members, meetings with minutes, requests and pacts of a body."""

    template_name = "quartieri/partecipazione/organismo.html"
    context_object_name = "organismo"

    def get_queryset(self) -> QuerySet[Organismo]:
        oggi = timezone.localdate()
        membri = (
            Membro.objects.in_carica(oggi).select_related("ente", "utente").order_by("ruolo", "pk")
        )
        accordi = Patto._meta.get_field("accordi").related_model
        progetti = Patto._meta.get_field("progetti").related_model
        patti = Patto.objects.order_by("-anno").prefetch_related(
            # Only what the agreements' own pages publish (quartieri does not import accordi).
            Prefetch("accordi", queryset=accordi.objects.pubblici().order_by("titolo")),
            Prefetch(
                "progetti",
                queryset=progetti.objects.pubblici().select_related("accordo").order_by("titolo"),
            ),
        )
        return (
            Organismo.objects.pubblicati()
            .select_related("comune", "luogo_abituale")
            .prefetch_related(
                "ambiti",
                "quartieri",
                Prefetch("membri", queryset=membri, to_attr="membri_in_carica"),
                Prefetch("patti", queryset=patti),
            )
        )

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organismo: Organismo = self.object
        adesso = timezone.now()
        riunioni = organismo.riunioni.select_related("luogo")
        richieste = (
            organismo.richieste.con_tempi(timezone.localdate(adesso))
            .select_related("ufficio", "riunione")
            .order_by("-inviata_il", "-pk")[:RICHIESTE_IN_PAGINA]
        )
        richieste = list(richieste)
        context.update(
            composizione=composizione(organismo.membri_in_carica),
            prossime=list(riunioni.prossime(adesso)[:PROSSIME_IN_PAGINA]),
            passate=list(riunioni.passate(adesso)[:PASSATE_IN_PAGINA]),
            richieste_aperte=[r for r in richieste if r.stato in STATI_APERTI_PUBBLICI],
            richieste_risposte=[r for r in richieste if r.stato not in STATI_APERTI_PUBBLICI],
            feed=link_feed(
                self.request,
                reverse("quartieri:organismo_ics", kwargs={"slug": organismo.slug}),
            ),
            briciole=[
                (_("Partecipazione"), reverse("quartieri:partecipazione")),
                (organismo.nome, None),
            ],
        )
        return context


STATI_APERTI_PUBBLICI = (Richiesta.Stato.INVIATA, Richiesta.Stato.PRESA_IN_CARICO)


class RichiestaListView(FilterView):
    """/partecipazione/richieste/: every public request, its status and how long it took."""

    filterset_class = RichiestaFilter
    paginate_by = PER_PAGINA
    template_name = "quartieri/partecipazione/richieste.html"

    def get_queryset(self) -> QuerySet[Richiesta]:
        return (
            Richiesta.objects.pubbliche()
            .con_tempi(timezone.localdate())
            .select_related("organismo", "ufficio", "riunione")
            .order_by("-inviata_il", "-pk")
        )

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        return super().get_context_data(
            querystring=_querystring_senza_pagina(self.request),
            giorni_risposta=settings.RICHIESTE_GIORNI_RISPOSTA,
            briciole=[
                (_("Partecipazione"), reverse("quartieri:partecipazione")),
                (_("Richieste al Comune"), None),
            ],
            **kwargs,
        )


# --- iCalendar ---------------------------------------------------------------

CAMPI_ICS = (
    "pk",
    "inizio",
    "fine",
    "updated_at",
    "ordine_del_giorno",
    "luogo_testo",
    "luogo__nome",
    "luogo__indirizzo",
    "organismo__nome",
    "organismo__slug",
)


def _evento(riga: dict[str, Any], host: str, fuso) -> icalendar.Event:
    evento = icalendar.Event()
    modificata = riga["updated_at"].astimezone(dt.UTC).replace(microsecond=0)
    evento.add("uid", f"riunione-{riga['pk']}@{host}")
    # DTSTAMP is the revision time, not "now": an unchanged feed stays byte-identical.
    evento.add("dtstamp", modificata)
    evento.add("last-modified", modificata)
    evento.add("dtstart", riga["inizio"].astimezone(fuso))
    evento.add("dtend", riga["fine"].astimezone(fuso))
    evento.add("summary", _("Riunione: %(organismo)s") % {"organismo": riga["organismo__nome"]})
    if riga["ordine_del_giorno"]:
        evento.add("description", _("Ordine del giorno:") + "\n" + riga["ordine_del_giorno"])
    luogo = ", ".join(p for p in (riga["luogo__nome"], riga["luogo__indirizzo"]) if p)
    if luogo or riga["luogo_testo"]:
        evento.add("location", luogo or riga["luogo_testo"])
    percorso = reverse("quartieri:organismo", kwargs={"slug": riga["organismo__slug"]})
    evento.add("url", url_pubblico(percorso))
    return evento


def _calendario(riunioni: QuerySet[Riunione], *, nome: str) -> HttpResponse:
    dal, al = finestra(timezone.now())
    righe = riunioni.filter(inizio__gte=dal, inizio__lt=al).order_by("inizio", "pk")
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//Partecipazione//IT")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", nome)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    host = host_pubblico()
    fuso = fuso_orario()
    for riga in righe.values(*CAMPI_ICS):
        cal.add_component(_evento(riga, host, fuso))
    if cal.walk("VEVENT"):
        cal.add_missing_timezones()
    else:
        cal.add_component(icalendar.Timezone.from_tzid(settings.TIME_ZONE))
    risposta = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    risposta["Content-Disposition"] = 'inline; filename="riunioni.ics"'
    return risposta


def calendario_ics(request: HttpRequest) -> HttpResponse:
    """/partecipazione/calendario.ics: the meetings of every published body."""
    return _calendario(
        Riunione.objects.pubbliche(), nome=_("Riunioni degli organismi di partecipazione")
    )


def organismo_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """/partecipazione/<slug>/calendario.ics: one body's meetings."""
    organismo = get_object_or_404(Organismo.objects.pubblicati().only("pk", "nome"), slug=slug)
    return _calendario(
        organismo.riunioni.all(), nome=_("Riunioni: %(organismo)s") % {"organismo": organismo.nome}
    )
