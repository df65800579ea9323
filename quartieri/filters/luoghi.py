"""Filters of the public pages: the list of places and the service finder."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartieri.distanza import espressione_distanza_km
from quartieri.filters.territorio import (
    QUARTIERE_SCONOSCIUTO,
    SCELTA_NON_VALIDA,
    SceltaPerNomeFilter,
    filtro_ambito,
    filtro_comune,
    filtro_quartiere,
    piu_comuni,
)
from quartieri.models import CategoriaServizio, Luogo, Quartiere, Servizio
from quartieri.widgets import FiltriPubblici, SelectRapida

CATEGORIA_SCONOSCIUTA = _("Categoria sconosciuta: scegli una categoria dall'elenco.")


def _e_postgresql(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


class PosizioneForm(forms.Form):
    """Latitude and longitude only make sense together."""

    def clean(self) -> dict:
        dati = super().clean()
        lat, lon = dati.get("lat"), dati.get("lon")
        coordinate_valide = "lat" not in self.errors and "lon" not in self.errors
        if coordinate_valide and (lat is None) != (lon is None):
            raise forms.ValidationError(
                _(
                    "Per cercare vicino a una posizione servono sia la latitudine "
                    "sia la longitudine."
                )
            )
        return dati


class VicinoAMeFilterSet(FiltriPubblici):
    """The user's position ("Vicino a me", hidden lat/lon) and the sort by distance from it.

    Subclasses say where their rows' coordinates are (`campo_lat`, `campo_lon`)
    and how they are sorted without a position (`ordine_senza_posizione`).
    """

    campo_lat = "lat"
    campo_lon = "lon"
    ordine_senza_posizione: tuple[str, ...] = ("pk",)

    lat = django_filters.NumberFilter(
        method="origine_della_distanza",
        label=_("Latitudine"),
        min_value=-90,
        max_value=90,
        error_messages={
            "invalid": _("La latitudine deve essere un numero, per esempio 44.698."),
            "min_value": _("La latitudine è compresa tra -90 e 90."),
            "max_value": _("La latitudine è compresa tra -90 e 90."),
        },
        widget=forms.HiddenInput,
    )
    lon = django_filters.NumberFilter(
        method="origine_della_distanza",
        label=_("Longitudine"),
        min_value=-180,
        max_value=180,
        error_messages={
            "invalid": _("La longitudine deve essere un numero, per esempio 10.631."),
            "min_value": _("La longitudine è compresa tra -180 e 180."),
            "max_value": _("La longitudine è compresa tra -180 e 180."),
        },
        widget=forms.HiddenInput,
    )

    def origine_della_distanza(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # The point does not filter: filter_queryset sorts by the distance from it.
        return queryset

    @property
    def origine(self) -> tuple[float, float] | None:
        """The point distances are measured from: the user's position, if sent."""
        dati = getattr(self.form, "cleaned_data", {})
        if dati.get("lat") is not None and dati.get("lon") is not None:
            return float(dati["lat"]), float(dati["lon"])
        return None

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if self.origine is None:
            return queryset.order_by(*self.ordine_senza_posizione)
        lat, lon = self.origine
        distanza = espressione_distanza_km(
            lat, lon, campo_lat=self.campo_lat, campo_lon=self.campo_lon
        )
        return queryset.annotate(distanza_km=distanza).order_by("distanza_km", "pk")


