"""An agreement's page, all but its numbers, is kept in the shared cache (accordi/schede.py):
a second visit reads only the agreement, any edit of what the page shows is there at the
next visit, and after an edit a worker renders the page before anybody asks for it."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.contrib.auth.models import update_last_login
from django.core.cache import caches

from accordi import schede
from accordi.models import IscrizioneRegistro, ValoreIndicatore
from accordi.tasks import prepara_schede
from accordi.versioni import SCHEDE_ACCORDI
from portal import parti_condivise, versioni
from tests.conftest import crea_utente
from tests.factories import (
    crea_accordo,
    crea_aggiornamento,
    crea_ente,
    crea_firmatario,
    crea_indicatore,
    crea_progetto,
    crea_quartiere,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def accordo():
    accordo = crea_accordo(titolo="Orti di via Roma", slug="orti")
    crea_indicatore(crea_progetto(accordo, titolo="Aiuole"), nome="Aiuole curate")
    return accordo


def _pagina(client) -> str:
    risposta = client.get("/accordi/orti/")
    assert risposta.status_code == 200
    return risposta.content.decode()


def test_la_seconda_visita_legge_solo_l_accordo(client, accordo, django_assert_num_queries):
    def senza_token(pagina: str) -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", pagina)

    prima = senza_token(_pagina(client))
    with django_assert_num_queries(1):
        assert senza_token(_pagina(client)) == prima


def test_le_modifiche_si_vedono_subito(client, accordo):
    _pagina(client)
    accordo.titolo = "Orti condivisi di via Roma"
    accordo.save()
    accordo.quartieri.add(crea_quartiere(nome="Ospizio"))
    progetto = accordo.progetti.get()
    progetto.titolo = "Aiuole fiorite"
    progetto.save()
    ValoreIndicatore.objects.create(
        aggiornamento=crea_aggiornamento(progetto, data=dt.date(2024, 7, 1)),
        indicatore=progetto.indicatori.get(),
        valore=7,
    )
    ente = crea_ente(nome="Associazione Il Ponte", slug="il-ponte")
    crea_firmatario(accordo, ente)
    pagina = _pagina(client)
    assert "Orti condivisi di via Roma" in pagina
    assert "Ospizio" in pagina
    assert "Aiuole fiorite" in pagina
    assert "Aiuole curate: 7 " in pagina
    assert '<a href="/enti/il-ponte/">Associazione Il Ponte</a>' in pagina

    # A pending request takes the organisation out of the registry.
    IscrizioneRegistro.objects.create(ente=ente, email_contatto="ponte@example.org")
    pagina = _pagina(client)
    assert "Associazione Il Ponte" in pagina
    assert '<a href="/enti/il-ponte/">' not in pagina


def test_il_nome_di_chi_firma_col_suo_account(client, accordo):
    utente = crea_utente("giulia@example.org", first_name="Giulia", last_name="Bianchi")
    crea_firmatario(accordo, tipo="cittadino", utente=utente, consenso_pubblicazione=True)
    assert "Giulia Bianchi" in _pagina(client)
    prima = versioni.versione("schede-accordi")
    # A login writes only last_login, which the page does not show: nothing is thrown away.
    update_last_login(None, utente)
    assert versioni.versione("schede-accordi") == prima
    utente.last_name = "Rossi"
    utente.save()
    assert "Giulia Rossi" in _pagina(client)


def test_i_worker_preparano_ogni_accordo_pubblico_in_ogni_lingua(
    client, accordo, django_assert_num_queries
):
    crea_accordo(titolo="Ancora in ascolto", stato="ascolto")
    # One public agreement, two languages; what is kept and still true is left alone.
    assert prepara_schede.delay().get() == 2
    assert prepara_schede.delay().get() == 0
    # The first visit finds the page ready: it reads only the agreement and its numbers.
    with django_assert_num_queries(1):
        assert "Orti di via Roma" in _pagina(client)
    accordo.titolo = "Orti condivisi"
    accordo.save()
    assert prepara_schede.delay().get() == 2
    with django_assert_num_queries(1):
        assert "Orti condivisi" in _pagina(client)


def test_senza_worker_chi_salva_non_aspetta_le_pagine(client, accordo):
    """Tasks run inline (no Redis): a write does not render every agreement's page for
    whoever saved; the next visitor renders it."""
    accordo.titolo = "Orti condivisi"
    accordo.save()
    assert caches["schede"].get(schede.chiave(accordo.pk, "it")) is None
    assert "Orti condivisi" in _pagina(client)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_dopo_una_modifica_un_worker_reale_prepara_la_pagina(
    celery_worker_reale, client, django_assert_num_queries
):
    accordo = crea_accordo(titolo="Orti di via Roma", slug="orti")
    accordo.titolo = "Orti condivisi"
    accordo.save()
    # The save's commit asked a worker for the pages: wait for it without visiting. A run
    # that started before the save keeps the parts under the old version and another
    # follows: only the entry under the current one is ready.
    scadenza = time.monotonic() + 30
    attesa = schede.impronta(versioni.versione(SCHEDE_ACCORDI), accordo)
    while parti_condivise.leggi(schede.chiave(accordo.pk, "it"), attesa) is None:
        assert time.monotonic() < scadenza, "no worker rendered the page in 30 s"
        time.sleep(0.1)
    with django_assert_num_queries(1):
        pagina = _pagina(client)
    assert '<h1 class="title-xxxlarge">Orti condivisi</h1>' in pagina
