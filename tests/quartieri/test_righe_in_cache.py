"""The public lists' rows are kept per process, keyed by every value they print: never stale."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from quartieri.models import (
    Attivita,
    EccezioneOrario,
    FasciaOrariaServizio,
    Iscrizione,
    Luogo,
    Occorrenza,
)
from tests.conftest import crea_utente
from tests.factories import crea_attivita, crea_fascia, crea_luogo, crea_servizio

pytestmark = pytest.mark.django_db
A_MEZZOGIORNO = dt.datetime(2026, 12, 2, 12, 0, tzinfo=ZoneInfo("Europe/Rome"))


def _calendario(client, **intestazioni) -> str:
    risposta = client.get("/attivita/", headers=intestazioni)
    assert risposta.status_code == 200
    return risposta.content.decode()


def test_ogni_modifica_della_riga_si_vede_subito(client):
    luogo = crea_luogo(nome="Casa Gialla")
    attivita = crea_attivita(luogo, titolo="Tombola", tipo=Attivita.Tipo.INCONTRO)
    assert "Tombola" in _calendario(client)

    attivita.titolo = "Tombola di Natale"
    attivita.gratuita = False
    attivita.costo = "3 euro"
    attivita.tipo = Attivita.Tipo.CORSO
    attivita.save()
    pagina = _calendario(client)
    assert "Tombola di Natale" in pagina
    assert "A pagamento: 3 euro" in pagina
    assert "Corso" in pagina

    luogo.nome = "Casa Arancione"
    luogo.save()
    assert "Casa Arancione" in _calendario(client)

    occorrenza = Occorrenza.objects.get()
    occorrenza.inizio += dt.timedelta(hours=1)
    occorrenza.fine += dt.timedelta(hours=1)
    occorrenza.save()
    pagina = _calendario(client)
    assert f"{timezone.localtime(occorrenza.inizio):%H:%M}</time>" in pagina
    assert "spostata" in pagina

    EccezioneOrario.objects.create(
        luogo=luogo,
        tipo=EccezioneOrario.Tipo.CHIUSURA,
        data_inizio=timezone.localdate(occorrenza.inizio),
        data_fine=timezone.localdate(occorrenza.inizio),
    )
    assert "giorno di chiusura del luogo" in _calendario(client)


def test_i_posti_seguono_le_iscrizioni(client):
    attivita = crea_attivita(crea_luogo(), iscrizione_richiesta=True, capienza=5)
    assert "5 posti disponibili" in _calendario(client)
    Iscrizione.objects.create(
        occorrenza=Occorrenza.objects.get(),
        utente=crea_utente("iscritta@example.org"),
        stato=Iscrizione.Stato.CONFERMATA,
        persone=4,
    )
    assert "1 posto disponibile" in _calendario(client)
    attivita.capienza = 4
    attivita.save()
    assert "posti esauriti: lista d'attesa" in _calendario(client)


def test_ogni_lingua_ha_le_sue_righe(client):
    crea_attivita(crea_luogo())
    assert "Gratuita" in _calendario(client, accept_language="it")
    pagina = _calendario(client, accept_language="en")
    assert "Free" in pagina
    assert "Gratuita" not in pagina


def test_le_schede_dei_servizi_nella_pagina_del_luogo_seguono_ogni_modifica(client):
    luogo = crea_luogo()
    servizio = crea_servizio(luogo, titolo="Portierato sociale", descrizione="Il martedì.")
    percorso = luogo.get_absolute_url()
    assert "Portierato sociale" in client.get(percorso).content.decode()
    servizio.titolo = "Portineria di quartiere"
    servizio.descrizione = "Il mercoledì."
    servizio.gratuito = False
    servizio.costo = "2 euro"
    servizio.usa_orari_luogo = False
    servizio.save()
    FasciaOrariaServizio.objects.create(
        servizio=servizio, giorno=2, apre=dt.time(9), chiude=dt.time(12)
    )
    pagina = client.get(percorso).content.decode()
    assert "Portineria di quartiere" in pagina
    assert "Il mercoledì." in pagina
    assert "2 euro" in pagina
    assert "09:00–12:00" in pagina


@time_machine.travel(A_MEZZOGIORNO, tick=False)
def test_le_righe_dell_elenco_dei_luoghi_seguono_ogni_modifica(client):
    luogo = crea_luogo(nome="Casa Gialla", indirizzo="Via Roma 1")
    pagina = client.get("/case-di-quartiere/").content.decode()
    assert "Casa Gialla" in pagina
    assert "Chiuso · nessuna apertura in programma" in pagina

    luogo.nome = "Casa Verde"
    luogo.indirizzo = "Via Milano 2"
    luogo.tipo = Luogo.Tipo.CENTRO_SOCIALE
    luogo.save()
    luogo.quartiere.nome = "Quartiere Nuovo"
    luogo.quartiere.save()
    for giorno in range(7):
        crea_fascia(luogo, giorno, "00:00", "23:59")
    pagina = client.get("/case-di-quartiere/").content.decode()
    assert "Casa Verde" in pagina
    assert "Via Milano 2" in pagina
    assert f"{Luogo.Tipo.CENTRO_SOCIALE.label.capitalize()} · Quartiere Nuovo" in pagina
    assert "Aperto · chiude" in pagina
    vicino = client.get(f"/case-di-quartiere/?lat={luogo.lat}&lon={luogo.lon}").content.decode()
    assert "0,0 km · 0 min a piedi" in vicino


@time_machine.travel(A_MEZZOGIORNO, tick=False)
def test_le_righe_del_cerca_servizi_seguono_ogni_modifica(client):
    luogo = crea_luogo(nome="Casa Gialla")
    servizio = crea_servizio(luogo, titolo="Portierato sociale")
    assert "Portierato sociale" in client.get("/servizi/").content.decode()

    servizio.titolo = "Portineria di quartiere"
    servizio.gratuito = False
    servizio.costo = "2 euro"
    servizio.prenotazione = True
    servizio.save()
    servizio.categoria.nome = "Sportelli"
    servizio.categoria.save()
    luogo.nome = "Casa Verde"
    luogo.save()
    crea_fascia(luogo, timezone.localdate().weekday(), "00:00", "23:59")
    pagina = client.get("/servizi/").content.decode()
    assert "Portineria di quartiere" in pagina
    assert "Sportelli · " in pagina
    assert "Casa Verde" in pagina
    assert "Su prenotazione" in pagina
    assert "2 euro" in pagina
    assert "Aperto · chiude" in pagina


@time_machine.travel(A_MEZZOGIORNO, tick=False)
@pytest.mark.parametrize("elenco", ["/case-di-quartiere/", "/servizi/"])
def test_la_distanza_segue_ogni_visitatore(client, elenco):
    """The rows are kept without their distance, which each visitor's point changes."""
    luogo = crea_luogo(nome="Casa Gialla", lat=44.7, lon=10.63)
    crea_servizio(luogo, titolo="Portierato sociale")

    qui = client.get(f"{elenco}?lat=44.7&lon=10.63").content.decode()
    # 0.01° of latitude is 1.1 km, walked in 15 minutes.
    lontano = client.get(f"{elenco}?lat=44.71&lon=10.63").content.decode()
    assert "0,0 km · 0 min a piedi" in qui
    assert "1,1 km · 15 min a piedi" in lontano
    assert "0,0 km" not in lontano
    assert "Casa Gialla" in qui
    assert "Casa Gialla" in lontano

    luogo.coordinate_esatte = False
    luogo.save()
    approssimata = client.get(f"{elenco}?lat=44.7&lon=10.63").content.decode()
    assert "(distanza approssimativa)" in approssimata


