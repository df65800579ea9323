"""The iCalendar feeds: valid RFC 5545, Europe/Rome, stable UIDs, the page's filters."""

from __future__ import annotations

import datetime as dt
import gzip

import icalendar
import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from quartieri.calendario import GIORNI_FUTURI, GIORNI_PASSATI
from quartieri.services import attivita as services_attivita
from tests.factories import crea_attivita

pytestmark = pytest.mark.django_db

ROMA = timezone.get_default_timezone()
ADESSO = dt.datetime(2026, 3, 11, 10, 0, tzinfo=ROMA)


@pytest.fixture
def orologio():
    with time_machine.travel(ADESSO, tick=False):
        yield


def _feed(client, url: str, parametri: dict | None = None) -> icalendar.Calendar:
    risposta = client.get(url, parametri or {})
    assert risposta.status_code == 200
    assert risposta["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(risposta.content)


def _eventi(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def test_feed_valido_con_vtimezone_e_tzid(client, casa, orologio):
    crea_attivita(
        casa, titolo="Tombola del giovedì", inizio=dt.datetime(2026, 3, 12, 21, tzinfo=ROMA)
    )
    cal = _feed(client, reverse("quartieri:attivita_ics_tutte"))
    assert cal["VERSION"] == "2.0"
    assert "PRODID" in cal
    assert str(cal["X-WR-CALNAME"]) == "Attività nelle Case di Quartiere"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Rome"]
    evento = _eventi(cal)["Tombola del giovedì"]
    assert evento["DTSTART"].params["TZID"] == "Europe/Rome"
    assert evento["DTSTART"].dt == dt.datetime(2026, 3, 12, 21, tzinfo=ROMA)
    assert evento["DTEND"].dt == dt.datetime(2026, 3, 12, 23, tzinfo=ROMA)
    assert str(evento["UID"]).startswith("occorrenza-")
    assert str(evento["STATUS"]) == "CONFIRMED"
    assert casa.nome in str(evento["LOCATION"])
    assert "DTSTAMP" in evento


def test_uid_restano_uguali_dopo_una_modifica(client, casa, community_manager, orologio):
    attivita = crea_attivita(
        casa,
        titolo="Camminata della salute",
        inizio=dt.datetime(2026, 3, 12, 9, tzinfo=ROMA),
        settimanale=True,
        ripeti_fino_al=dt.date(2026, 4, 2),
    )
    url = reverse("quartieri:luogo_ics", kwargs={"slug": casa.slug})
    prima = _feed(client, url).walk("VEVENT")
    attivita.titolo = "Camminata della salute al parco"
    attivita.inizio = dt.datetime(2026, 3, 12, 10, tzinfo=ROMA)
    attivita.fine = dt.datetime(2026, 3, 12, 12, tzinfo=ROMA)
    services_attivita.salva_attivita(attivita=attivita, utente=community_manager)
    # The feed is cached for subscriptions; the test wants the rebuilt one.
    cache.clear()
    dopo = _feed(client, url).walk("VEVENT")
    assert len(prima) == 4
    assert [str(e["UID"]) for e in dopo] == [str(e["UID"]) for e in prima]
    assert {str(e["SUMMARY"]) for e in dopo} == {"Camminata della salute al parco"}
    assert dopo[0]["DTSTART"].dt.hour == 10
    assert int(dopo[0]["SEQUENCE"]) >= int(prima[0]["SEQUENCE"])


def test_annullata_e_status_cancelled(client, casa, community_manager, orologio):
    attivita = crea_attivita(
        casa, titolo="Scala 40", inizio=dt.datetime(2026, 3, 12, 15, tzinfo=ROMA)
    )
    services_attivita.annulla_occorrenza(
        occorrenza=attivita.occorrenze.get(), utente=community_manager, motivo="Sala allagata"
    )
    evento = _eventi(_feed(client, reverse("quartieri:attivita_ics_tutte")))["Scala 40"]
    assert str(evento["STATUS"]) == "CANCELLED"
    assert "Sala allagata" in str(evento["DESCRIPTION"])


def test_feed_limitato_alla_finestra_e_senza_interne(client, casa, orologio):
    crea_attivita(
        casa, titolo="Troppo vecchia", inizio=ADESSO - dt.timedelta(days=GIORNI_PASSATI + 1)
    )
    crea_attivita(casa, titolo="Recente", inizio=ADESSO - dt.timedelta(days=GIORNI_PASSATI - 1))
    crea_attivita(
        casa, titolo="Troppo lontana", inizio=ADESSO + dt.timedelta(days=GIORNI_FUTURI + 1)
    )
    crea_attivita(casa, titolo="Interna", pubblica=False, inizio=ADESSO + dt.timedelta(days=1))
    assert set(_eventi(_feed(client, reverse("quartieri:attivita_ics_tutte")))) == {"Recente"}


def test_feed_rispetta_i_filtri_della_pagina(client, casa, altra_casa, orologio):
    crea_attivita(casa, titolo="Oggi qui", inizio=dt.datetime(2026, 3, 11, 18, tzinfo=ROMA))
    crea_attivita(casa, titolo="Sabato qui", inizio=dt.datetime(2026, 3, 14, 18, tzinfo=ROMA))
    crea_attivita(altra_casa, titolo="Oggi là", inizio=dt.datetime(2026, 3, 11, 18, tzinfo=ROMA))
    url = reverse("quartieri:attivita_ics_tutte")
    assert set(_eventi(_feed(client, url, {"quando": "oggi"}))) == {"Oggi qui", "Oggi là"}
    assert set(_eventi(_feed(client, url, {"luogo": casa.slug}))) == {"Oggi qui", "Sabato qui"}
    assert set(_eventi(_feed(client, url, {"quando": "weekend"}))) == {"Sabato qui"}


def test_feed_con_data_malformata_risponde_400_senza_errore_del_server(client):
    for _volta in range(2):  # an error is never stored: the second answer is the same
        risposta = client.get(reverse("quartieri:attivita_ics_tutte"), {"dal": "32/01/2026"})
        assert risposta.status_code == 400
        assert "Data non valida" in risposta.content.decode()


def test_feed_in_cache_non_prepara_nemmeno_i_filtri(
    client, casa, orologio, django_assert_num_queries
):
    """Calendar apps poll the same address: a hit serves the stored feed, no query at all."""
    crea_attivita(casa, titolo="Oggi qui", inizio=dt.datetime(2026, 3, 11, 18, tzinfo=ROMA))
    url = reverse("quartieri:attivita_ics_tutte")
    prima = client.get(url, {"luogo": casa.slug})
    with django_assert_num_queries(0):
        seconda = client.get(url, {"luogo": casa.slug})
    assert seconda.content == prima.content
    assert "Oggi qui" in _eventi(icalendar.Calendar.from_ical(seconda.content))


def test_feed_del_luogo_solo_le_sue_attivita(client, casa, altra_casa, orologio):
    crea_attivita(casa, titolo="Qui")
    crea_attivita(altra_casa, titolo="Altrove")
    cal = _feed(client, reverse("quartieri:luogo_ics", kwargs={"slug": casa.slug}))
    assert set(_eventi(cal)) == {"Qui"}
    assert casa.nome in str(cal["X-WR-CALNAME"])


def test_feed_di_luogo_non_pubblicato_e_404(client, casa):
    casa.pubblicato = False
    casa.save()
    assert client.get(reverse("quartieri:luogo_ics", kwargs={"slug": casa.slug})).status_code == 404


def test_feed_vuoto_ha_comunque_il_fuso(client, db):
    cal = _feed(client, reverse("quartieri:attivita_ics_tutte"))
    assert cal.walk("VEVENT") == []
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Rome"]


def test_ics_di_una_data_da_aggiungere_al_calendario(client, casa, orologio):
    occorrenza = crea_attivita(casa, titolo="Laboratorio di cucito").occorrenze.get()
    risposta = client.get(reverse("quartieri:attivita_ics", args=[occorrenza.pk]))
    assert risposta.status_code == 200
    assert "attachment" in risposta["Content-Disposition"]
    eventi = icalendar.Calendar.from_ical(risposta.content).walk("VEVENT")
    assert [str(e["UID"]) for e in eventi] == [occorrenza.uid]


def test_ics_di_attivita_interna_e_404_per_il_pubblico(client, casa, orologio):
    occorrenza = crea_attivita(casa, pubblica=False).occorrenze.get()
    assert client.get(reverse("quartieri:attivita_ics", args=[occorrenza.pk])).status_code == 404


@pytest.mark.parametrize("url", ["quartieri:attivita_ics_tutte", "luogo"])
def test_feed_compresso_per_chi_accetta_gzip(client, casa, orologio, url):
    crea_attivita(
        casa, titolo="Coro di quartiere", inizio=dt.datetime(2026, 3, 12, 18, tzinfo=ROMA)
    )
    indirizzo = reverse("quartieri:luogo_ics", args=[casa.slug]) if url == "luogo" else reverse(url)
    in_chiaro = client.get(indirizzo)
    assert "Content-Encoding" not in in_chiaro
    # The second request is served from the cache: both bodies are stored.
    compresso = client.get(indirizzo, headers={"accept-encoding": "gzip, deflate, br"})
    assert compresso["Content-Encoding"] == "gzip"
    assert gzip.decompress(compresso.content) == in_chiaro.content
    assert len(compresso.content) < len(in_chiaro.content)
    assert "Coro di quartiere" in in_chiaro.content.decode()
    for risposta in (in_chiaro, compresso):
        assert "Accept-Encoding" in risposta["Vary"]
        assert risposta["Content-Type"] == "text/calendar; charset=utf-8"
    # Not an encoding the client named: plain text.
    assert "Content-Encoding" not in client.get(indirizzo, headers={"accept-encoding": "br"})
