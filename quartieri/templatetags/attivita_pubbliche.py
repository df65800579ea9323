"""Template tags of the public calendar: a place's coming activities on its page."""

from __future__ import annotations

import itertools

from django import template
from django.urls import reverse
from django.utils import timezone

from quartieri.models import Luogo
from quartieri.views.attivita import link_feed, prossime_occorrenze, righe_con_iscrizioni

register = template.Library()

# A place's page lists its next dates; the calendar, filtered by the place, has the rest.
NUMERO_IN_PAGINA = 10


@register.inclusion_tag("quartieri/attivita_luogo.html", takes_context=True)
def prossime_attivita(context: template.Context, luogo: Luogo) -> dict:
    """The place's next public dates (two queries whatever their number) and its feed."""
    occorrenze = list(
        prossime_occorrenze(timezone.now()).filter(attivita__luogo=luogo)[:NUMERO_IN_PAGINA]
    )
    righe = righe_con_iscrizioni(occorrenze)
    return {
        "luogo": luogo,
        # Grouped by day: each day's heading is formatted once, not once per date to compare.
        "giorni": [
            (giorno, list(gruppo))
            for giorno, gruppo in itertools.groupby(
                righe, key=lambda riga: timezone.localdate(riga[0].inizio)
            )
        ],
        "feed": link_feed(
            context["request"], reverse("quartieri:luogo_ics", kwargs={"slug": luogo.slug})
        ),
    }