@time_machine.travel(A_MEZZOGIORNO, tick=False)
@pytest.mark.parametrize(
    ("elenco", "testi"),
    [
        # Places' and services' rows are kept in two parts, around their distance:
        # a value from each part.
        # The names as headings: the map's data names every place of the page too.
        (
            "/case-di-quartiere/",
            (">Casa Gialla</a></h3>", ">Casa Verde</a></h3>", "Via Emilia 2", "Via Emilia 5"),
        ),
        ("/servizi/", ("Portierato sociale", "Tombola", "2 euro", "5 euro")),
        ("/servizi/?lat=44.7&lon=10.63", ("Portierato sociale", "Tombola", "2 euro", "5 euro")),
        ("/attivita/", ("Portierato sociale", "Tombola")),
    ],
)
def test_ogni_riga_ha_la_sua_chiave(client, elenco, testi):
    """Each row is kept under its own key: a key the template missed would make every
    row of the page the first one (portal/righe.py)."""
    for nome, indirizzo, titolo, costo in (
        ("Casa Gialla", "Via Emilia 2", "Portierato sociale", "2 euro"),
        ("Casa Verde", "Via Emilia 5", "Tombola", "5 euro"),
    ):
        luogo = crea_luogo(nome=nome, indirizzo=indirizzo, lat=44.7, lon=10.63)
        crea_servizio(luogo, titolo=titolo, gratuito=False, costo=costo)
        crea_attivita(luogo, titolo=titolo)
    for _visita in range(2):  # the second visit reads the rows the first one kept
        pagina = client.get(elenco).content.decode()
        for testo in testi:
            assert testo in pagina
