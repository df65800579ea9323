"""Public addresses in templates that leave the site (e-mails): see portal.indirizzo."""

from __future__ import annotations

from django import template

from portal import indirizzo

register = template.Library()


@register.filter
def url_pubblico(percorso: str) -> str:
    """{% url ... as percorso %}{{ percorso|url_pubblico }}: the path on SITE_URL."""
    return indirizzo.url_pubblico(percorso)
