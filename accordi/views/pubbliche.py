"""Public pages of the agreements: the list, an agreement's story, a project's page."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.db.models import (
    DecimalField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from accordi.filters import AccordoFilter
from accordi.models import (
    Accordo,
    AggiornamentoProgetto,
    Progetto,
    ValoreIndicatore,
    enti_nel_registro,
)
from accordi.models.progetti import ore_dal_registro
from accordi.schede import indicatori_con_ultimo_valore, parti_della_pagina
from accordi.versioni import SCHEDE_ACCORDI
from portal import versioni
from portal.cache_pagine import PaginaPubblicaInCacheMixin
from portal.elenchi import con_nomi_collegati
from portal.paginazione import PaginatorConConteggioInCache
from portal.righe import ModuloFiltriInCacheMixin, chiave_riga
from quartieri.models import Ente
from quartieri.widgets import SECONDI_CACHE_SCELTE

PER_PAGINA = 20
ORE = DecimalField(max_digits=12, decimal_places=1)


def querystring_senza_pagina(request) -> str:
    parametri = request.GET.copy()
    parametri.pop("page", None)
    return parametri.urlencode()


def enti_con_pagina(enti: QuerySet[Ente]) -> set[int]:
    """The ids of `enti` that have a page in the public registry (one query)."""
    return set(enti_nel_registro(enti).values_list("pk", flat=True))


@functools.cache
def _pubblici_con_numeri_una_volta() -> QuerySet[Accordo]:
    return Accordo.objects.pubblici().con_numeri().con_impatto()


def _pubblici_con_numeri() -> QuerySet[Accordo]:
    """The public agreements with their numbers and impact, as a new QuerySet to narrow.

    Resolving the numbers' correlated subqueries was half of an agreement's
    page, the same work on every request: it is done once per process, and
    each request clones the result, which is never evaluated itself. Nothing
    in it depends on the request or the day.
    """
    return _pubblici_con_numeri_una_volta().all()


class PaginatorDegliAccordi(PaginatorConConteggioInCache):
    gruppo = SCHEDE_ACCORDI


@functools.lru_cache(maxsize=2)
def _accordi_in_elenco(oggi: dt.date) -> QuerySet[Accordo]:
    """The list's query, built once per process and day (the state by the dates
    depends on the day); each request clones it. Building it cost the page a
    quarter of a millisecond. The QuerySet itself is never evaluated. Its numbers
    come from `_numeri_degli_accordi()`."""
    return (
        Accordo.objects.pubblici()
        .con_stato_secondo_le_date(oggi)
        .select_related("ambito")
        # Only what the rows print: descriptions and the rest stay in the database.
        .only("slug", "titolo", "codice", "stato", "data_inizio", "data_fine", "ambito__nome")
        .order_by("-data_inizio", "titolo", "pk")
    )


def _numeri_degli_accordi() -> dict[int, tuple[int, int]]:
    """Every public agreement's projects and signatories, kept per process until one of
    them is written (SCHEDE_ACCORDI follows agreements, projects and signatories).

    Counted on each request, by correlated subqueries for the page's rows, they were
    two thirds of the list's time in PostgreSQL (1.6 ms of 2.2 at scale), the same
    counts for every visitor. All 300 agreements take two grouped queries of a few ms
    once per write.
    """
    return versioni.in_cache(
        SCHEDE_ACCORDI,
        "numeri-per-accordo",
        Accordo.objects.pubblici().numeri_per_accordo,
        SECONDI_CACHE_SCELTE,
    )


class AccordoListView(PaginaPubblicaInCacheMixin, ModuloFiltriInCacheMixin, FilterView):
    """/accordi/: every agreement from the shared proposal on, with its numbers."""

    filterset_class = AccordoFilter
    paginate_by = PER_PAGINA
    paginator_class = PaginatorDegliAccordi
    template_name = "accordi/accordi.html"

    def get_queryset(self) -> QuerySet[Accordo]:
        return _accordi_in_elenco(timezone.localdate()).all()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(
            querystring=querystring_senza_pagina(self.request),
            briciole=[(_("Accordi di cittadinanza"), None)],
            **kwargs,
        )
        # The rows print their quartieri's names only.
        context["object_list"] = righe = list(context["object_list"])
        con_nomi_collegati(righe, "quartieri", "nomi_quartieri")
        numeri = _numeri_degli_accordi()
        for accordo in righe:
            accordo.numero_progetti, accordo.numero_firmatari = numeri.get(accordo.pk, (0, 0))
            accordo.chiave_riga = chiave_riga(
                accordo.slug,
                accordo.titolo,
                accordo.stato_mostrato,
                accordo.codice,
                accordo.data_inizio,
                accordo.data_fine,
                accordo.nomi_quartieri,
                accordo.ambito.nome if accordo.ambito else None,
                accordo.numero_progetti,
                accordo.numero_firmatari,
            )
        return context


class AccordoDetailView(PaginaPubblicaInCacheMixin, DetailView):
    """/accordi/<slug>/: the agreement's story, parties, projects and impact.

    All but its numbers is rendered once per write and shared (accordi/schede.py).
    """

    template_name = "accordi/accordo.html"
    context_object_name = "accordo"

    def get(self, request, *args, **kwargs):
        # Before the agreement is read: parts kept under this version were rendered from
        # rows read after it (portal/versioni.py), the agreement's own included.
        self.versione = versioni.versione(SCHEDE_ACCORDI)
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Accordo]:
        return _pubblici_con_numeri()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        accordo: Accordo = self.object
        return super().get_context_data(
            parti=parti_della_pagina(accordo, self.versione),
            briciole=[
                (_("Accordi di cittadinanza"), reverse("accordi:lista")),
                (accordo.titolo, None),
            ],
            **kwargs,
        )


class ProgettoDetailView(DetailView):
    """/accordi/<slug>/progetti/<id>/: a project's page, with its progress over time."""

    template_name = "accordi/progetto.html"
    context_object_name = "progetto"

    def get_queryset(self) -> QuerySet[Progetto]:
        ore = (
            AggiornamentoProgetto.objects.filter(progetto=OuterRef("pk"))
            .order_by()
            .values("progetto")
            .annotate(totale=Sum("ore_collaborazione"))
            .values("totale")
        )
        aggiornamenti = AggiornamentoProgetto.objects.prefetch_related(
            Prefetch("valori", queryset=ValoreIndicatore.objects.select_related("indicatore"))
        ).order_by("-data", "-pk")
        return (
            Progetto.objects.pubblici()
            .filter(accordo__slug=self.kwargs["slug"])
            .select_related("accordo", "tema", "luogo")
            .con_abitanti()
            .annotate(
                # Hours stated in updates plus the approved hours of the volunteers' ledger.
                ore_collaborazione=Coalesce(
                    Subquery(ore, output_field=ORE), Value(0), output_field=ORE
                )
                + Coalesce(ore_dal_registro("pk", pk=OuterRef("pk")), Value(0), output_field=ORE)
            )
            .prefetch_related(
                "partner",
                Prefetch("indicatori", queryset=indicatori_con_ultimo_valore()),
                Prefetch("aggiornamenti", queryset=aggiornamenti),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        progetto: Progetto = self.object
        accordo = progetto.accordo
        partner = list(progetto.partner.all())
        return super().get_context_data(
            partner=partner,
            enti_con_pagina=enti_con_pagina(Ente.objects.filter(pk__in=[e.pk for e in partner]))
            if partner
            else set(),
            luogo_pubblico=progetto.luogo if progetto.luogo and progetto.luogo.pubblicato else None,
            puo_aggiornare=accordo.in_attuazione and progetto.aggiornabile_da(self.request.user),
            briciole=[
                (_("Accordi di cittadinanza"), reverse("accordi:lista")),
                (accordo.titolo, reverse("accordi:dettaglio", kwargs={"slug": accordo.slug})),
                (progetto.titolo, None),
            ],
            **kwargs,
        )
