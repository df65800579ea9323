"""Activities on the days their place is closed: shown, warned, refused, cancelled."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from quartieri.models import EccezioneOrario, Iscrizione, Occorrenza
from quartieri.services.attivita import date_in_chiusura, iscrivi
from tests.factories import crea_attivita, crea_eccezione
from tests.quartieri.test_gestione import dati_formset

ROMA = ZoneInfo("Europe/Rome")
ADESSO = dt.datetime(2026, 3, 4, 10, 0, tzinfo=ROMA)  # a Wednesday
CHIUSO = dt.date(2026, 3, 12)  # the Thursday after next
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _orologio():
    with time_machine.travel(ADESSO, tick=False):
        yield


def _alle(giorno: dt.date, ora: int) -> dt.datetime:
    return dt.datetime.combine(giorno, dt.time(ora), ROMA)


def _messaggi(risposta) -> list[str]:
    return [str(m) for m in get_messages(risposta.wsgi_request)]


def test_la_pagina_pubblica_dice_che_la_data_e_interessata_dalla_chiusura(client, casa):
    crea_eccezione(casa, CHIUSO, motivo="Disinfestazione")
    occorrenza = crea_attivita(casa, inizio=_alle(CHIUSO, 17)).occorrenze.get()
    html = client.get(occorrenza.get_absolute_url()).content.decode()
    assert "giorno di chiusura di" in html
    assert "Disinfestazione" in html
    assert "basta presentarsi" not in html


def test_un_orario_ridotto_che_non_contiene_l_attivita_e_segnalato(client, casa):
    crea_eccezione(casa, CHIUSO, tipo="apertura", apre=dt.time(9), chiude=dt.time(12))
    pomeriggio = crea_attivita(casa, inizio=_alle(CHIUSO, 17)).occorrenze.get()
    mattina = crea_attivita(casa, inizio=_alle(CHIUSO, 10)).occorrenze.get()
    assert "orario diverso dal solito" in client.get(pomeriggio.get_absolute_url()).content.decode()
    assert (
        "orario diverso dal solito" not in client.get(mattina.get_absolute_url()).content.decode()
    )


def test_spostare_una_data_su_una_chiusura_totale_e_un_errore(client, casa, community_manager):
    crea_eccezione(casa, CHIUSO)
    occorrenza = crea_attivita(casa).occorrenze.get()
    client.force_login(community_manager)
    url = reverse("gestione:occorrenza_sposta", kwargs={"slug": casa.slug, "pk": occorrenza.pk})
    risposta = client.post(url, {"inizio": "2026-03-12T17:00", "fine": "2026-03-12T19:00"})
    assert risposta.status_code == 400
    assert "Scegli un altro giorno" in risposta.content.decode()
    occorrenza.refresh_from_db()
    assert not occorrenza.spostata


def test_spostare_su_un_orario_ridotto_avvisa(client, casa, community_manager):
    crea_eccezione(casa, CHIUSO, tipo="apertura", apre=dt.time(9), chiude=dt.time(12))
    occorrenza = crea_attivita(casa).occorrenze.get()
    client.force_login(community_manager)
    url = reverse("gestione:occorrenza_sposta", kwargs={"slug": casa.slug, "pk": occorrenza.pk})
    risposta = client.post(url, {"inizio": "2026-03-12T17:00", "fine": "2026-03-12T19:00"})
    assert risposta.status_code == 302
    assert any("cade in un giorno con" in m for m in _messaggi(risposta))


def test_creare_un_attivita_singola_su_una_chiusura_e_un_errore(client, casa, community_manager):
    crea_eccezione(casa, CHIUSO)
    client.force_login(community_manager)
    dati = {
        "titolo": "Tombola",
        "tipo": "evento",
        "pubblico": "tutti",
        "inizio": "2026-03-12T15:00",
        "fine": "2026-03-12T17:00",
        "pubblica": "on",
        "gratuita": "on",
    }
    risposta = client.post(reverse("gestione:attivita_nuova", kwargs={"slug": casa.slug}), dati)
    assert risposta.status_code == 400
    assert not casa.attivita.exists()


def test_una_serie_nasce_con_la_data_della_chiusura_gia_annullata(casa):
    crea_eccezione(casa, CHIUSO, motivo="Elezioni")
    attivita = crea_attivita(
        casa,
        inizio=_alle(dt.date(2026, 3, 5), 17),
        settimanale=True,
        ripeti_fino_al=dt.date(2026, 3, 19),
    )
    annullate = {
        o.inizio.astimezone(ROMA).date(): o.motivo_annullamento
        for o in attivita.occorrenze.filter(annullata=True)
    }
    assert attivita.occorrenze.count() == 3
    assert list(annullate) == [CHIUSO]
    assert "Elezioni" in annullate[CHIUSO]


def test_aggiungere_una_chiusura_elenca_le_date_e_le_annulla_avvisando(
    client, casa, community_manager, cittadino, django_capture_on_commit_callbacks
):
    occorrenza = crea_attivita(
        casa, inizio=_alle(CHIUSO, 17), iscrizione_richiesta=True, capienza=10
    ).occorrenze.get()
    altra = crea_attivita(casa, inizio=_alle(CHIUSO + dt.timedelta(days=1), 17)).occorrenze.get()
    iscrivi(occorrenza=occorrenza, utente=cittadino)
    client.force_login(community_manager)
    nuove = [{"tipo": "chiusura", "data_inizio": "2026-03-12", "data_fine": "2026-03-12"}]
    risposta = client.post(
        reverse("gestione:eccezioni", kwargs={"slug": casa.slug}),
        dati_formset("eccezioni", [], nuove),
    )
    pagina_date = reverse("gestione:date_in_chiusura", kwargs={"slug": casa.slug})
    assert risposta.status_code == 302
    assert risposta["Location"] == pagina_date

    elenco = client.get(pagina_date)
    html = elenco.content.decode()
    assert occorrenza.attivita.titolo in html
    assert altra.attivita.titolo not in html
    assert "1 iscritto" in html

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        risposta = client.post(pagina_date, {"occorrenze": [occorrenza.pk]})
    assert risposta.status_code == 302
    occorrenza.refresh_from_db()
    assert occorrenza.annullata
    assert "Chiusura di" in occorrenza.motivo_annullamento
    assert [m.to for m in mail.outbox] == [[cittadino.email]]
    assert Iscrizione.objects.filter(occorrenza=occorrenza).exists()


def test_la_pagina_delle_date_in_chiusura_e_solo_del_manager_del_luogo(
    client, casa, altro_community_manager
):
    crea_eccezione(casa, CHIUSO)
    occorrenza = crea_attivita(casa, inizio=_alle(CHIUSO, 17)).occorrenze.get()
    client.force_login(altro_community_manager)
    pagina_date = reverse("gestione:date_in_chiusura", kwargs={"slug": casa.slug})
    assert client.get(pagina_date).status_code == 404
    assert client.post(pagina_date, {"occorrenze": [occorrenza.pk]}).status_code == 404
    assert not Occorrenza.objects.get(pk=occorrenza.pk).annullata


def test_senza_scelta_la_pagina_chiede_una_data(client, casa, community_manager):
    crea_eccezione(casa, CHIUSO)
    crea_attivita(casa, inizio=_alle(CHIUSO, 17))
    client.force_login(community_manager)
    pagina_date = reverse("gestione:date_in_chiusura", kwargs={"slug": casa.slug})
    risposta = client.post(pagina_date, {})
    assert risposta.status_code == 400
    assert "Scegli almeno una data" in risposta.content.decode()
    assert not EccezioneOrario.objects.filter(tipo="apertura").exists()


def test_gli_elenchi_segnano_le_date_nei_giorni_di_chiusura(client, casa):
    crea_eccezione(casa, CHIUSO)
    crea_attivita(casa, titolo="Nel giorno chiuso", inizio=_alle(CHIUSO, 17))
    crea_attivita(casa, titolo="Nel giorno aperto", inizio=_alle(CHIUSO + dt.timedelta(days=1), 17))
    for url in (reverse("quartieri:attivita"), casa.get_absolute_url()):
        html = client.get(url).content.decode()
        assert html.count("giorno di chiusura del luogo") == 1, url
        chiuso = html.index("Nel giorno chiuso")
        assert html.index("giorno di chiusura del luogo") < chiuso, url


def test_la_data_annullata_per_chiusura_e_segnalata_una_volta(client, casa, community_manager):
    crea_eccezione(casa, CHIUSO)
    client.force_login(community_manager)
    dati = {
        "titolo": "Tombola",
        "tipo": "evento",
        "pubblico": "tutti",
        "inizio": "2026-03-05T15:00",
        "fine": "2026-03-05T17:00",
        "settimanale": "on",
        "ripeti_fino_al": "2026-03-19",
        "pubblica": "on",
        "gratuita": "on",
    }
    risposta = client.post(reverse("gestione:attivita_nuova", kwargs={"slug": casa.slug}), dati)
    assert risposta.status_code == 302
    assert sum("è stata annullata" in m for m in _messaggi(risposta)) == 1
    client.get(risposta["Location"])  # the page shows, and so consumes, the messages
    attivita = casa.attivita.get()
    risposta = client.post(
        reverse("gestione:attivita", kwargs={"slug": casa.slug, "pk": attivita.pk}), dati
    )
    assert risposta.status_code == 302
    assert not any("è stata annullata" in m for m in _messaggi(risposta))


def test_nei_giorni_di_eccezione_guarda_il_giorno_locale(casa, altra_casa):
    crea_eccezione(casa, CHIUSO)
    orario_ridotto = CHIUSO + dt.timedelta(days=2)
    crea_eccezione(casa, orario_ridotto, tipo="apertura", apre=dt.time(9), chiude=dt.time(12))
    crea_eccezione(altra_casa, CHIUSO + dt.timedelta(days=1))

    def data(luogo, inizio):
        return crea_attivita(luogo, inizio=inizio).occorrenze.get()

    # 00:30 in Rome is still the day before in UTC; 23:30 the evening before is not closed.
    a_mezzanotte = data(casa, dt.datetime.combine(CHIUSO, dt.time(0, 30), ROMA))
    data(casa, dt.datetime.combine(CHIUSO, dt.time(23, 30), ROMA) - dt.timedelta(days=1))
    nell_orario_ridotto = data(casa, _alle(orario_ridotto, 10))
    data(casa, _alle(CHIUSO + dt.timedelta(days=1), 17))
    trovate = set(Occorrenza.objects.filter(attivita__luogo=casa).nei_giorni_di_eccezione())
    assert trovate == {a_mezzanotte, nell_orario_ridotto}


def test_le_date_in_chiusura_sono_quelle_che_le_eccezioni_toccano(casa):
    crea_eccezione(casa, CHIUSO, motivo="Lavori")
    orario_ridotto = CHIUSO + dt.timedelta(days=2)
    crea_eccezione(casa, orario_ridotto, tipo="apertura", apre=dt.time(9), chiude=dt.time(12))
    chiusa = crea_attivita(casa, inizio=_alle(CHIUSO, 17)).occorrenze.get()
    fuori_orario = crea_attivita(casa, inizio=_alle(orario_ridotto, 17)).occorrenze.get()
    crea_attivita(casa, inizio=_alle(orario_ridotto, 10))  # within the special hours
    crea_attivita(casa, inizio=_alle(CHIUSO + dt.timedelta(days=1), 17))

    date = date_in_chiusura(luogo=casa, adesso=ADESSO)
    assert [(o, e.data_inizio) for o, e in date] == [
        (chiusa, CHIUSO),
        (fuori_orario, orario_ridotto),
    ]
