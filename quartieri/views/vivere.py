"""/vivere/: the modello Comuni's "Vivere <città>" page: places, events, what is coming up."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from portal.cache_pagine import PaginaPubblicaInCacheMixin
from quartieri.views.attivita import prossime_occorrenze

# The next dates shown under the two buttons; the whole calendar is one click away.
PROSSIMI_EVENTI = 6


class VivereView(PaginaPubblicaInCacheMixin, TemplateView):
    template_name = "quartieri/vivere.html"

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        titolo = format_lazy(_("Vivere {citta}"), citta=settings.SITE_CITY)
        context.update(
            titolo=titolo,
            occorrenze=list(prossime_occorrenze(timezone.now())[:PROSSIMI_EVENTI]),
            briciole=[(titolo, None)],
        )
        return context
