"""Public calendar: what is on across the network, an activity's date, the iCalendar feeds."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db.models import QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.middleware.gzip import re_accepts_gzip
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import compress_string
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from portal import versioni
from portal.cache_pagine import (
    PaginaPubblicaInCacheMixin,
    parametri_del_filtro,
    query_normalizzata,
)
from portal.paginazione import numero_pagina
from portal.righe import ModuloFiltriInCacheMixin, chiave_riga
from quartieri import calendario
from quartieri.filters.attivita import OccorrenzaFilter, inizio_del_giorno
from quartieri.forms.attivita import IscrizioneForm
from quartieri.models import Iscrizione, Luogo, Occorrenza
from quartieri.orari import chiusura_della_data
from quartieri.versioni import PROSSIME_ATTIVITA

PER_PAGINA = 20
# The longest a list of coming dates is kept without a write, as the other derived data:
# a write that could not renew its version (Redis unreachable) shows within it.
SECONDI_AL_PIU = 60 * 60
# Calendar apps poll a subscription every few hours: ten minutes of cache keep
# a network-wide feed cheap to serve and still fresh enough.
SECONDI_CACHE_FEED = 600
TIPO_ICS = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class StatoIscrizioni:
    """Where registration to one date stands, for the pages' labels."""

    richiesta: bool
    capienza: int | None
    confermate: int
    in_attesa: int

    @property
    def posti_liberi(self) -> int | None:
        if self.capienza is None:
            return None
        return max(self.capienza - self.confermate, 0)

    @property
    def lista_d_attesa(self) -> bool:
        """True when a new registration would go on the waiting list."""
        # Seats may be free while the head of the list waits for more (a family):
        # a newcomer queues behind them (services.attivita._posti_per).
        return self.richiesta and (
            self.posti_liberi == 0 or (self.capienza is not None and self.in_attesa > 0)
        )


class RigaCalendario(NamedTuple):
    """A calendar row: a date, where its registrations stand, and its row's key."""

    occorrenza: Occorrenza
    stato: StatoIscrizioni
    chiave: str


def stato_iscrizioni(occorrenza: Occorrenza, confermate: int, in_attesa: int) -> StatoIscrizioni:
    attivita = occorrenza.attivita
    return StatoIscrizioni(
        richiesta=attivita.iscrizione_richiesta,
        capienza=attivita.capienza,
        confermate=confermate,
        in_attesa=in_attesa,
    )


def conteggi_iscrizioni(occorrenze: list[Occorrenza]) -> dict[int, dict[str, int]]:
    """Seats confirmed and waited for per occurrence, in one grouped query."""
    con_iscrizione = [o.pk for o in occorrenze if o.attivita.iscrizione_richiesta]
    conteggi: dict[int, dict[str, int]] = {pk: {} for pk in con_iscrizione}
    if con_iscrizione:
        righe = (
            Iscrizione.objects.attive()
            .filter(occorrenza_id__in=con_iscrizione)
            .values("occorrenza_id", "stato")
            .annotate(n=Sum("persone"))
            .order_by()
        )
        for riga in righe:
            conteggi[riga["occorrenza_id"]][riga["stato"]] = riga["n"]
    return conteggi


def righe_con_iscrizioni(occorrenze: list[Occorrenza]) -> list[RigaCalendario]:
    conteggi = conteggi_iscrizioni(occorrenze)
    righe = []
    for o in occorrenze:
        stato = stato_iscrizioni(
            o,
            conteggi.get(o.pk, {}).get(Iscrizione.Stato.CONFERMATA, 0),
            conteggi.get(o.pk, {}).get(Iscrizione.Stato.IN_ATTESA, 0),
        )
        attivita = o.attivita
        chiave = chiave_riga(
            o.pk,
            o.inizio,
            o.fine,
            o.spostata,
            o.in_chiusura,
            attivita.titolo,
            attivita.tipo,
            attivita.gratuita,
            attivita.costo,
            attivita.luogo.slug,
            attivita.luogo.nome,
            stato,
        )
        righe.append(RigaCalendario(o, stato, chiave))
    return righe


