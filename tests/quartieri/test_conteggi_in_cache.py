"""The place and service lists keep their counts in the cache until a place or service changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartieri.views.pubbliche import PER_PAGINA
from tests.factories import crea_categoria, crea_luogo, crea_servizio

pytestmark = pytest.mark.django_db

SERVIZI = "/servizi/?lat=44.70&lon=10.63"


def _pagina(client, percorso: str) -> str:
    risposta = client.get(percorso)
    assert risposta.status_code == 200
    return risposta.content.decode()


def test_le_pagine_dei_luoghi_seguono_ogni_luogo_nuovo_o_nascosto(client):
    luoghi = [crea_luogo() for _ in range(PER_PAGINA)]
    assert "Pagina 1 di 2" not in _pagina(client, "/case-di-quartiere/")
    ultimo = crea_luogo()
    assert "Pagina 1 di 2" in _pagina(client, "/case-di-quartiere/")
    ultimo.pubblicato = False
    ultimo.save()
    assert "Pagina 1 di 2" not in _pagina(client, "/case-di-quartiere/")
    luoghi[0].delete()
    ultimo.pubblicato = True
    ultimo.save()
    assert "Pagina 1 di 2" not in _pagina(client, "/case-di-quartiere/")


def test_i_servizi_per_categoria_seguono_ogni_servizio(client):
    luogo = crea_luogo()
    categoria = crea_categoria(categoria_modello="salute-benessere-e-assistenza")
    crea_servizio(luogo, categoria)
    assert "(1 servizio)" in _pagina(client, SERVIZI)
    secondo = crea_servizio(luogo, categoria)
    assert "(2 servizi)" in _pagina(client, SERVIZI)
    secondo.pubblicato = False
    secondo.save()
    assert "(1 servizio)" in _pagina(client, SERVIZI)
    # Hiding the place hides its services: a change of the place counts too.
    luogo.pubblicato = False
    luogo.save()
    assert "Esplora per categoria" not in _pagina(client, SERVIZI)


def test_il_conteggio_vale_per_ogni_posizione_e_non_si_rifa(client):
    luogo = crea_luogo()
    for _ in range(PER_PAGINA + 1):
        crea_servizio(luogo)
    assert "Pagina 1 di 2" in _pagina(client, SERVIZI)
    # Another visitor, elsewhere: the same rows, so the same count, not counted again.
    with CaptureQueriesContext(connection) as query:
        assert "Pagina 1 di 2" in _pagina(client, "/servizi/?lat=44.69&lon=10.61")
    assert not [q for q in query.captured_queries if "COUNT(" in q["sql"].upper()]


def test_un_filtro_ha_il_suo_conteggio(client):
    luogo = crea_luogo()
    categoria = crea_categoria()
    for _ in range(PER_PAGINA + 1):
        crea_servizio(luogo)
    crea_servizio(luogo, categoria)
    assert "Pagina 1 di 2" in _pagina(client, SERVIZI)
    assert "Pagina 1 di 2" not in _pagina(client, f"{SERVIZI}&categoria={categoria.slug}")


def test_la_rete_in_home_segue_ogni_luogo_e_servizio(client):
    luogo = crea_luogo()
    categoria = crea_categoria(nome="Sportelli")
    crea_servizio(luogo, categoria)
    assert "1 luogo di comunità" in _pagina(client, "/")
    assert "Sportelli</a> (1)" in _pagina(client, "/")
    crea_luogo()
    crea_servizio(luogo, categoria)
    pagina = _pagina(client, "/")
    assert "2 Case di Quartiere e luoghi di comunità" in pagina
    assert "Sportelli</a> (2)" in pagina
    assert "2 servizi di prossimità" in pagina