class LuogoFilter(VicinoAMeFilterSet):
    """The filters of /case-di-quartiere/, sorted by name or by distance from the user."""

    ordine_senza_posizione = ("nome", "pk")

    q = django_filters.CharFilter(
        label=_("Cerca per nome, descrizione o servizio"),
        method="cerca",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    comune = filtro_comune(field_name="quartiere__comune", widget=SelectRapida)
    ambito = filtro_ambito(field_name="quartiere__ambito", widget=SelectRapida)
    quartiere = filtro_quartiere(widget=SelectRapida)
    tipo = django_filters.ChoiceFilter(
        choices=Luogo.Tipo.choices,
        label=_("Tipo di luogo"),
        empty_label=_("Tutti i tipi"),
        widget=SelectRapida,
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
    )
    categoria = SceltaPerNomeFilter(
        queryset=CategoriaServizio.objects.all(),
        to_field_name="slug",
        method="con_servizi_della_categoria",
        label=_("Servizio offerto"),
        empty_label=_("Tutti i servizi"),
        widget=SelectRapida,
        error_messages={"invalid_choice": CATEGORIA_SCONOSCIUTA},
    )
    aperto_ora = django_filters.BooleanFilter(
        method="aperti_ora", widget=forms.CheckboxInput, label=_("Aperto ora")
    )
    senza_gradini = django_filters.BooleanFilter(
        method="con_ingresso_senza_gradini",
        widget=forms.CheckboxInput,
        label=_("Ingresso senza gradini"),
    )

    class Meta:
        model = Luogo
        fields: list[str] = []
        form = PosizioneForm

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not piu_comuni():
            del self.filters["comune"]

    def cerca(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Name, description and the titles of published services."""
        testo = value.strip()
        if not testo:
            return queryset
        servizi = Servizio.objects.filter(luogo=OuterRef("pk"), pubblicato=True)
        if _e_postgresql(queryset):
            query = SearchQuery(testo, config="italian", search_type="websearch")
            servizi = servizi.annotate(
                documento=SearchVector("titolo", "categoria__nome", config="italian")
            ).filter(documento=query)
            # icontains on the name too: full-text search does not match a name's prefix.
            return queryset.annotate(
                documento=SearchVector("nome", "descrizione", config="italian")
            ).filter(Q(documento=query) | Q(nome__icontains=testo) | Exists(servizi))
        servizi = servizi.filter(Q(titolo__icontains=testo) | Q(categoria__nome__icontains=testo))
        return queryset.filter(
            Q(nome__icontains=testo) | Q(descrizione__icontains=testo) | Exists(servizi)
        )

    def con_servizi_della_categoria(
        self, queryset: QuerySet, name: str, value: CategoriaServizio | None
    ) -> QuerySet:
        if value is None:
            return queryset
        servizi = Servizio.objects.filter(luogo=OuterRef("pk"), pubblicato=True, categoria=value)
        return queryset.filter(Exists(servizi))

    def aperti_ora(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset.aperti_il(timezone.now()) if value else queryset

    def con_ingresso_senza_gradini(
        self, queryset: QuerySet, name: str, value: bool | None
    ) -> QuerySet:
        # Unchecked means "any", not "only places with steps".
        return queryset.filter(ingresso_senza_gradini=True) if value else queryset


class ServizioFilter(VicinoAMeFilterSet):
    """The service finder: category, open now, and the point to sort by distance from."""

    campo_lat = "luogo__lat"
    campo_lon = "luogo__lon"
    ordine_senza_posizione = ("categoria__ordine", "titolo", "pk")

    categoria = SceltaPerNomeFilter(
        queryset=CategoriaServizio.objects.all(),
        to_field_name="slug",
        label=_("Categoria"),
        empty_label=_("Tutte le categorie"),
        widget=SelectRapida,
        error_messages={"invalid_choice": CATEGORIA_SCONOSCIUTA},
    )
    quartiere = SceltaPerNomeFilter(
        queryset=Quartiere.objects.all(),
        method="origine_della_distanza",
        label=_("Vicino al quartiere"),
        empty_label=_("Scegli un quartiere"),
        widget=SelectRapida,
        error_messages={"invalid_choice": QUARTIERE_SCONOSCIUTO},
    )
    aperto_ora = django_filters.BooleanFilter(
        method="aperti_ora", widget=forms.CheckboxInput, label=_("Aperto ora")
    )
    prenotazione = django_filters.BooleanFilter(
        method="su_prenotazione", widget=forms.CheckboxInput, label=_("Su prenotazione")
    )

    class Meta:
        model = Servizio
        fields: list[str] = []
        form = PosizioneForm

    def aperti_ora(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset.aperti_il(timezone.now()) if value else queryset

    def su_prenotazione(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        # Unticked means "any": the box narrows to services booked by appointment.
        return queryset.filter(prenotazione=True) if value else queryset

    @property
    def origine(self) -> tuple[float, float] | None:
        """The chosen quartiere's centre, else the user's position.

        The quartiere wins because it is the visible choice: the position stays in
        hidden fields after "Vicino a me" and would otherwise override a later choice.
        """
        dati = getattr(self.form, "cleaned_data", {})
        if dati.get("quartiere") is not None:
            return dati["quartiere"].lat, dati["quartiere"].lon
        return super().origine