def prossime_occorrenze(adesso: dt.datetime) -> QuerySet[Occorrenza]:
    """Public dates still to end, from today on, in the order the calendar lists them.

    The lower bound on `inizio` lets PostgreSQL walk the (inizio, fine) index
    from today instead of from the first date ever stored.
    """
    return _dal_giorno(timezone.localdate(adesso)).filter(fine__gt=adesso)


def per_giorno(righe: list[RigaCalendario]) -> list[tuple[dt.date, list[RigaCalendario]]]:
    """Rows grouped by their local day, in order: each day's heading is formatted once,
    not once per date to compare."""
    return [
        (giorno, list(gruppo))
        for giorno, gruppo in itertools.groupby(
            righe, key=lambda riga: timezone.localdate(riga.occorrenza.inizio)
        )
    ]


def secondi_di_validita(occorrenze: list[Occorrenza], adesso: dt.datetime) -> float:
    """How long a list of coming dates read at `adesso` may be kept without a write: until
    the first of them ends and leaves it, SECONDI_AL_PIU at most."""
    return min(
        [SECONDI_AL_PIU, *((occorrenza.fine - adesso).total_seconds() for occorrenza in occorrenze)]
    )


def _righe_della_pagina(
    queryset: QuerySet[Occorrenza], numero: int
) -> tuple[list[RigaCalendario], Occorrenza | None]:
    """Page `numero` of the calendar with its seats, and the next page's first date if any.

    No COUNT over the whole calendar: the one row past the page says whether another follows.
    """
    inizio = (numero - 1) * PER_PAGINA
    occorrenze = list(queryset[inizio : inizio + PER_PAGINA + 1])
    successiva = occorrenze[PER_PAGINA] if len(occorrenze) > PER_PAGINA else None
    return righe_con_iscrizioni(occorrenze[:PER_PAGINA]), successiva


@functools.lru_cache(maxsize=2)
def _dal_giorno(oggi: dt.date) -> QuerySet[Occorrenza]:
    """prossime_occorrenze's query without its `fine > adesso` bound, built once per
    process and day.

    Building it (the closures' subquery, the joins, the columns) cost the calendar,
    a place's page and the "Vivere" page half a millisecond, the same work on every
    request of the day; each request clones it. The QuerySet itself is never
    evaluated.
    """
    return (
        Occorrenza.objects.pubbliche()
        .confermate()
        .filter(inizio__gte=inizio_del_giorno(oggi))
        .con_chiusura()
        .select_related("attivita__luogo")
        # Only what the lists print: an activity's and a place's long texts stay in the database.
        .only(
            "inizio",
            "fine",
            "inizio_originale",
            "attivita__titolo",
            "attivita__tipo",
            "attivita__gratuita",
            "attivita__costo",
            "attivita__iscrizione_richiesta",
            "attivita__capienza",
            "attivita__luogo__nome",
            "attivita__luogo__slug",
        )
        .order_by("inizio", "pk")
    )


def _querystring_senza_pagina(request: HttpRequest) -> str:
    parametri = request.GET.copy()
    parametri.pop("page", None)
    return parametri.urlencode()


def link_feed(request: HttpRequest, percorso: str, querystring: str = "") -> dict[str, str]:
    """The https address of a feed and its webcal:// twin, which calendar apps subscribe to."""
    url = request.build_absolute_uri(percorso) + (f"?{querystring}" if querystring else "")
    return {"https": url, "webcal": "webcal://" + url.split("://", 1)[1]}


