"""The public registry of organisations (/enti/) and the form to ask to be listed."""

from __future__ import annotations

import functools
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from accordi import services
from accordi.filters import EnteFilter
from accordi.forms import RichiestaIscrizioneForm
from accordi.models import Firmatario, Progetto, enti_nel_registro
from accordi.models.accordi import STATI_RISERVATI
from accordi.versioni import REGISTRO_ENTI
from accordi.views.pubbliche import PER_PAGINA, querystring_senza_pagina
from portal import versioni
from portal.cache_pagine import PaginaPubblicaInCacheMixin
from portal.elenchi import con_nomi_collegati
from portal.lookups import UnoDi
from portal.paginazione import PaginatorConConteggioInCache
from portal.righe import ModuloFiltriInCacheMixin, chiave_riga
from quartieri.models import Ente, Luogo
from quartieri.widgets import SECONDI_CACHE_SCELTE

TITOLO_REGISTRO = gettext_lazy("Registro degli enti")


class PaginatorDelRegistro(PaginatorConConteggioInCache):
    gruppo = REGISTRO_ENTI


@functools.cache
def _registro_in_elenco() -> QuerySet[Ente]:
    """The list's query but its rows' ids, built once per process; each request clones it.

    Building it (the joins, the columns) cost the page a fraction of a
    millisecond, the same work on every request. The QuerySet itself is never
    evaluated.
    """
    return (
        Ente.objects.select_related("quartiere")
        # Only what the rows print: contacts and descriptions stay in the database.
        .only("slug", "nome", "forma_giuridica", "sezione_runts", "quartiere__nome")
        .order_by("nome", "pk")
    )


def _chiavi_del_registro() -> list[int]:
    """The ids of the organisations in the registry, kept per process until a write
    that REGISTRO_ENTI follows (requests, signatories, agreements' states).

    The registry's rule, a join and a subquery per organisation, cost every request
    2 ms of PostgreSQL at scale (185 organisations) before sorting them by name.
    """
    return versioni.in_cache(
        REGISTRO_ENTI,
        "chiavi-del-registro",
        lambda: list(enti_nel_registro().values_list("pk", flat=True)),
        SECONDI_CACHE_SCELTE,
    )


class EnteListView(PaginaPubblicaInCacheMixin, ModuloFiltriInCacheMixin, FilterView):
    """/enti/: the organisations of the collaborative city, searchable."""

    filterset_class = EnteFilter
    paginate_by = PER_PAGINA
    paginator_class = PaginatorDelRegistro
    template_name = "accordi/enti.html"

    def get_queryset(self) -> QuerySet[Ente]:
        return _registro_in_elenco().filter(UnoDi(F("pk"), _chiavi_del_registro()))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(
            querystring=querystring_senza_pagina(self.request),
            briciole=[(TITOLO_REGISTRO, None)],
            **kwargs,
        )
        # The rows print their settori's names only.
        context["object_list"] = righe = list(context["object_list"])
        con_nomi_collegati(righe, "settori", "nomi_settori")
        for ente in righe:
            ente.chiave_riga = chiave_riga(
                ente.slug,
                ente.nome,
                ente.forma_giuridica,
                ente.quartiere.nome if ente.quartiere else None,
                ente.sezione_runts,
                ente.nomi_settori,
            )
        return context


class EnteDetailView(DetailView):
    """/enti/<slug>/: an organisation's agreements, projects and places."""

    template_name = "accordi/ente.html"
    context_object_name = "ente"

    def get_queryset(self) -> QuerySet[Ente]:
        return (
            enti_nel_registro()
            .select_related("quartiere", "comune")
            .prefetch_related(
                "settori",
                Prefetch(
                    "firme_accordi",
                    queryset=Firmatario.objects.exclude(accordo__stato__in=STATI_RISERVATI)
                    .select_related("accordo")
                    .order_by("-accordo__data_inizio", "accordo__titolo"),
                    to_attr="firme_pubbliche",
                ),
                Prefetch(
                    "progetti_partner",
                    queryset=Progetto.objects.pubblici()
                    .select_related("accordo")
                    .order_by("accordo__titolo", "titolo"),
                    to_attr="progetti_pubblici",
                ),
                Prefetch(
                    "luoghi_gestiti",
                    queryset=Luogo.objects.pubblicati().order_by("nome"),
                    to_attr="luoghi_pubblicati",
                ),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ente: Ente = self.object
        return super().get_context_data(
            # Contacts are public only with the organisation's consent.
            mostra_contatti=ente.contatti_pubblici
            and bool(ente.telefono or ente.email or ente.sito),
            briciole=[(TITOLO_REGISTRO, reverse("accordi:enti")), (ente.nome, None)],
            **kwargs,
        )


class RichiestaIscrizioneView(FormView):
    """/enti/richiedi-iscrizione/: an organisation asks to enter the registry."""

    template_name = "accordi/richiesta_iscrizione.html"
    form_class = RichiestaIscrizioneForm
    success_url = reverse_lazy("accordi:richiesta_inviata")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            briciole=[
                (TITOLO_REGISTRO, reverse("accordi:enti")),
                (_("Chiedi l'iscrizione"), None),
            ],
            **kwargs,
        )

    def form_valid(self, form: RichiestaIscrizioneForm) -> HttpResponse:
        try:
            services.richiedi_iscrizione(**form.dati_servizio())
        except ValidationError as exc:
            # A rule the form could not see (e.g. a concurrent request with the same code).
            if hasattr(exc, "error_dict"):
                for campo, errori in exc.message_dict.items():
                    form.add_error(campo if campo in form.fields else None, errori)
            else:
                form.add_error(None, exc.messages)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: RichiestaIscrizioneForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RichiestaInviataView(TemplateView):
    """The page after a request: staff will review it."""

    template_name = "accordi/richiesta_inviata.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            briciole=[
                (TITOLO_REGISTRO, reverse("accordi:enti")),
                (_("Richiesta inviata"), None),
            ],
            **kwargs,
        )
