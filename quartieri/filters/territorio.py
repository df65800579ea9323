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
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from portal import versioni
from quartieri.models import AmbitoTerritoriale, Comune, Quartiere
from quartieri.versioni import SCELTE_DEI_FILTRI

QUARTIERE_SCONOSCIUTO = _("Quartiere sconosciuto: scegli un quartiere dall'elenco.")
SCELTA_NON_VALIDA = _("Scelta non valida: scegli un valore dall'elenco.")


def piu_comuni() -> bool:
    """Whether the choice of comune is worth showing: a single-city deployment never shows it.

    Asked by every filtered list, answered from the cache until a comune is added or removed.
    """
    return versioni.in_cache(
        SCELTE_DEI_FILTRI, "piu-comuni", lambda: Comune.objects.count() > 1, 60 * 60
    )


class IteratoreDiNomi(ModelChoiceIterator):
    """The choices as (value, name) pairs read in one query, no model instance per row.

    Django builds an instance per option (a thousand places on every filter
    page: a third of the page's time) only to print its value and its name.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.queryset.values_list(self.field.to_field_name or "pk", "nome")


class CampoSceltaPerNome(ModelChoiceField):
    """A model choice whose label is the model's `nome`, as its `__str__` returns."""

    iterator = IteratoreDiNomi


class SceltaPerNomeFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter of a model printed as its `nome`: cleaning stays Django's."""

    field_class = CampoSceltaPerNome


def filtro_comune(
    *, invalid_choice: str = SCELTA_NON_VALIDA, **opzioni: Any
) -> SceltaPerNomeFilter:
    return SceltaPerNomeFilter(
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
) -> SceltaPerNomeFilter:
    return SceltaPerNomeFilter(
        queryset=AmbitoTerritoriale.objects.all(),
        label=_("Ambito territoriale"),
        empty_label=empty_label,
        error_messages={"invalid_choice": invalid_choice},
        **opzioni,
    )


def filtro_quartiere(
    *, invalid_choice: str = QUARTIERE_SCONOSCIUTO, **opzioni: Any
) -> SceltaPerNomeFilter:
    return SceltaPerNomeFilter(
        queryset=Quartiere.objects.all(),
        label=_("Quartiere o frazione"),
        empty_label=_("Tutti i quartieri"),
        error_messages={"invalid_choice": invalid_choice},
        **opzioni,
    )


def filtro_luogo(
    *, queryset: QuerySet, invalid_choice: str = SCELTA_NON_VALIDA, **opzioni: Any
) -> SceltaPerNomeFilter:
    """The places worth offering differ by page, so the caller always chooses them."""
    return SceltaPerNomeFilter(
        queryset=queryset,
        label=_("Luogo"),
        empty_label=_("Tutti i luoghi"),
        error_messages={"invalid_choice": invalid_choice},
        **opzioni,
    )