class AttivitaListView(PaginaPubblicaInCacheMixin, ModuloFiltriInCacheMixin, FilterView):
    """/attivita/: the coming dates of public activities, filtered, grouped by day."""

    filterset_class = OccorrenzaFilter
    template_name = "quartieri/attivita_elenco.html"
    # It pages the calendar itself (no COUNT): see _pagina.
    parametri_letti = ("page",)

    def get_queryset(self) -> QuerySet[Occorrenza]:
        self.adesso = timezone.now()
        return prossime_occorrenze(self.adesso)

    def _pagina(self, queryset: QuerySet[Occorrenza]) -> tuple[int, list[RigaCalendario], bool]:
        """The page's number, its rows with their seats, and whether another page follows."""
        numero = numero_pagina(self.request.GET.get("page"), per_pagina=PER_PAGINA + 1)
        if numero is None:
            raise Http404(_("Pagina non valida."))
        if numero == 1 and not self.filterset.errors:
            righe, successiva = self._prima_pagina(queryset)
        else:
            righe, successiva = _righe_della_pagina(queryset, numero)
        if numero > 1 and not righe:
            raise Http404(_("Pagina vuota."))
        return numero, righe, successiva is not None

    def _prima_pagina(
        self, queryset: QuerySet[Occorrenza]
    ) -> tuple[list[RigaCalendario], Occorrenza | None]:
        """The first page, where nearly every visit lands, kept per process as a place's
        next dates are (attivita_pubbliche.prossime_del_luogo), under the filters asked.

        The later pages are not kept: a date ending on an earlier page moves their rows.
        """
        adesso = self.adesso

        def validita(pagina: tuple[list[RigaCalendario], Occorrenza | None]) -> float:
            righe, successiva = pagina
            # The date past the page too: when it ends, the page may lose its "next" link.
            occorrenze = [riga.occorrenza for riga in righe]
            return secondi_di_validita(occorrenze + ([successiva] if successiva else []), adesso)

        filtri = query_normalizzata(self.request.GET, parametri_del_filtro(OccorrenzaFilter))
        return versioni.in_cache(
            PROSSIME_ATTIVITA,
            f"calendario:{timezone.localdate(adesso).isoformat()}:{filtri.urlencode()}",
            lambda: _righe_della_pagina(queryset, 1),
            validita,
        )

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        numero, righe, ha_successiva = self._pagina(context["object_list"])
        querystring = _querystring_senza_pagina(self.request)
        context.update(
            giorni=per_giorno(righe),
            numero_pagina=numero,
            ha_precedente=numero > 1,
            ha_successiva=ha_successiva,
            querystring=querystring,
            feed=link_feed(self.request, reverse("quartieri:attivita_ics_tutte"), querystring),
            briciole=[(_("Attività"), None)],
        )
        return context


