"""/verifica/: a certificate's public check shows the name, period, hours and date, no more."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import crea_ore
from volontari import certificati, gdpr

pytestmark = pytest.mark.django_db

DECISA = dt.datetime(2025, 6, 1, 10, tzinfo=dt.UTC)


@pytest.fixture
def certificato(incarico):
    incarico.volontario.telefono = "3331234567"
    incarico.volontario.save()
    crea_ore(
        incarico,
        data=dt.date(2025, 3, 3),
        ore=Decimal("2.5"),
        stato="approvata",
        approvata_il=DECISA,
    )
    certificato, _righe = certificati.crea_certificato(
        volontario=incarico.volontario,
        dal=dt.date(2025, 1, 1),
        al=dt.date(2025, 6, 30),
        oggi=dt.date(2025, 7, 1),
    )
    return certificato


def _url(certificato) -> str:
    return reverse("volontari:verifica", kwargs={"codice": certificato.codice})


def test_un_attestato_autentico_e_confermato(client, certificato, volontario):
    risposta = client.get(_url(certificato))
    assert risposta.status_code == 200
    testo = risposta.content.decode()
    assert "Attestato autentico" in testo
    assert "Mario Rossi" in testo
    assert "1 gennaio 2025" in testo
    assert "30 giugno 2025" in testo
    assert "2,5" in testo
    assert "1 luglio 2025" in testo
    assert 'name="robots" content="noindex' in testo


def test_la_pagina_non_mostra_dati_personali_oltre_il_nome(client, certificato, volontario):
    testo = client.get(_url(certificato)).content.decode()
    for dato in (
        volontario.codice_fiscale,
        "3331234567",
        "17/05/1980",
        "17 maggio 1980",
        volontario.indirizzo,
        volontario.user.email,
    ):
        assert dato not in testo, dato


def test_un_codice_alterato_non_e_valido(client, certificato):
    codice = certificato.codice
    manomesso = codice[:-2] + ("AA" if not codice.endswith("AA") else "BB")
    risposta = client.get(reverse("volontari:verifica", kwargs={"codice": manomesso}))
    assert risposta.status_code == 404
    assert "Il codice non è valido" in risposta.content.decode()


def test_se_le_ore_sono_state_corrette_la_pagina_lo_dice(client, certificato, incarico):
    originale = incarico.ore.get()
    crea_ore(
        incarico,
        data=originale.data,
        ore=Decimal("-1"),
        corregge=originale,
        motivo_correzione="Uscito prima",
        stato="approvata",
        approvata_il=DECISA,
    )
    testo = client.get(_url(certificato)).content.decode()
    assert "sono state corrette" in testo
    assert "1,5" in testo


def test_dopo_la_cancellazione_il_nome_non_compare_piu(client, certificato, volontario):
    gdpr.cancella_account(utente=volontario.user)
    testo = client.get(_url(certificato)).content.decode()
    assert "Rossi" not in testo
    assert "Nome non disponibile" in testo
    assert "Attestato autentico" in testo


def test_il_modulo_porta_alla_verifica_anche_incollando_l_indirizzo(client, certificato):
    risposta = client.post(
        reverse("volontari:verifica_modulo"),
        {"codice": f"https://esempio.it/verifica/{certificato.codice}/"},
    )
    assert risposta.status_code == 302
    assert risposta["Location"] == _url(certificato)


def test_il_modulo_rifiuta_un_codice_vuoto(client):
    risposta = client.post(reverse("volontari:verifica_modulo"), {"codice": "   "})
    assert risposta.status_code == 200
    assert "Questo campo è obbligatorio." in risposta.content.decode()


def test_verifica_con_numero_costante_di_query(client, certificato, django_assert_max_num_queries):
    """Queries: the volunteer's name (1), the approved total of the period (1)."""
    with django_assert_max_num_queries(2):
        assert client.get(_url(certificato)).status_code == 200
