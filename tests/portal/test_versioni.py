"""Versions of rarely changing data: read once per request, renewed by writes."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from portal import versioni
from quartieri.models import Luogo
from quartieri.versioni import SCELTE_DEI_FILTRI
from tests.factories import crea_luogo

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_una_richiesta():
    # As Django's test client does: the test's transaction outlives the "request".
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.send(sender=None)
    yield
    request_finished.send(sender=None)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _cambia_da_un_altro_processo(gruppo: str) -> None:
    """Another server process renews the version: only the shared cache changes."""
    cache.set(f"versione:{gruppo}", "scritta-altrove", timeout=None)


def test_una_richiesta_legge_la_versione_una_volta(in_una_richiesta):
    letta = versioni.versione(SCELTE_DEI_FILTRI)
    _cambia_da_un_altro_processo(SCELTE_DEI_FILTRI)
    # The page is built from one snapshot of the versions...
    assert versioni.versione(SCELTE_DEI_FILTRI) == letta
    request_finished.send(sender=None)
    request_started.send(sender=None)
    # ...and the next request sees the change.
    assert versioni.versione(SCELTE_DEI_FILTRI) == "scritta-altrove"


def test_fuori_da_una_richiesta_la_versione_e_sempre_quella_condivisa():
    versioni.versione(SCELTE_DEI_FILTRI)
    _cambia_da_un_altro_processo(SCELTE_DEI_FILTRI)
    assert versioni.versione(SCELTE_DEI_FILTRI) == "scritta-altrove"


def test_una_scrittura_nella_richiesta_rinnova_la_versione_che_essa_usa(in_una_richiesta):
    prima = versioni.versione(SCELTE_DEI_FILTRI)
    crea_luogo(nome="Casa Nuova")
    assert versioni.versione(SCELTE_DEI_FILTRI) != prima


def test_quanto_costruito_si_rifa_col_cambio_di_versione():
    calcoli = []

    def calcola():
        calcoli.append(1)
        return len(calcoli)

    assert versioni.in_cache(SCELTE_DEI_FILTRI, "prova", calcola, 60) == 1
    assert versioni.in_cache(SCELTE_DEI_FILTRI, "prova", calcola, 60) == 1
    _cambia_da_un_altro_processo(SCELTE_DEI_FILTRI)
    assert versioni.in_cache(SCELTE_DEI_FILTRI, "prova", calcola, 60) == 2


def test_un_cambio_fatto_da_un_altro_processo_si_vede_alla_pagina_dopo(client: Client):
    crea_luogo(nome="Casa Prima", slug="casa-prima")
    assert "Casa Prima" in client.get("/attivita/").content.decode()
    # A rename saved by another process: this one learns it only from the shared version.
    Luogo.objects.filter(slug="casa-prima").update(nome="Casa Seconda")
    assert "Casa Seconda" not in client.get("/attivita/").content.decode()
    _cambia_da_un_altro_processo(SCELTE_DEI_FILTRI)
    assert "Casa Seconda" in client.get("/attivita/").content.decode()
