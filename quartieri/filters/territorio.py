"""The territorial filters shared by the public lists: comune, ambito, quartiere, luogo.

Every list that can be narrowed by place shows the same label, the same "all"
choice and the same error for a value not in the list, so that the pages read
alike and share one translation each. What differs from page to page is passed
in: how the filter reaches the place (`field_name` or `method`), the widget,
and the few wordings a page changes on purpose.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from quartieri.models import AmbitoTerritoriale, Comune, Quartiere

QUARTIERE_SCONOSCIUTO = _("Quartiere sconosciuto: scegli un quartiere dall'elenco.")
SCELTA_NON_VALIDA = _("Scelta non valida: scegli un valore dall'elenco.")


def filtro_comune(
    *, invalid_choice: str = SCELTA_NON_VALIDA, **opzioni: Any
) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        queryset=Comune.objects.all(),
        label=_("Comune"),
        empty_label=_("Tutti i comuni"),
        error_messages={"invalid_choice": invalid_choice},
        **opzioni,
    )


def filtro_ambito(
    *,
    empty_label: str = _("Tutti gli ambiti"),
    invalid_choice: str = SCELTA_NON_VALIDA,
    **opzioni: Any,
) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        queryset=AmbitoTerritoriale.objects.all(),
        label=_("Ambito territoriale"),
        empty_label=empty_label,
        error_messages={"invalid_choice": invalid_choice},
        **opzioni,
    )


def filtro_quartiere(
    *, invalid_choice: str = QUARTIERE_SCONOSCIUTO, **opzioni: Any
) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        queryset=Quartiere.objects.all(),
        label=_("Quartiere o frazione"),
        empty_label=_("Tutti i quartieri"),
        error_messages={"invalid_choice": invalid_choice},
        **opzioni,
    )


def filtro_luogo(
    *, queryset: QuerySet, invalid_choice: str = SCELTA_NON_VALIDA, **opzioni: Any
) -> django_filters.ModelChoiceFilter:
    """The places worth offering differ by page, so the caller always chooses them."""
    return django_filters.ModelChoiceFilter(
        queryset=queryset,
        label=_("Luogo"),
        empty_label=_("Tutti i luoghi"),
        error_messages={"invalid_choice": invalid_choice},
        **opzioni,
    )
