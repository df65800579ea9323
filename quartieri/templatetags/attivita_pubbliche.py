"""Template tags of the public calendar: a place's coming activities on its page."""

from __future__ import annotations

import datetime as dt

from django import template
from django.urls import reverse
from django.utils import timezone

from portal import versioni
from quartieri.models import Luogo
from quartieri.versioni import PROSSIME_ATTIVITA
from quartieri.views.attivita import (
    RigaCalendario,
    link_feed,
    per_giorno,
    prossime_occorrenze,
    righe_con_iscrizioni,
    secondi_di_validita,
)

register = template.Library()

# A place's page lists its next dates; the calendar, filtered by the place, has the rest.
NUMERO_IN_PAGINA = 10


@register.inclusion_tag("quartieri/attivita_luogo.html", takes_context=True)
def prossime_attivita(context: template.Context, luogo: Luogo) -> dict:
    """The place's next public dates and its feed."""
    return {
        "luogo": luogo,
        "giorni": per_giorno(prossime_del_luogo(luogo, timezone.now())),
        "feed": link_feed(
            context["request"], reverse("quartieri:luogo_ics", kwargs={"slug": luogo.slug})
        ),
    }


def prossime_del_luogo(luogo: Luogo, adesso: dt.datetime) -> list[RigaCalendario]:
    """The place's next public dates with their seats, as its page lists them at `adesso`.

    Two queries, a third of the page, for a list that changes only with a write or
    when one of its dates ends: kept per process under the version of
    PROSSIME_ATTIVITA (every write of an activity, a date, a registration, a closure
    or the place renews it), under the day (the list starts from today), and until
    the first listed date ends, when the next one takes its place.
    """
    return versioni.in_cache(
        PROSSIME_ATTIVITA,
        f"prossime-del-luogo:{luogo.pk}:{timezone.localdate(adesso).isoformat()}",
        lambda: righe_con_iscrizioni(
            list(prossime_occorrenze(adesso).filter(attivita__luogo=luogo)[:NUMERO_IN_PAGINA])
        ),
        lambda righe: secondi_di_validita([riga.occorrenza for riga in righe], adesso),
    )
