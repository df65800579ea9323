"""Filters of the public participation pages: bodies by kind and area, requests by status."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartieri.filters.territorio import SCELTA_NON_VALIDA, filtro_ambito
from quartieri.models import AmbitoTerritoriale, Organismo, Quartiere, Richiesta


class OrganismoFilter(django_filters.FilterSet):
    """The filters of /partecipazione/."""

    tipo = django_filters.ChoiceFilter(
        choices=Organismo.Tipo.choices,
        label=_("Tipo di organismo"),
        empty_label=_("Tutti i tipi"),
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
    )
    ambito = filtro_ambito(method="nell_ambito")

    class Meta:
        model = Organismo
        fields: list[str] = []

    def nell_ambito(
        self, queryset: QuerySet, name: str, value: AmbitoTerritoriale | None
    ) -> QuerySet:
        """Bodies of the area, or of one of its neighbourhoods (no duplicate rows)."""
        if value is None:
            return queryset
        quartieri = Quartiere.objects.filter(organismi=OuterRef("pk"), ambito=value)
        dell_ambito = Organismo.objects.filter(ambiti=value).values("pk")
        return queryset.filter(Q(pk__in=dell_ambito) | Exists(quartieri))


class RichiestaFilter(django_filters.FilterSet):
    """The filters of /partecipazione/richieste/."""

    stato = django_filters.ChoiceFilter(
        choices=Richiesta.Stato.choices,
        label=_("Stato"),
        empty_label=_("Tutti gli stati"),
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
    )
    organismo = django_filters.ModelChoiceFilter(
        queryset=Organismo.objects.pubblicati(),
        to_field_name="slug",
        label=_("Organismo"),
        empty_label=_("Tutti gli organismi"),
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
    )
    scadute = django_filters.BooleanFilter(
        method="solo_scadute", widget=forms.CheckboxInput, label=_("Solo quelle in ritardo")
    )

    class Meta:
        model = Richiesta
        fields: list[str] = []

    def solo_scadute(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset.scadute(timezone.localdate()) if value else queryset
