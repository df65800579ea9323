"""Public pages: the open volunteering opportunities and an opportunity's page.

They show places, schedules and free places, never a tutor's or a
volunteer's name: nothing personal is public.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from portal import versioni
from portal.cache_pagine import PaginaPubblicaInCacheMixin
from portal.righe import ModuloFiltriInCacheMixin, chiave_riga
from quartieri.widgets import SECONDI_CACHE_SCELTE
from volontari.filters import NOMI_GIORNI, OpportunitaFilter
from volontari.forms import CandidaturaForm
from volontari.models import Incarico, Opportunita, Volontario
from volontari.models.opportunita import GIORNI
from volontari.versioni import INCARICHI

PER_PAGINA = 20


def giorni_in_parole(opportunita: Opportunita) -> list[str]:
    """The weekdays an opportunity takes place on, as words."""
    return [str(NOMI_GIORNI[giorno]) for giorno in opportunita.giorni]


def _querystring_senza_pagina(request) -> str:
    parametri = request.GET.copy()
    parametri.pop("page", None)
    return parametri.urlencode()


@functools.cache
def _aperte_in_elenco() -> QuerySet[Opportunita]:
    """The list's query, built once per process; each request clones it. The
    QuerySet itself is never evaluated. Its free places come from `_posti_occupati()`.
    """
    return (
        Opportunita.objects.aperte()
        .select_related("luogo", "quartiere", "luogo__quartiere")
        # Only what the rows print: descriptions and the rest stay in the database.
        .only(
            "slug",
            "titolo",
            "servizio_comunale",
            "orari",
            "posti",
            *GIORNI,
            "luogo__nome",
            "luogo__quartiere__nome",
            "quartiere__nome",
        )
        .order_by("titolo", "pk")
    )


def _posti_occupati(oggi: dt.date) -> dict[int, int]:
    """Every opportunity's enrolments in force on `oggi`, kept per process until an
    enrolment is written (INCARICHI) or the day changes.

    Counted on each request, by a correlated subquery for each of the page's rows,
    they were 0.55 ms of the list's 1.4 ms in PostgreSQL at scale (5,000
    volunteers), the same counts for every visitor.
    """
    return versioni.in_cache(
        INCARICHI,
        f"occupati\n{oggi.isoformat()}",
        lambda: Incarico.objects.occupati_per_opportunita(oggi),
        SECONDI_CACHE_SCELTE,
    )


def _riga(opportunita: Opportunita) -> tuple[Opportunita, list[str], str]:
    """An opportunity, its days in words and its row's key (portal/righe.py)."""
    giorni = giorni_in_parole(opportunita)
    luogo = opportunita.luogo
    return (
        opportunita,
        giorni,
        chiave_riga(
            opportunita.slug,
            opportunita.titolo,
            opportunita.servizio_comunale,
            luogo.nome if luogo else None,
            luogo.quartiere.nome if luogo else None,
            opportunita.quartiere.nome if opportunita.quartiere else None,
            giorni,
            opportunita.orari,
            opportunita.posti_liberi,
        ),
    )


class OpportunitaListView(PaginaPubblicaInCacheMixin, ModuloFiltriInCacheMixin, FilterView):
    """/volontariato/: open opportunities, filtered and paginated, with their free places."""

    filterset_class = OpportunitaFilter
    paginate_by = PER_PAGINA
    template_name = "volontari/pubbliche/opportunita.html"

    def get_queryset(self) -> QuerySet[Opportunita]:
        return _aperte_in_elenco().all()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        occupati = _posti_occupati(timezone.localdate())
        for opportunita in context["object_list"]:
            opportunita.posti_liberi = max(opportunita.posti - occupati.get(opportunita.pk, 0), 0)
        context.update(
            # Only this page's rows, already fetched by the paginator.
            righe=[_riga(o) for o in context["object_list"]],
            querystring=_querystring_senza_pagina(self.request),
            briciole=[(_("Volontariato"), None)],
        )
        return context


class OpportunitaDetailView(DetailView):
    """/volontariato/<slug>/: an open opportunity and how to apply."""

    template_name = "volontari/pubbliche/opportunita_dettaglio.html"
    context_object_name = "opportunita"

    def get_queryset(self) -> QuerySet[Opportunita]:
        return (
            Opportunita.objects.aperte()
            .con_posti_liberi(timezone.localdate())
            .select_related("luogo__quartiere", "quartiere", "progetto__accordo")
        )

    def stato_utente(self) -> str:
        """Where the visitor stands: signed out, no profile, applied, enrolled, or free to apply."""
        user = self.request.user
        if not user.is_authenticated:
            return "anonimo"
        volontario = Volontario.objects.filter(user=user, anonimizzato_il__isnull=True).first()
        if volontario is None or not volontario.consenso_privacy:
            return "senza_profilo"
        oggi = timezone.localdate()
        if volontario.incarichi.attivi(oggi).filter(opportunita=self.object).exists():
            return "iscritto"
        if volontario.candidature.da_valutare().filter(opportunita=self.object).exists():
            return "candidatura_inviata"
        return "puo_candidarsi"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            stato_utente=self.stato_utente(),
            form=CandidaturaForm(),
            giorni=giorni_in_parole(self.object),
            briciole=[
                (_("Volontariato"), reverse("volontari:opportunita")),
                (self.object.titolo, None),
            ],
            **kwargs,
        )
