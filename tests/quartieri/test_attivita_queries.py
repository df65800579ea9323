"""Query counts of the public calendar: constant whether there are few or many dates."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from quartieri.services import attivita as services_attivita
from tests.conftest import crea_utente
from tests.factories import crea_attivita

pytestmark = pytest.mark.django_db

ROMA = timezone.get_default_timezone()
ADESSO = dt.datetime(2026, 3, 11, 10, 0, tzinfo=ROMA)


@pytest.fixture(params=[2, 30], ids=["poche", "molte"])
def calendario_pieno(request, casa, altra_casa):
    """`n` activities per place, half with sign-ups, some weekly, some people signed up."""
    with time_machine.travel(ADESSO, tick=False):
        for luogo in (casa, altra_casa):
            for n in range(request.param):
                attivita = crea_attivita(
                    luogo,
                    titolo=f"Attività {n}",
                    inizio=ADESSO + dt.timedelta(hours=3 + n),
                    iscrizione_richiesta=n % 2 == 0,
                    capienza=1 if n % 4 == 0 else None,
                    settimanale=n % 3 == 0,
                    ripeti_fino_al=(ADESSO + dt.timedelta(weeks=3)).date() if n % 3 == 0 else None,
                )
                if attivita.iscrizione_richiesta:
                    occorrenza = attivita.occorrenze.order_by("inizio").first()
                    for k in range(2):
                        services_attivita.iscrivi(
                            occorrenza=occorrenza,
                            utente=crea_utente(f"p{luogo.pk}-{n}-{k}@esempio.test"),
                        )
    return request.param


@pytest.fixture
def orologio():
    with time_machine.travel(ADESSO, tick=False):
        yield


def test_query_dell_elenco(client, django_assert_max_num_queries, calendario_pieno, orologio):
    """1. number of comuni (is the comune filter shown?)
    2. the page's dates with activity and place (one row past the page, no COUNT)
    3. confirmed and waiting sign-ups of those dates, grouped
    4-6. the options of the ambito, quartiere and luogo filters
    """
    with django_assert_max_num_queries(6):
        risposta = client.get(reverse("quartieri:attivita"))
    assert risposta.status_code == 200


def test_query_dell_elenco_filtrato(
    client, django_assert_max_num_queries, calendario_pieno, casa, orologio
):
    """1. number of comuni; 2-4. the chosen ambito, quartiere and luogo are looked up
    5. the page's dates; 6. their sign-ups; 7-9. the options of the three selects
    """
    parametri = {
        "quando": "settimana",
        "ambito": casa.quartiere.ambito_id,
        "quartiere": casa.quartiere_id,
        "luogo": casa.slug,
        "tipo": "incontro",
        "pubblico": "tutti",
        "dal": "2026-03-11",
        "al": "2026-03-20",
    }
    with django_assert_max_num_queries(9):
        risposta = client.get(reverse("quartieri:attivita"), parametri)
    assert risposta.status_code == 200
    assert "Attività 1" in risposta.content.decode()


def test_query_del_dettaglio_per_chi_e_in_lista_d_attesa(
    client, django_assert_max_num_queries, calendario_pieno, casa, cittadino, orologio
):
    """1. the session; 2. the user
    3. the date with activity, place, quartiere, comune, organiser and sign-up counts
    4. the user's sign-up; 5. their place on the waiting list
    """
    occorrenza = casa.attivita.get(titolo="Attività 0").occorrenze.order_by("inizio").first()
    services_attivita.iscrivi(occorrenza=occorrenza, utente=cittadino)
    client.force_login(cittadino)
    with django_assert_max_num_queries(5):
        risposta = client.get(reverse("quartieri:attivita_dettaglio", args=[occorrenza.pk]))
    assert "posizione 2" in risposta.content.decode()


def test_query_del_dettaglio_anonimo(
    client, django_assert_max_num_queries, calendario_pieno, casa, orologio
):
    """1. the date with activity, place, quartiere, comune, organiser and sign-up counts
    2. the place's exceptions on that day (is it closed?)"""
    occorrenza = casa.attivita.get(titolo="Attività 0").occorrenze.order_by("inizio").first()
    with django_assert_max_num_queries(2):
        risposta = client.get(reverse("quartieri:attivita_dettaglio", args=[occorrenza.pk]))
    assert risposta.status_code == 200


def test_query_della_pagina_del_luogo_con_le_attivita(
    client, django_assert_max_num_queries, calendario_pieno, casa, orologio
):
    """1. the place with quartiere, ambito, comune, gestore
    2-4. weekly slots, coming exceptions, published services (with 5. their categories'
    slots prefetch); 6. the place's next dates; 7. their sign-ups
    """
    with django_assert_max_num_queries(7):
        risposta = client.get(casa.get_absolute_url())
    assert "Prossime attività" in risposta.content.decode()


def test_query_del_feed(client, django_assert_max_num_queries, calendario_pieno, orologio):
    """1. number of comuni (the page's filters); 2. the window's rows, as plain values"""
    with django_assert_max_num_queries(2):
        risposta = client.get(reverse("quartieri:attivita_ics_tutte"))
    assert risposta.status_code == 200


def test_query_del_feed_del_luogo(
    client, django_assert_max_num_queries, calendario_pieno, casa, orologio
):
    """1. the published place; 2. its rows in the window, as plain values"""
    with django_assert_max_num_queries(2):
        risposta = client.get(reverse("quartieri:luogo_ics", kwargs={"slug": casa.slug}))
    assert risposta.status_code == 200


def test_feed_in_cache_non_interroga_le_date(
    client, django_assert_max_num_queries, calendario_pieno, orologio
):
    """A second request within the cache time: 1. number of comuni only."""
    url = reverse("quartieri:attivita_ics_tutte")
    client.get(url)
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200
