"""An agreement's page is kept per process, all but its numbers: a second visit reads only
the agreement, and any edit of what the page shows is there at the next visit."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import update_last_login

from accordi.models import IscrizioneRegistro, ValoreIndicatore
from portal import versioni
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
