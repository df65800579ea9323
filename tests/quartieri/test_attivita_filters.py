"""The calendar's filters: date shortcuts in Europe/Rome, ranges, places and kinds."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from quartieri.filters.attivita import OccorrenzaFilter, periodo_di
from quartieri.models import Attivita, Occorrenza
from tests.factories import crea_ambito, crea_attivita, crea_comune, crea_luogo, crea_quartiere

pytestmark = pytest.mark.django_db

ROMA = timezone.get_default_timezone()


def _titoli(parametri: dict) -> set[str]:
    filtro = OccorrenzaFilter(parametri, queryset=Occorrenza.objects.pubbliche())
    assert filtro.is_valid(), filtro.errors
    return set(filtro.qs.values_list("attivita__titolo", flat=True))


@pytest.mark.parametrize(
    ("oggi", "quando", "atteso"),
    [
        # Wednesday 11 March 2026.
        (dt.date(2026, 3, 11), "oggi", (dt.date(2026, 3, 11), dt.date(2026, 3, 12))),
        (dt.date(2026, 3, 11), "settimana", (dt.date(2026, 3, 11), dt.date(2026, 3, 16))),
        (dt.date(2026, 3, 11), "weekend", (dt.date(2026, 3, 14), dt.date(2026, 3, 16))),
        (dt.date(2026, 3, 14), "weekend", (dt.date(2026, 3, 14), dt.date(2026, 3, 16))),
        # On Sunday "this weekend" is what is left of today, "this week" too.
        (dt.date(2026, 3, 15), "weekend", (dt.date(2026, 3, 15), dt.date(2026, 3, 16))),
        (dt.date(2026, 3, 15), "settimana", (dt.date(2026, 3, 15), dt.date(2026, 3, 16))),
        # Monday: the whole week.
        (dt.date(2026, 3, 16), "settimana", (dt.date(2026, 3, 16), dt.date(2026, 3, 23))),
    ],
)
def test_periodo_delle_scorciatoie(oggi, quando, atteso):
    assert periodo_di(quando, oggi) == atteso


@pytest.fixture
def settimana(casa):
    """One activity a day at 20:00 local time, from Wednesday 11 to Tuesday 17 March 2026."""
    for giorno in range(11, 18):
        crea_attivita(
            casa, titolo=f"giorno {giorno}", inizio=dt.datetime(2026, 3, giorno, 20, tzinfo=ROMA)
        )


@pytest.mark.parametrize(
    ("quando", "giorni"),
    [("oggi", {11}), ("settimana", {11, 12, 13, 14, 15}), ("weekend", {14, 15})],
)
def test_scorciatoie_con_orologio_fermo(settimana, quando, giorni):
    with time_machine.travel(dt.datetime(2026, 3, 11, 9, tzinfo=ROMA), tick=False):
        assert _titoli({"quando": quando}) == {f"giorno {g}" for g in giorni}


def test_oggi_e_il_giorno_di_roma_non_quello_utc(settimana):
    with time_machine.travel(dt.datetime(2026, 3, 11, 23, 30, tzinfo=dt.UTC), tick=False):
        assert _titoli({"quando": "oggi"}) == {"giorno 12"}


def test_intervallo_di_date_comprende_l_ultimo_giorno(settimana):
    assert _titoli({"dal": "2026-03-13", "al": "2026-03-14"}) == {"giorno 13", "giorno 14"}
    assert _titoli({"dal": "16/03/2026"}) == {"giorno 16", "giorno 17"}
    assert _titoli({"al": "12/03/2026"}) == {"giorno 11", "giorno 12"}


def test_scorciatoia_e_date_si_intersecano(settimana):
    with time_machine.travel(dt.datetime(2026, 3, 11, 9, tzinfo=ROMA), tick=False):
        assert _titoli({"quando": "settimana", "dal": "2026-03-14"}) == {"giorno 14", "giorno 15"}


@pytest.mark.parametrize(
    "parametri",
    [
        {"dal": "31/02/2026"},
        {"dal": "domani"},
        {"al": "2026-13-01"},
        {"quando": "ieri"},
        {"tipo": "concerto"},
        {"luogo": "non-esiste"},
        {"quartiere": "abc"},
    ],
)
def test_valori_malformati_danno_un_errore_chiaro(parametri):
    filtro = OccorrenzaFilter(parametri, queryset=Occorrenza.objects.all())
    assert not filtro.is_valid()
    messaggi = " ".join(m for errori in filtro.errors.values() for m in errori)
    assert (
        "Data non valida" in messaggi
        or "Scelta non valida" in messaggi
        or "sconosciuto" in messaggi
    )


def test_data_finale_prima_di_quella_iniziale():
    filtro = OccorrenzaFilter(
        {"dal": "2026-03-14", "al": "2026-03-13"}, queryset=Occorrenza.objects.all()
    )
    assert not filtro.is_valid()
    assert filtro.errors["al"] == ["La data finale non può precedere quella iniziale."]


def test_filtri_per_luogo_quartiere_ambito_tipo_e_pubblico(casa, altra_casa):
    inizio = timezone.now() + dt.timedelta(days=1)
    crea_attivita(casa, titolo="Corso", tipo=Attivita.Tipo.CORSO, pubblico="anziani", inizio=inizio)
    crea_attivita(altra_casa, titolo="Evento", tipo=Attivita.Tipo.EVENTO, inizio=inizio)
    assert _titoli({"luogo": casa.slug}) == {"Corso"}
    assert _titoli({"quartiere": altra_casa.quartiere_id}) == {"Evento"}
    assert _titoli({"ambito": casa.quartiere.ambito_id}) == {"Corso"}
    assert _titoli({"tipo": "corso"}) == {"Corso"}
    assert _titoli({"pubblico": "anziani"}) == {"Corso"}


def test_comune_si_sceglie_solo_con_piu_comuni(casa):
    assert "comune" not in OccorrenzaFilter({}, queryset=Occorrenza.objects.all()).filters
    altro = crea_comune(nome="Bergamo", slug="bergamo", codice_istat="016024")
    luogo = crea_luogo(crea_quartiere(crea_ambito(altro)), nome="Casa Bergamo")
    crea_attivita(luogo, titolo="A Bergamo", inizio=timezone.now() + dt.timedelta(days=1))
    crea_attivita(casa, titolo="A Reggio", inizio=timezone.now() + dt.timedelta(days=1))
    assert "comune" in OccorrenzaFilter({}, queryset=Occorrenza.objects.all()).filters
    assert _titoli({"comune": altro.pk}) == {"A Bergamo"}
