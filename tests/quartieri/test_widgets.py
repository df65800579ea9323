"""SelectRapida writes, byte for byte, the markup of Django's template-rendered Select."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import translation
from django.utils.safestring import mark_safe

from accordi.filters import AccordoFilter, EnteFilter
from accordi.models import Accordo
from quartieri.filters.attivita import OccorrenzaFilter
from quartieri.filters.luoghi import LuogoFilter
from quartieri.models import Ente, Luogo, Occorrenza
from quartieri.widgets import SelectRapida
from tests.factories import crea_accordo, crea_luogo, crea_quartiere
from volontari.filters import OpportunitaFilter
from volontari.models import Opportunita

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


def _filtri(dati) -> list:
    return [
        LuogoFilter(dati, queryset=Luogo.objects.all()),
        OccorrenzaFilter(dati, queryset=Occorrenza.objects.all()),
        AccordoFilter(dati, queryset=Accordo.objects.all()),
        EnteFilter(dati, queryset=Ente.objects.all()),
        OpportunitaFilter(dati, queryset=Opportunita.objects.all()),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("lingua", ["it", "en"])
@pytest.mark.parametrize(
    "dati",
    [
        None,
        {"quartiere": "primo", "luogo": "primo", "tipo": "altro", "giorno": "3", "anno": "2025"},
        {"quartiere": "non-un-numero", "luogo": "sconosciuto", "pubblico": "nessuno"},
    ],
)
def test_stesso_markup_nei_filtri_anche_con_errori(dati, lingua):
    """Each widget as Django's Select renders it, the second time too, from the cache."""
    quartiere = crea_quartiere()
    luogo = crea_luogo(quartiere, nome="Casa <Rosa> & Co")
    crea_luogo(quartiere)
    crea_accordo(stato=Accordo.Stato.IN_CORSO, data_inizio=dt.date(2025, 3, 1))
    if dati and dati["quartiere"] == "primo":
        dati = {**dati, "quartiere": str(quartiere.pk), "luogo": luogo.slug}
    confrontati = 0
    with translation.override(lingua):
        for volta in range(2):
            for filtro in _filtri(dati):
                filtro.form.is_valid()
                for campo in filtro.form:
                    widget = campo.field.widget
                    if not isinstance(widget, SelectRapida):
                        continue
                    assert widget.firma, campo.name
                    rapido = str(campo)
                    campo.field.widget = forms.Select(attrs=widget.attrs, choices=widget.choices)
                    assert rapido == str(campo), (volta, campo.name)
                    confrontati += 1
    assert confrontati >= 2 * 20


@pytest.mark.django_db
def test_un_anno_di_avvio_nuovo_compare_nel_filtro(client):
    crea_accordo(stato=Accordo.Stato.IN_CORSO, data_inizio=dt.date(2025, 3, 1))
    assert '<option value="2024">' not in client.get("/accordi/").content.decode()
    crea_accordo(stato=Accordo.Stato.IN_CORSO, data_inizio=dt.date(2024, 3, 1))
    assert '<option value="2024">' in client.get("/accordi/").content.decode()