class AttivitaDetailView(DetailView):
    """/attivita/<pk>/: one date of an activity, its place, registration and JSON-LD."""

    template_name = "quartieri/attivita_dettaglio.html"
    context_object_name = "occorrenza"

    def get_queryset(self) -> QuerySet[Occorrenza]:
        # Internal activities are seen only by who manages their place: anyone else gets a 404.
        return (
            Occorrenza.objects.visibili_a(self.request.user)
            .select_related("attivita__luogo__quartiere__comune", "attivita__organizzatore")
            .con_posti()
        )

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        occorrenza: Occorrenza = self.object
        attivita, luogo = occorrenza.attivita, occorrenza.attivita.luogo
        adesso = timezone.now()
        iscrizione, posizione = self._iscrizione_dell_utente(occorrenza)
        url = self.request.build_absolute_uri(occorrenza.get_absolute_url())
        pubblica = attivita.pubblica and luogo.pubblicato
        giorno = timezone.localtime(occorrenza.inizio).date()
        chiusura = (
            None
            if occorrenza.annullata
            else chiusura_della_data(
                occorrenza.inizio,
                occorrenza.fine,
                luogo.eccezioni.filter(data_inizio__lte=giorno, data_fine__gte=giorno),
            )
        )
        context.update(
            chiusura=chiusura,
            attivita=attivita,
            luogo=luogo,
            stato=stato_iscrizioni(occorrenza, occorrenza.n_confermate, occorrenza.n_in_attesa),
            iscrizione=iscrizione,
            posizione=posizione,
            form_iscrizione=IscrizioneForm(attivita=attivita)
            if attivita.massimo_persone_per_iscrizione > 1
            else None,
            conclusa=occorrenza.fine <= adesso,
            iscrizioni_aperte=not occorrenza.annullata and occorrenza.inizio > adesso,
            pubblica=pubblica,
            json_ld=_json_ld(occorrenza, url) if pubblica else "",
            marcatori=[
                {
                    "nome": luogo.nome,
                    "url": luogo.get_absolute_url(),
                    "lat": luogo.lat,
                    "lon": luogo.lon,
                    "approssimate": not luogo.coordinate_esatte,
                }
            ],
            feed_luogo=link_feed(
                self.request, reverse("quartieri:luogo_ics", kwargs={"slug": luogo.slug})
            ),
            briciole=[
                (_("Attività"), reverse("quartieri:attivita")),
                (attivita.titolo, None),
            ],
        )
        return context

    def _iscrizione_dell_utente(
        self, occorrenza: Occorrenza
    ) -> tuple[Iscrizione | None, int | None]:
        """The signed-in user's active registration and, on the waiting list, their place in it."""
        utente = self.request.user
        if not utente.is_authenticated or not occorrenza.attivita.iscrizione_richiesta:
            return None, None
        iscrizione = (
            Iscrizione.objects.attive()
            .con_posizione()
            .filter(occorrenza=occorrenza, utente=utente)
            .first()
        )
        return iscrizione, iscrizione.posizione if iscrizione is not None else None


STATO_SCHEMA_ORG = {
    "annullata": "https://schema.org/EventCancelled",
    "spostata": "https://schema.org/EventRescheduled",
    "prevista": "https://schema.org/EventScheduled",
}


def _json_ld(occorrenza: Occorrenza, url: str) -> SafeString:
    """schema.org Event of one date, safe inside <script>."""
    attivita, luogo = occorrenza.attivita, occorrenza.attivita.luogo
    if occorrenza.annullata:
        stato = STATO_SCHEMA_ORG["annullata"]
    elif occorrenza.spostata:
        stato = STATO_SCHEMA_ORG["spostata"]
    else:
        stato = STATO_SCHEMA_ORG["prevista"]
    dati: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": attivita.titolo,
        "url": url,
        "description": attivita.descrizione,
        "startDate": timezone.localtime(occorrenza.inizio).isoformat(),
        "endDate": timezone.localtime(occorrenza.fine).isoformat(),
        "eventStatus": stato,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": attivita.gratuita,
        "location": {
            "@type": "Place",
            "name": luogo.nome,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": luogo.indirizzo,
                "postalCode": luogo.cap,
                "addressLocality": luogo.quartiere.comune.nome,
                "addressCountry": "IT",
            },
            "geo": {"@type": "GeoCoordinates", "latitude": luogo.lat, "longitude": luogo.lon},
        },
    }
    if occorrenza.spostata:
        dati["previousStartDate"] = timezone.localtime(occorrenza.inizio_originale).isoformat()
    if attivita.organizzatore:
        dati["organizer"] = {"@type": "Organization", "name": attivita.organizzatore.nome}
    if not attivita.gratuita:
        dati["offers"] = {"@type": "Offer", "description": attivita.costo, "url": url}
    testo = json.dumps(dati, ensure_ascii=False)
    # Inside <script> a "</script>" in a description would end the element: escape < > &.
    testo = testo.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(testo)  # noqa: S308 - escaped above


# --- iCalendar ---------------------------------------------------------------


