"""The site's main navigation.

Each section of the portal has its own app; a section whose URL does not
exist yet is left out of the menu instead of showing a dead link.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Voce:
    label: str
    url: str
    data_element: str


# data-element values are those the modello Comuni validator reads on the main menu.
_VOCI = (
    (_("Case di Quartiere"), "quartieri:luoghi", ""),
    (_("Servizi"), "quartieri:servizi", "all-services"),
    (_("Attività"), "quartieri:attivita", "live"),
    (_("Accordi"), "accordi:lista", ""),
    (_("Volontariato"), "volontari:opportunita", ""),
    (_("Numeri"), "portal:numeri", ""),
)


@cache
def voci_menu() -> tuple[Voce, ...]:
    voci = []
    for label, url_name, data_element in _VOCI:
        try:
            voci.append(Voce(label, reverse(url_name), data_element))
        except NoReverseMatch:
            continue
    return tuple(voci)
