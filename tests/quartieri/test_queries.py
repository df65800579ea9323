"""The public pages run a fixed number of queries, with 10 places or with 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from quartieri.models import (
    EccezioneOrario,
    FasciaOraria,
    FasciaOrariaServizio,
    Luogo,
    Servizio,
)
from tests.factories import crea_ambito, crea_categoria, crea_quartiere

pytestmark = pytest.mark.django_db

LISTA = 9
DETTAGLIO = 7
FINDER = 10
HOME = 5


def popola(numero_luoghi: int) -> Luogo:
    """`numero_luoghi` published places with weekly hours, an exception and two services each.

    Returns the first place, which also gets 30 more services with their own hours.
    """
    quartieri = [crea_quartiere(crea_ambito()) for _ in range(5)]
    categorie = [crea_categoria() for _ in range(3)]
    luoghi = Luogo.objects.bulk_create(
        Luogo(
            nome=f"Luogo {n:04d}",
            slug=f"luogo-{n:04d}",
            quartiere=quartieri[n % 5],
            lat=44.6 + n / 5000,
            lon=10.6 + n / 5000,
        )
        for n in range(numero_luoghi)
    )
    FasciaOraria.objects.bulk_create(
        FasciaOraria(luogo=luogo, giorno=giorno, apre=dt.time(9), chiude=dt.time(19))
        for luogo in luoghi
        for giorno in range(7)
    )
    oggi = timezone.localdate()
    EccezioneOrario.objects.bulk_create(
        EccezioneOrario(luogo=luogo, data_inizio=oggi, data_fine=oggi) for luogo in luoghi
    )
    servizi = Servizio.objects.bulk_create(
        Servizio(
            luogo=luogo,
            categoria=categorie[n % 3],
            titolo=f"Servizio {luogo.pk}-{n}",
            usa_orari_luogo=n % 2 == 0,
        )
        for luogo in luoghi
        for n in range(2)
    )
    servizi += Servizio.objects.bulk_create(
        Servizio(
            luogo=luoghi[0], categoria=categorie[0], titolo=f"Extra {n}", usa_orari_luogo=False
        )
        for n in range(30)
    )
    FasciaOrariaServizio.objects.bulk_create(
        FasciaOrariaServizio(servizio=servizio, giorno=1, apre=dt.time(15), chiude=dt.time(18))
        for servizio in servizi
        if not servizio.usa_orari_luogo
    )
    return luoghi[0]


@pytest.fixture(params=[10, 500], ids=["10 luoghi", "500 luoghi"])
def primo_luogo(request):
    return popola(request.param)


def test_query_della_lista(client, django_assert_max_num_queries, primo_luogo):
    """Expected queries, whatever the number of places:
    1. count of comuni (is the comune filter shown?)
    2. count of the filtered places (paginator)
    3. the page's 20 places with their quartiere
    4-6. the network's hours: every place's weekly slots, exceptions in the next two
       weeks and every service's own slots (then kept until hours change:
       test_orari_della_rete.py)
    7-9. the options of the ambito, quartiere and categoria selects
    """
    with django_assert_max_num_queries(LISTA):
        risposta = client.get("/case-di-quartiere/")
    assert risposta.status_code == 200
    assert risposta.context["page_obj"].paginator.count >= 10


def test_query_della_lista_con_tutti_i_filtri(client, django_assert_max_num_queries, primo_luogo):
    """The same queries: the filters are conditions in the count and the page queries."""
    categoria = primo_luogo.servizi.first().categoria
    querystring = (
        f"q=Luogo&ambito={primo_luogo.quartiere.ambito_id}&tipo=casa_di_quartiere"
        f"&categoria={categoria.slug}&aperto_ora=on"
    )
    with django_assert_max_num_queries(LISTA):
        risposta = client.get(f"/case-di-quartiere/?{querystring}")
    assert risposta.status_code == 200


def test_query_del_dettaglio(client, django_assert_max_num_queries, primo_luogo):
    """Expected queries of a first visit, whatever the number of services at the place
    (1-5 are then kept until the place's rows change: test_scheda_luogo_in_cache.py):
    1. the place with quartiere, ambito, comune and gestore
    2. its weekly slots
    3. its exceptions in the next 60 days
    4. its published services with their category
    5. the services' own slots
    6-7. the place's next activity dates and their sign-ups (the attivita_luogo block)
    """
    with django_assert_max_num_queries(DETTAGLIO):
        risposta = client.get(primo_luogo.get_absolute_url())
    assert risposta.status_code == 200
    assert len(risposta.context["servizi"]) == 32


def test_query_del_finder(client, django_assert_max_num_queries, primo_luogo):
    """Expected queries, whatever the number of services:
    1. the chosen quartiere (form validation)
    2. count of the matching services (paginator)
    3. the keys of the page's 20 services, sorted by distance
    4. those services, with category and place
    5-7. the network's hours, as on the list of places
    8-9. the options of the categoria and quartiere selects
    10. the modello Comuni categories of the published services, with their counts
    """
    querystring = f"quartiere={primo_luogo.quartiere_id}&aperto_ora=on"
    with django_assert_max_num_queries(FINDER):
        risposta = client.get(f"/servizi/?{querystring}")
    assert risposta.status_code == 200
    with django_assert_max_num_queries(FINDER):
        risposta = client.get("/servizi/?lat=44.7&lon=10.6")
    assert len(risposta.context["righe"]) == 20


def test_query_della_home(client, django_assert_max_num_queries, primo_luogo):
    """Expected queries: the count of places, of services, the categories with their counts,
    the latest news, the topics."""
    with django_assert_max_num_queries(HOME):
        assert client.get("/").status_code == 200


def test_query_della_lista_vicino_a_me(client, django_assert_max_num_queries, primo_luogo):
    """The same queries: the distance is an expression the page query sorts by."""
    with django_assert_max_num_queries(LISTA):
        risposta = client.get("/case-di-quartiere/?lat=44.65&lon=10.65")
    assert risposta.status_code == 200
    assert risposta.context["righe"][0]["distanza"] is not None
