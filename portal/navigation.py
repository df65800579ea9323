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
    (_("Partecipazione"), "quartieri:partecipazione", ""),
    (_("Volontariato"), "volontari:opportunita", ""),
    (_("Numeri"), "portal:numeri", ""),
)


def url_se_esiste(url_name: str) -> str | None:
    """The URL of `url_name`, or None while the section does not exist."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


@cache
def voci_menu() -> tuple[Voce, ...]:
    voci = []
    for label, url_name, data_element in _VOCI:
        url = url_se_esiste(url_name)
        if url is not None:
            voci.append(Voce(label, url, data_element))
    return tuple(voci)
