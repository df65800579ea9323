"""The site's main navigation: the modello Comuni's four first-level items.

Designers Italia's modello Comuni (criterion C.SI.1.6) wants exactly these
four items, in this order, each with its `data-element`: "Amministrazione"
(management), "Novità" (news), "Servizi" (all-services), "Vivere <città>"
(live). Every other section of the portal lives under one of them (README,
"Where the pages are"); further first-level items would lower the score.

"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Voce:
    label: str | Promise
    url: str
    data_element: str
    # Path prefixes of the pages that belong to this item (it shows as active there).
    sezioni: tuple[str, ...]


# (label, URL name, data-element, URL names of its pages)
_VOCI = (
    (
        _("Amministrazione"),
        "portal:amministrazione",
        "management",
        (
            "portal:amministrazione",
            "accordi:lista",
            "accordi:enti",
            "quartieri:partecipazione",
            "portal:numeri",
            "portal:open_data",
        ),
    ),
    (_("Novità"), "quartieri:novita", "news", ("quartieri:novita",)),
    (
        _("Servizi"),
        "quartieri:servizi",
        "all-services",
        ("quartieri:servizi",),
    ),
    (
        format_lazy(_("Vivere {citta}"), citta=settings.SITE_CITY),
        "quartieri:vivere",
        "live",
        ("quartieri:vivere", "quartieri:luoghi", "quartieri:attivita", "volontari:opportunita"),
    ),
)


def url_se_esiste(url_name: str) -> str | None:
    """The URL of `url_name`, or None while the section does not exist."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


@cache
def voci_menu() -> tuple[Voce, ...]:
    return tuple(
        Voce(label, reverse(url_name), data_element, tuple(map(reverse, pagine)))
        for label, url_name, data_element, pagine in _VOCI
    )


def voce_attiva(path: str) -> Voce | None:
    """The menu item whose section holds `path` (the first, where sections overlap)."""
    return next(
        (voce for voce in voci_menu() if any(path.startswith(s) for s in voce.sezioni)),
        None,
    )
