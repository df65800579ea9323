"""/area-personale/: a citizen's activity registrations, waiting-list places and cancelling."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from quartieri.models import Iscrizione
from quartieri.services.attivita import annulla_occorrenza, iscrivi
from tests.conftest import crea_utente
from tests.factories import crea_attivita

pytestmark = pytest.mark.django_db

ROMA = ZoneInfo("Europe/Rome")
ADESSO = dt.datetime(2026, 3, 4, 10, 0, tzinfo=ROMA)
AREA = "/area-personale/"


@pytest.fixture(autouse=True)
def _orologio():
    with time_machine.travel(ADESSO, tick=False):
        yield


def _data(casa, giorno: dt.datetime, **campi):
    return crea_attivita(casa, iscrizione_richiesta=True, inizio=giorno, **campi).occorrenze.get()


def _iscrizione_passata(casa, utente, titolo: str) -> Iscrizione:
    with time_machine.travel(ADESSO - dt.timedelta(days=10), tick=False):
        occorrenza = _data(casa, ADESSO - dt.timedelta(days=3), titolo=titolo)
        return iscrivi(occorrenza=occorrenza, utente=utente)


def test_le_mie_iscrizioni_prossime_e_passate_con_la_lista_d_attesa(client, casa, cittadino):
    confermata = _data(casa, ADESSO + dt.timedelta(days=2), titolo="Yoga dolce", capienza=5)
    iscrivi(occorrenza=confermata, utente=cittadino, persone=1)
    piena = _data(casa, ADESSO + dt.timedelta(days=1), titolo="Corso di cucina", capienza=1)
    for n in range(2):
        iscrivi(occorrenza=piena, utente=crea_utente(f"vicino{n}@esempio.test"))
    iscrivi(occorrenza=piena, utente=cittadino)
    _iscrizione_passata(casa, cittadino, "Tombola di carnevale")
    _iscrizione_passata(casa, crea_utente("altro@esempio.test"), "Festa di altri")
    client.force_login(cittadino)

    testo = client.get(AREA).content.decode()

    prossime = testo[
        testo.index('id="iscrizioni-prossime"') : testo.index(
            "</table>", testo.index('id="iscrizioni-prossime"')
        )
    ]
    # The soonest first; on the waiting list, my place in it (one person is ahead of me).
    assert prossime.index("Corso di cucina") < prossime.index("Yoga dolce")
    assert "in lista d'attesa, posizione 2" in prossime
    assert reverse("quartieri:annulla_iscrizione", args=[confermata.pk]) in prossime
    passate = testo[testo.index('id="iscrizioni-passate"') :]
    assert "Tombola di carnevale" in passate
    assert "Festa di altri" not in testo


def test_chi_non_e_volontario_vede_comunque_le_sue_iscrizioni(client, casa, cittadino):
    occorrenza = _data(casa, ADESSO + dt.timedelta(days=2), titolo="Yoga dolce")
    iscrivi(occorrenza=occorrenza, utente=cittadino)
    client.force_login(cittadino)
    testo = client.get(AREA).content.decode()
    assert 'id="invito-profilo"' in testo
    assert "Yoga dolce" in testo


def test_annullare_dall_area_personale_libera_il_posto_e_torna_all_area(client, casa, cittadino):
    occorrenza = _data(casa, ADESSO + dt.timedelta(days=2), titolo="Yoga dolce", capienza=1)
    iscrizione = iscrivi(occorrenza=occorrenza, utente=cittadino)
    in_attesa = iscrivi(occorrenza=occorrenza, utente=crea_utente("dopo@esempio.test"))
    client.force_login(cittadino)

    risposta = client.post(
        reverse("quartieri:annulla_iscrizione", args=[occorrenza.pk]), {"next": AREA}
    )

    assert risposta.status_code == 302
    assert risposta.url == AREA
    iscrizione.refresh_from_db()
    in_attesa.refresh_from_db()
    assert iscrizione.stato == Iscrizione.Stato.ANNULLATA
    assert in_attesa.stato == Iscrizione.Stato.CONFERMATA
    assert "Yoga dolce" not in client.get(AREA).content.decode()


def test_un_next_verso_un_altro_sito_e_ignorato(client, casa, cittadino):
    occorrenza = _data(casa, ADESSO + dt.timedelta(days=2))
    iscrivi(occorrenza=occorrenza, utente=cittadino)
    client.force_login(cittadino)
    risposta = client.post(
        reverse("quartieri:annulla_iscrizione", args=[occorrenza.pk]),
        {"next": "https://esempio.invalid/"},
    )
    assert risposta.url == occorrenza.get_absolute_url()


def test_data_annullata_si_vede_senza_il_pulsante(client, casa, cittadino, community_manager):
    occorrenza = _data(casa, ADESSO + dt.timedelta(days=2), titolo="Yoga dolce")
    iscrivi(occorrenza=occorrenza, utente=cittadino)
    annulla_occorrenza(occorrenza=occorrenza, utente=community_manager)
    client.force_login(cittadino)
    testo = client.get(AREA).content.decode()
    assert "data annullata" in testo
    assert reverse("quartieri:annulla_iscrizione", args=[occorrenza.pk]) not in testo


def test_l_annullamento_si_vede_subito_anche_con_la_pagina_in_cache(
    settings, client, casa, cittadino
):
    settings.CACHE_PAGINE_PERSONALI_SECONDI = 60
    occorrenza = _data(casa, ADESSO + dt.timedelta(days=2), titolo="Yoga dolce")
    iscrivi(occorrenza=occorrenza, utente=cittadino)
    client.force_login(cittadino)
    assert "Yoga dolce" in client.get(AREA).content.decode()
    client.post(reverse("quartieri:annulla_iscrizione", args=[occorrenza.pk]), {"next": AREA})
    assert "Yoga dolce" not in client.get(AREA).content.decode()


def test_iscriversi_si_vede_subito_anche_con_la_pagina_in_cache(settings, client, casa, cittadino):
    settings.CACHE_PAGINE_PERSONALI_SECONDI = 60
    occorrenza = _data(casa, ADESSO + dt.timedelta(days=2), titolo="Yoga dolce")
    client.force_login(cittadino)
    assert "Yoga dolce" not in client.get(AREA).content.decode()
    client.post(reverse("quartieri:iscriviti", args=[occorrenza.pk]))
    assert "Yoga dolce" in client.get(AREA).content.decode()
