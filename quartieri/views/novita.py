"""Public news pages: the Novità page, one list per kind, a news item's page, the feeds."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from portal.cache_pagine import PaginaPubblicaInCacheMixin
from quartieri.models import Novita
from quartieri.models.novita import PAGINE_TIPO

PER_PAGINA = 12
NOVITA_NEL_FEED = 30
TITOLO_NOVITA = gettext_lazy("Novità")


def categorie_novita() -> list[dict[str, Any]]:
    """The three kinds' list pages, in the modello's order: avvisi, comunicati, notizie."""
    return [
        {"tipo": tipo, "titolo": titolo, "url": reverse("quartieri:novita_categoria", args=[slug])}
        for tipo, (slug, titolo) in PAGINE_TIPO.items()
    ]


class NovitaListView(PaginaPubblicaInCacheMixin, ListView):
    """/novita/: the latest news of every kind, and the links to each kind's page."""

    template_name = "quartieri/novita_elenco.html"
    context_object_name = "elenco_novita"
    paginate_by = PER_PAGINA
    tipo: str | None = None

    def get_queryset(self) -> QuerySet[Novita]:
        queryset = Novita.objects.pubblicate().select_related("luogo")
        if self.tipo:
            queryset = queryset.filter(tipo=self.tipo)
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            categorie=categorie_novita(),
            titolo=TITOLO_NOVITA,
            briciole=[(TITOLO_NOVITA, None)],
            **kwargs,
        )


class NovitaCategoriaView(NovitaListView):
    """/novita/avvisi/, /novita/comunicati/, /novita/notizie/: one kind's news."""

    def dispatch(self, request, *args, **kwargs):
        per_slug = {slug: (tipo, titolo) for tipo, (slug, titolo) in PAGINE_TIPO.items()}
        if kwargs["categoria"] not in per_slug:
            raise Http404
        self.tipo, self.titolo = per_slug[kwargs["categoria"]]
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            titolo=self.titolo,
            tipo_attivo=self.tipo,
            briciole=[(TITOLO_NOVITA, reverse("quartieri:novita")), (self.titolo, None)],
        )
        return context


class NovitaDetailView(DetailView):
    """/novita/<pk>/: a news item; who may edit it sees it before its publication date."""

    template_name = "quartieri/novita_dettaglio.html"
    context_object_name = "novita"

    def get_queryset(self) -> QuerySet[Novita]:
        return (
            Novita.objects.visibili_a(self.request.user)
            .select_related("luogo")
            .prefetch_related("argomenti")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        novita: Novita = self.object
        slug, titolo_tipo = PAGINE_TIPO[novita.tipo]
        return super().get_context_data(
            titolo_tipo=titolo_tipo,
            briciole=[
                (TITOLO_NOVITA, reverse("quartieri:novita")),
                (titolo_tipo, reverse("quartieri:novita_categoria", args=[slug])),
                (novita.titolo, None),
            ],
            **kwargs,
        )


class NovitaFeed(Feed):
    """RSS 2.0 feed of the published news, newest first."""

    link = reverse_lazy("quartieri:novita")

    def title(self) -> str:
        return _("Novità – %(sito)s") % {"sito": settings.SITE_NAME}

    def description(self) -> str:
        return _("Avvisi, comunicati e notizie delle Case di Quartiere e del Comune.")

    def items(self) -> QuerySet[Novita]:
        return Novita.objects.pubblicate().select_related("luogo")[:NOVITA_NEL_FEED]

    def item_title(self, item: Novita) -> str:
        return item.titolo

    def item_description(self, item: Novita) -> str:
        return item.sommario

    def item_pubdate(self, item: Novita):
        return item.data_pubblicazione

    def item_updateddate(self, item: Novita):
        return item.updated_at

    def item_categories(self, item: Novita) -> list[str]:
        return [str(item.Tipo(item.tipo).label)]


class NovitaAtomFeed(NovitaFeed):
    """The same news as an Atom 1.0 feed."""

    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
