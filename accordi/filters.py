"""Filters of the public pages: the list of agreements and the registry of organisations."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accordi.models import Accordo, StatoAccordo, StatoSecondoLeDate, Tema
from accordi.models.accordi import STATI_RISERVATI
from accordi.versioni import SCHEDE_ACCORDI
from portal import versioni
from quartieri.filters.territorio import (
    SCELTA_NON_VALIDA,
    SceltaPerNomeFilter,
    filtro_ambito,
    filtro_comune,
    filtro_quartiere,
    piu_comuni,
)
from quartieri.models import AmbitoTerritoriale, Ente, Quartiere, Settore
from quartieri.widgets import SECONDI_CACHE_SCELTE, FiltriPubblici, SelectRapida

# The states a visitor reads on the list: "scaduto" and "da rinnovare" included,
# so that choosing "firmato" does not bring up agreements past their term.
STATI_PUBBLICI = [(s.value, s.label) for s in StatoAccordo if s not in STATI_RISERVATI] + list(
    StatoSecondoLeDate.choices
)


def _anni_di_avvio() -> list[tuple[int, int]]:
    # Only the years some public agreement started in: an empty choice helps nobody.
    # Read on every page of the list, kept until an agreement is written.
    def leggi() -> list[tuple[int, int]]:
        anni = Accordo.objects.pubblici().dates("data_inizio", "year", order="DESC")
        return [(d.year, d.year) for d in anni]

    return versioni.in_cache(SCHEDE_ACCORDI, "anni-di-avvio", leggi, SECONDI_CACHE_SCELTE)


class AccordoFilter(FiltriPubblici):
    """The filters of /accordi/. The year is the year the agreement started (data_inizio)."""

    q = django_filters.CharFilter(
        label=_("Cerca per titolo o codice"),
        method="cerca",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    comune = filtro_comune(widget=SelectRapida)
    ambito = filtro_ambito(method="nell_ambito", widget=SelectRapida)
    quartiere = filtro_quartiere(
        method="nel_quartiere", invalid_choice=SCELTA_NON_VALIDA, widget=SelectRapida
    )
    tema = SceltaPerNomeFilter(
        queryset=Tema.objects.all(),
        to_field_name="slug",
        method="con_tema",
        label=_("Tema"),
        empty_label=_("Tutti i temi"),
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
        widget=SelectRapida,
    )
    stato = django_filters.ChoiceFilter(
        choices=STATI_PUBBLICI,
        field_name="stato_secondo_le_date",
        label=_("Stato"),
        empty_label=_("Tutti gli stati"),
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
        widget=SelectRapida,
    )
    anno = django_filters.ChoiceFilter(
        choices=_anni_di_avvio,
        field_name="data_inizio__year",
        label=_("Anno di avvio"),
        empty_label=_("Tutti gli anni"),
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
        widget=SelectRapida,
    )

    class Meta:
        model = Accordo
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not piu_comuni():
            del self.filters["comune"]

    def cerca(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        testo = value.strip()
        if not testo:
            return queryset
        return queryset.filter(Q(titolo__icontains=testo) | Q(codice__icontains=testo))

    def nel_quartiere(self, queryset: QuerySet, name: str, value: Quartiere | None) -> QuerySet:
        # Exists, not a join: a join on the many-to-many would multiply the counted rows.
        if value is None:
            return queryset
        coperti = Accordo.quartieri.through.objects.filter(accordo=OuterRef("pk"), quartiere=value)
        return queryset.filter(Exists(coperti))

    def nell_ambito(
        self, queryset: QuerySet, name: str, value: AmbitoTerritoriale | None
    ) -> QuerySet:
        """The agreement's own area, or one of its neighbourhoods lies in it."""
        if value is None:
            return queryset
        quartieri = Accordo.quartieri.through.objects.filter(
            accordo=OuterRef("pk"), quartiere__ambito=value
        )
        return queryset.filter(Q(ambito=value) | Exists(quartieri))

    def con_tema(self, queryset: QuerySet, name: str, value: Tema | None) -> QuerySet:
        if value is None:
            return queryset
        temi = Accordo.temi.through.objects.filter(accordo=OuterRef("pk"), tema=value)
        return queryset.filter(Exists(temi))


class EnteFilter(FiltriPubblici):
    """The filters of /enti/, the public registry of organisations."""

    q = django_filters.CharFilter(
        label=_("Cerca per nome"),
        field_name="nome",
        lookup_expr="icontains",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    settore = SceltaPerNomeFilter(
        queryset=Settore.objects.all(),
        to_field_name="slug",
        method="nel_settore",
        label=_("Settore"),
        empty_label=_("Tutti i settori"),
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
        widget=SelectRapida,
    )
    quartiere = filtro_quartiere(invalid_choice=SCELTA_NON_VALIDA, widget=SelectRapida)
    sezione_runts = django_filters.ChoiceFilter(
        choices=Ente.SezioneRunts.choices,
        label=_("Sezione del RUNTS"),
        empty_label=_("Tutte le sezioni"),
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
        widget=SelectRapida,
    )

    class Meta:
        model = Ente
        fields: list[str] = []

    def nel_settore(self, queryset: QuerySet, name: str, value: Settore | None) -> QuerySet:
        if value is None:
            return queryset
        settori = Ente.settori.through.objects.filter(ente=OuterRef("pk"), settore=value)
        return queryset.filter(Exists(settori))
