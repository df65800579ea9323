"""Template tags for other apps' pages: the network's block and the latest news on the home page."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q

from portal import versioni
from quartieri.models import CategoriaServizio, Luogo, Novita, Servizio
from quartieri.versioni import LUOGHI_E_SERVIZI

SECONDI_CACHE_RETE = 60 * 60

register = template.Library()


@register.inclusion_tag("quartieri/_rete_home.html")
def rete_case_di_quartiere() -> dict:
    """Search box, categories with published services, "near me", and the network's size.

    The figures are the same for every visitor: counted again only when a place or a
    service changes.
    """
    return versioni.in_cache(LUOGHI_E_SERVIZI, "rete-home", _rete, SECONDI_CACHE_RETE)


def _rete() -> dict:
    servizi_pubblicati = Q(servizi__pubblicato=True, servizi__luogo__pubblicato=True)
    categorie = (
        CategoriaServizio.objects.annotate(
            numero_servizi=Count("servizi", filter=servizi_pubblicati)
        )
        .filter(numero_servizi__gt=0)
        .order_by("ordine", "nome")
        .values("slug", "nome", "numero_servizi")
    )
    return {
        "numero_luoghi": Luogo.objects.pubblicati().count(),
        "numero_servizi": Servizio.objects.pubblicati().count(),
        "categorie": list(categorie),
    }


@register.inclusion_tag("quartieri/_novita_home.html")
def ultime_novita(numero: int = 3) -> dict:
    """The latest published news, for the home page."""
    return {"elenco_novita": Novita.objects.pubblicate().select_related("luogo")[:numero]}