def _risposta_ics(contenuto: bytes, nome_file: str, *, allegato: bool) -> HttpResponse:
    risposta = HttpResponse(contenuto, content_type=TIPO_ICS)
    disposizione = "attachment" if allegato else "inline"
    risposta["Content-Disposition"] = f'{disposizione}; filename="{nome_file}"'
    return risposta


def _feed_in_cache(
    request: HttpRequest,
    costruisci: Callable[[], bytes | HttpResponse],
    parametri: frozenset[str] = frozenset(),
) -> HttpResponse:
    """Serve a feed from the cache, keyed on its path and its filters `parametri` (any
    other query parameter does not change the feed, nor adds an entry); build it on a miss.

    `costruisci` validates the request too, and returns its error response if it
    is invalid (never stored): a hit then skips the filters entirely, whose setup
    costs more than serving the stored feed.

    A feed runs to hundreds of kilobytes of repetitive text, polled by calendar
    apps that all accept gzip: it is stored compressed too, once per build, and
    sent compressed to whoever accepts it, a tenth of the bytes.
    """
    chiave = (
        "feed-attivita:"
        + request.path
        + "?"
        + query_normalizzata(request.GET, parametri).urlencode()
    )
    gzip = bool(re_accepts_gzip.search(request.headers.get("accept-encoding", "")))
    # Two entries: a hit reads only the body it sends.
    corpo = cache.get(chiave + (":gzip" if gzip else ""))
    if corpo is None:
        contenuto = costruisci()
        if isinstance(contenuto, HttpResponse):
            return contenuto
        compresso = compress_string(contenuto)
        cache.set_many({chiave: contenuto, chiave + ":gzip": compresso}, SECONDI_CACHE_FEED)
        corpo = compresso if gzip else contenuto
    risposta = _risposta_ics(corpo, "calendario.ics", allegato=False)
    if gzip:
        risposta["Content-Encoding"] = "gzip"
    patch_vary_headers(risposta, ["Accept-Encoding"])
    patch_cache_control(risposta, public=True, max_age=SECONDI_CACHE_FEED)
    return risposta


def calendario_ics(request: HttpRequest) -> HttpResponse:
    """/attivita/calendario.ics: the network's public dates, with the page's filters."""

    def costruisci() -> bytes | HttpResponse:
        filtro = OccorrenzaFilter(request.GET, queryset=Occorrenza.objects.pubbliche())
        if not filtro.is_valid():
            errori = "; ".join(f"{campo}: {' '.join(e)}" for campo, e in filtro.errors.items())
            return HttpResponseBadRequest(errori, content_type="text/plain; charset=utf-8")
        righe = calendario.righe_del_feed(filtro.qs, timezone.now())
        return calendario.calendario(righe, nome=_("Attività nelle Case di Quartiere"))

    return _feed_in_cache(request, costruisci, parametri_del_filtro(OccorrenzaFilter))


def luogo_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """/case-di-quartiere/<slug>/calendario.ics: one place's public dates."""
    luogo = get_object_or_404(Luogo.objects.pubblicati().only("pk", "nome"), slug=slug)

    def costruisci() -> bytes:
        occorrenze = Occorrenza.objects.pubbliche().filter(attivita__luogo=luogo)
        righe = calendario.righe_del_feed(occorrenze, timezone.now())
        return calendario.calendario(righe, nome=_("Attività: %(luogo)s") % {"luogo": luogo.nome})

    return _feed_in_cache(request, costruisci)


def attivita_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """/attivita/<pk>/calendario.ics: one date, to add to one's own calendar."""
    occorrenze = Occorrenza.objects.visibili_a(request.user).filter(pk=pk)
    righe = list(occorrenze.values(*calendario.CAMPI))
    if not righe:
        raise Http404(_("Attività non trovata."))
    contenuto = calendario.calendario(righe, nome=righe[0]["attivita__titolo"])
    return _risposta_ics(contenuto, f"attivita-{pk}.ics", allegato=True)
