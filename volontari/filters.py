"""Filters of the public list of volunteering opportunities (/volontariato/)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from quartieri.filters.territorio import (
    SCELTA_NON_VALIDA,
    filtro_ambito,
    filtro_luogo,
    filtro_quartiere,
)
from quartieri.models import AmbitoTerritoriale, Luogo, Quartiere
from quartieri.widgets import FiltriPubblici, SelectRapida
from volontari.models import Opportunita

# The activity area: a council service, or "a project of an Accordo". Called
# "settore" (as R+ does) so it is never confused with the territorial ambito.
PROGETTI_ACCORDI = "progetti_accordi"
SETTORI = [
    *Opportunita.Servizio.choices,
    (PROGETTI_ACCORDI, _("progetti degli accordi di cittadinanza")),
]
NOMI_GIORNI = [
    _("lunedì"),
    _("martedì"),
    _("mercoledì"),
    _("giovedì"),
    _("venerdì"),
    _("sabato"),
    _("domenica"),
]


class OpportunitaFilter(FiltriPubblici):
    """What /volontariato/ can be narrowed by: area, place, neighbourhood, weekday, text."""

    q = django_filters.CharFilter(
        label=_("Cerca nel titolo, nella descrizione o nelle competenze"),
        method="cerca",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    settore = django_filters.ChoiceFilter(
        choices=SETTORI,
        method="nel_settore",
        label=_("Ambito di attività"),
        empty_label=_("Tutti gli ambiti di attività"),
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
        widget=SelectRapida,
    )
    ambito = filtro_ambito(
        method="nell_ambito",
        empty_label=_("Tutti gli ambiti territoriali"),
        widget=SelectRapida,
    )
    quartiere = filtro_quartiere(method="nel_quartiere", widget=SelectRapida)
    luogo = filtro_luogo(
        queryset=Luogo.objects.filter(
            pk__in=Opportunita.objects.aperte().filter(luogo__isnull=False).values("luogo")
        ).order_by("nome"),
        widget=SelectRapida,
    )
    giorno = django_filters.ChoiceFilter(
        choices=[(str(numero), nome) for numero, nome in enumerate(NOMI_GIORNI)],
        method="nel_giorno",
        label=_("Giorno della settimana"),
        empty_label=_("Qualsiasi giorno"),
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
        widget=SelectRapida,
    )

    class Meta:
        model = Opportunita
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for nome in ("settore", "ambito", "quartiere", "luogo", "giorno"):
            self.form.fields[nome].widget.attrs["class"] = "form-select"
        self.form.fields["quartiere"].queryset = Quartiere.objects.order_by("nome")
        self.form.fields["ambito"].queryset = AmbitoTerritoriale.objects.order_by("nome")

    def cerca(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        testo = value.strip()
        if not testo:
            return queryset
        return queryset.filter(
            Q(titolo__icontains=testo)
            | Q(descrizione__icontains=testo)
            | Q(competenze__icontains=testo)
        )

    def nel_settore(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        if value == PROGETTI_ACCORDI:
            return queryset.filter(tipo=Opportunita.Tipo.PROGETTO_ACCORDO)
        return queryset.filter(servizio_comunale=value)

    def nel_quartiere(self, queryset: QuerySet, name: str, value: Quartiere | None) -> QuerySet:
        # An opportunity names its quartiere, or takes its place's.
        if value is None:
            return queryset
        return queryset.filter(Q(quartiere=value) | Q(luogo__quartiere=value))

    def nell_ambito(
        self, queryset: QuerySet, name: str, value: AmbitoTerritoriale | None
    ) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(Q(quartiere__ambito=value) | Q(luogo__quartiere__ambito=value))

    def nel_giorno(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return queryset.nel_giorno(int(value))
