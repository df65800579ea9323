"""SelectRapida writes, byte for byte, the markup of Django's template-rendered Select."""

from __future__ import annotations

import pytest
from django import forms
from django.utils.safestring import mark_safe

from quartieri.filters.attivita import OccorrenzaFilter
from quartieri.filters.luoghi import LuogoFilter
from quartieri.models import Luogo, Occorrenza
from quartieri.widgets import SelectRapida
from tests.factories import crea_luogo, crea_quartiere

SCELTE = [
    ("", "Tutti"),
    ("a<b", mark_safe("<b>già sicura</b>")),
    (None, "nessuno"),
    ("Gruppo & co", [("1", "uno"), (2, "due & tre")]),
    ("", [("3", "gruppo senza nome")]),
    (4, 'con "virgolette"'),
    ("4", "doppione: selezionato solo il primo"),
]


@pytest.mark.parametrize("valore", [None, "", "1", "2", "a<b", "4", ["1"], "assente"])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_n", "required": True, "disabled": False, "data-x": 'a"b', "class": "c"}],
)
def test_stesso_markup_del_select_di_django(valore, attrs):
    atteso = forms.Select(choices=SCELTE).render("n<", valore, attrs)
    assert SelectRapida(choices=SCELTE).render("n<", valore, attrs) == atteso


@pytest.mark.django_db
@pytest.mark.parametrize(
    "dati",
    [
        None,
        {"quartiere": "primo", "luogo": "primo", "tipo": "altro"},
        {"quartiere": "non-un-numero", "luogo": "sconosciuto", "pubblico": "nessuno"},
    ],
)
def test_stesso_markup_nei_filtri_anche_con_errori(dati):
    quartiere = crea_quartiere()
    luogo = crea_luogo(quartiere, nome="Casa <Rosa> & Co")
    crea_luogo(quartiere)
    if dati and dati["quartiere"] == "primo":
        dati = {**dati, "quartiere": str(quartiere.pk), "luogo": luogo.slug}
    confrontati = 0
    for filtro in (
        LuogoFilter(dati, queryset=Luogo.objects.all()),
        OccorrenzaFilter(dati, queryset=Occorrenza.objects.all()),
    ):
        filtro.form.is_valid()
        for campo in filtro.form:
            widget = campo.field.widget
            if not isinstance(widget, SelectRapida):
                continue
            rapido = str(campo)
            campo.field.widget = forms.Select(attrs=widget.attrs, choices=widget.choices)
            assert rapido == str(campo)
            confrontati += 1
    assert confrontati >= 8
