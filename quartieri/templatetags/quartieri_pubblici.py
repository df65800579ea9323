"""Template tags for other apps' pages: the network's block on the home page."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q

from quartieri.models import CategoriaServizio, Luogo, Servizio

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
