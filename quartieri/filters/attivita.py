"""Filters of the public calendar (/attivita/), shared by its iCalendar feed."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.validators import valida_data_plausibile
from quartieri.filters.territorio import (
    SCELTA_NON_VALIDA,
    filtro_ambito,
    filtro_comune,
    filtro_luogo,
    filtro_quartiere,
    piu_comuni,
)
from quartieri.models import Attivita, Luogo, Occorrenza
from quartieri.orari import fuso_orario
from quartieri.widgets import FiltriPubblici, SelectRapida

DATA_NON_VALIDA = _("Data non valida: scrivila come 31/12/2025.")
# The date picker sends ISO dates; people typing by hand write them the Italian way.
FORMATI_DATA = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"]


def inizio_del_giorno(giorno: dt.date) -> dt.datetime:
    """Midnight of `giorno` in Europe/Rome, as an aware datetime."""
    return dt.datetime.combine(giorno, dt.time.min, fuso_orario())


def periodo_di(quando: str, oggi: dt.date) -> tuple[dt.date, dt.date]:
    """The days [first, last) a date shortcut stands for, counted from `oggi` (local date)."""
    if quando == "oggi":
        return oggi, oggi + dt.timedelta(days=1)
    lunedi_prossimo = oggi + dt.timedelta(days=7 - oggi.weekday())
    if quando == "settimana":
        return oggi, lunedi_prossimo
    # "weekend": Saturday and Sunday of this week; on Sunday only what is left of it.
    sabato = lunedi_prossimo - dt.timedelta(days=2)
    return max(sabato, oggi), lunedi_prossimo


class CalendarioForm(forms.Form):
    """The last day of a range cannot come before the first."""

    def clean(self) -> dict:
        dati = super().clean()
        dal, al = dati.get("dal"), dati.get("al")
        if dal and al and al < dal:
            self.add_error("al", _("La data finale non può precedere quella iniziale."))
        return dati


def _campo_data(etichetta: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        label=etichetta,
        method="nel_periodo",
        input_formats=FORMATI_DATA,
        error_messages={"invalid": DATA_NON_VALIDA},
        validators=[valida_data_plausibile],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )


class OccorrenzaFilter(FiltriPubblici):
    """What /attivita/ and /attivita/calendario.ics can be narrowed by.

    An occurrence belongs to the day it starts on (Europe/Rome): the date
    filters compare `inizio` only, which the (inizio, fine) index answers.
    """

    comune = filtro_comune(field_name="attivita__luogo__quartiere__comune", widget=SelectRapida)
    ambito = filtro_ambito(field_name="attivita__luogo__quartiere__ambito", widget=SelectRapida)
    quartiere = filtro_quartiere(field_name="attivita__luogo__quartiere", widget=SelectRapida)
    luogo = filtro_luogo(
        queryset=Luogo.objects.pubblicati().only("pk", "slug", "nome"),
        field_name="attivita__luogo",
        to_field_name="slug",
        widget=SelectRapida,
    )
    tipo = django_filters.ChoiceFilter(
        field_name="attivita__tipo",
        choices=Attivita.Tipo.choices,
        label=_("Tipo di attività"),
        empty_label=_("Tutti i tipi"),
        widget=SelectRapida,
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
    )
    pubblico = django_filters.ChoiceFilter(
        field_name="attivita__pubblico",
        choices=Attivita.Pubblico.choices,
        label=_("A chi si rivolge"),
        empty_label=_("Tutto il pubblico"),
        widget=SelectRapida,
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
    )
    quando = django_filters.ChoiceFilter(
        choices=[
            ("oggi", _("Oggi")),
            ("settimana", _("Questa settimana")),
            ("weekend", _("Questo fine settimana")),
        ],
        method="nel_periodo",
        label=_("Quando"),
        empty_label=_("Da oggi in poi"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": SCELTA_NON_VALIDA},
    )
    dal = _campo_data(_("Dal giorno"))
    al = _campo_data(_("Al giorno (compreso)"))

    class Meta:
        model = Occorrenza
        fields: list[str] = []
        form = CalendarioForm

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not piu_comuni():
            del self.filters["comune"]

    def nel_periodo(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Narrow to occurrences starting on the chosen days; shortcut and range intersect."""
        if not value:
            return queryset
        if name == "quando":
            primo, dopo_ultimo = periodo_di(value, timezone.localdate())
            return queryset.filter(
                inizio__gte=inizio_del_giorno(primo), inizio__lt=inizio_del_giorno(dopo_ultimo)
            )
        if name == "dal":
            return queryset.filter(inizio__gte=inizio_del_giorno(value))
        return queryset.filter(inizio__lt=inizio_del_giorno(value + dt.timedelta(days=1)))
