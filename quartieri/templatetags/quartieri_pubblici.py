"""Template tags for other apps' pages: the network's block and the latest news on the home page."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q

from quartieri.models import CategoriaServizio, Luogo, Novita, Servizio

register = template.Library()


@register.inclusion_tag("quartieri/_rete_home.html")
def rete_case_di_quartiere() -> dict:
    """Search box, categories with published services, "near me", and the network's size."""
    servizi_pubblicati = Q(servizi__pubblicato=True, servizi__luogo__pubblicato=True)
    categorie = (
        CategoriaServizio.objects.annotate(
            numero_servizi=Count("servizi", filter=servizi_pubblicati)
        )
        .filter(numero_servizi__gt=0)
        .order_by("ordine", "nome")
    )
    return {
        "numero_luoghi": Luogo.objects.pubblicati().count(),
        "numero_servizi": Servizio.objects.pubblicati().count(),
        "categorie": categorie,
    }


@register.inclusion_tag("quartieri/_novita_home.html")
def ultime_novita(numero: int = 3) -> dict:
    """The latest published news, for the home page."""
    return {"elenco_novita": Novita.objects.pubblicate().select_related("luogo")[:numero]}
