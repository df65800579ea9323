"""The public calendar's pages: /attivita/, a date's page, the place's block."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from quartieri.models import Attivita, Iscrizione
from quartieri.services import attivita as services_attivita
from tests.conftest import crea_utente
from tests.factories import crea_attivita, crea_ente

pytestmark = pytest.mark.django_db

ROMA = timezone.get_default_timezone()
# A Wednesday: the week runs to Sunday 18, the weekend is 17-18.
ADESSO = dt.datetime(2026, 3, 11, 10, 0, tzinfo=ROMA)


def _alle(giorno: int, ora: int = 17) -> dt.datetime:
    return dt.datetime(2026, 3, giorno, ora, 0, tzinfo=ROMA)


@pytest.fixture
def orologio():
    with time_machine.travel(ADESSO, tick=False):
        yield


def _occorrenza(attivita: Attivita):
    return attivita.occorrenze.get()


def test_elenco_raggruppa_per_giorno_e_mostra_stato(client, casa, orologio):
    crea_attivita(casa, titolo="Tombola del giovedì", inizio=_alle(12))
    crea_attivita(
        casa,
        titolo="Corso di alfabetizzazione digitale",
        inizio=_alle(13),
        iscrizione_richiesta=True,
        capienza=10,
        gratuita=False,
        costo="5 euro",
    )
    risposta = client.get(reverse("quartieri:attivita"))
    assert risposta.status_code == 200
    testo = risposta.content.decode()
    assert "Tombola del giovedì" in testo
    assert "Giovedì 12 marzo 2026" in testo
    assert "Venerdì 13 marzo 2026" in testo
    assert "iscrizione non richiesta" in testo
    assert "10 posti disponibili" in testo
    assert "A pagamento: 5 euro" in testo


def test_elenco_nasconde_interne_annullate_concluse_e_luoghi_non_pubblicati(
    client, casa, altra_casa, community_manager, orologio
):
    crea_attivita(casa, titolo="Riunione interna", pubblica=False, inizio=_alle(12))
    annullata = crea_attivita(casa, titolo="Annullata", inizio=_alle(12))
    services_attivita.annulla_occorrenza(
        occorrenza=_occorrenza(annullata), utente=community_manager
    )
    crea_attivita(casa, titolo="Già finita", inizio=_alle(11, 7))
    altra_casa.pubblicato = False
    altra_casa.save()
    crea_attivita(altra_casa, titolo="Luogo nascosto", inizio=_alle(12))
    crea_attivita(casa, titolo="In programma", inizio=_alle(12))
    testo = client.get(reverse("quartieri:attivita")).content.decode()
    assert "In programma" in testo
    for assente in ("Riunione interna", "Annullata", "Già finita", "Luogo nascosto"):
        assert assente not in testo


def test_elenco_dice_spostata(client, casa, community_manager, orologio):
    attivita = crea_attivita(casa, titolo="Camminata della salute", inizio=_alle(12))
    services_attivita.sposta_occorrenza(
        occorrenza=_occorrenza(attivita),
        utente=community_manager,
        inizio=_alle(14, 9),
        fine=_alle(14, 11),
    )
    testo = client.get(reverse("quartieri:attivita")).content.decode()
    assert "spostata" in testo


def test_elenco_pagina_senza_contare_tutto(client, casa, orologio):
    for i in range(21):
        crea_attivita(casa, titolo=f"Evento {i:02d}", inizio=_alle(12) + dt.timedelta(minutes=i))
    prima = client.get(reverse("quartieri:attivita")).content.decode()
    assert "Evento 19" in prima
    assert "Evento 20" not in prima
    assert "page=2" in prima
    seconda = client.get(reverse("quartieri:attivita"), {"page": 2}).content.decode()
    assert "Evento 20" in seconda
    assert "Pagina precedente" in seconda
    assert client.get(reverse("quartieri:attivita"), {"page": "x"}).status_code == 404
    assert client.get(reverse("quartieri:attivita"), {"page": 9}).status_code == 404


def test_data_malformata_e_un_errore_nel_modulo(client, casa, orologio):
    risposta = client.get(reverse("quartieri:attivita"), {"dal": "31/02/2026"})
    assert risposta.status_code == 200
    assert "Data non valida" in risposta.content.decode()


def test_elenco_ha_i_link_per_iscriversi_al_calendario(client, casa, orologio):
    testo = client.get(reverse("quartieri:attivita"), {"quando": "oggi"}).content.decode()
    assert "webcal://testserver/attivita/calendario.ics?quando=oggi" in testo
    assert "http://testserver/attivita/calendario.ics?quando=oggi" in testo


# --- A date's page -----------------------------------------------------------


def test_dettaglio_di_attivita_senza_iscrizione(client, casa, orologio):
    occorrenza = _occorrenza(crea_attivita(casa, titolo="Scala 40 e pinnacolo"))
    risposta = client.get(reverse("quartieri:attivita_dettaglio", args=[occorrenza.pk]))
    assert risposta.status_code == 200
    testo = risposta.content.decode()
    assert "Non serve iscriversi" in testo
    assert casa.indirizzo in testo
    assert reverse("quartieri:attivita_ics", args=[occorrenza.pk]) in testo
    assert 'id="mappa"' in testo


def test_dettaglio_anonimo_deve_accedere_per_iscriversi(client, casa, orologio):
    occorrenza = _occorrenza(crea_attivita(casa, iscrizione_richiesta=True, capienza=5))
    testo = client.get(reverse("quartieri:attivita_dettaglio", args=[occorrenza.pk])).content
    assert "Accedi per iscriverti" in testo.decode()
    assert "Posti disponibili: 5 su 5." in testo.decode()


def test_dettaglio_cittadino_vede_il_pulsante_e_poi_la_sua_iscrizione(
    client, casa, cittadino, orologio
):
    occorrenza = _occorrenza(crea_attivita(casa, iscrizione_richiesta=True, capienza=2))
    client.force_login(cittadino)
    url = reverse("quartieri:attivita_dettaglio", args=[occorrenza.pk])
    testo = client.get(url).content.decode()
    assert reverse("quartieri:iscriviti", args=[occorrenza.pk]) in testo
    services_attivita.iscrivi(occorrenza=occorrenza, utente=cittadino)
    testo = client.get(url).content.decode()
    assert "Sei iscritto a questa data." in testo
    assert "Posti disponibili: 1 su 2." in testo
    assert reverse("quartieri:annulla_iscrizione", args=[occorrenza.pk]) in testo


def test_dettaglio_lista_d_attesa_con_posizione(client, casa, cittadino, orologio):
    occorrenza = _occorrenza(crea_attivita(casa, iscrizione_richiesta=True, capienza=1))
    for n in range(2):
        services_attivita.iscrivi(
            occorrenza=occorrenza, utente=crea_utente(f"vicino{n}@esempio.test")
        )
    services_attivita.iscrivi(occorrenza=occorrenza, utente=cittadino)
    client.force_login(cittadino)
    testo = client.get(reverse("quartieri:attivita_dettaglio", args=[occorrenza.pk])).content
    testo = testo.decode()
    assert "Sei in lista d'attesa (posizione 2)" in testo
    assert "Posti esauriti" in testo
    assert Iscrizione.objects.in_attesa().count() == 2


def test_dettaglio_con_posti_esauriti_propone_la_lista_d_attesa(client, casa, cittadino, orologio):
    occorrenza = _occorrenza(crea_attivita(casa, iscrizione_richiesta=True, capienza=1))
    services_attivita.iscrivi(occorrenza=occorrenza, utente=crea_utente("primo@esempio.test"))
    client.force_login(cittadino)
    testo = client.get(reverse("quartieri:attivita_dettaglio", args=[occorrenza.pk])).content
    assert "Mettiti in lista d'attesa" in testo.decode()


def test_dettaglio_annullata_chiude_le_iscrizioni(client, casa, community_manager, orologio):
    occorrenza = _occorrenza(crea_attivita(casa, iscrizione_richiesta=True))
    services_attivita.annulla_occorrenza(
        occorrenza=occorrenza, utente=community_manager, motivo="Maltempo"
    )
    testo = client.get(reverse("quartieri:attivita_dettaglio", args=[occorrenza.pk])).content
    testo = testo.decode()
    assert "Questa data è stata annullata." in testo
    assert "Maltempo" in testo
    assert "Le iscrizioni a questa data sono chiuse." in testo


@pytest.mark.parametrize("come", ["interna", "luogo_non_pubblicato"])
def test_dettaglio_non_pubblico_riceve_404(client, casa, cittadino, come, orologio):
    attivita = crea_attivita(casa, pubblica=come != "interna")
    if come == "luogo_non_pubblicato":
        casa.pubblicato = False
        casa.save()
    url = reverse("quartieri:attivita_dettaglio", args=[_occorrenza(attivita).pk])
    assert client.get(url).status_code == 404
    client.force_login(cittadino)
    assert client.get(url).status_code == 404


def test_dettaglio_interno_visibile_al_manager_del_luogo(client, casa, community_manager, orologio):
    attivita = crea_attivita(casa, titolo="Riunione dei volontari", pubblica=False)
    client.force_login(community_manager)
    risposta = client.get(reverse("quartieri:attivita_dettaglio", args=[_occorrenza(attivita).pk]))
    assert risposta.status_code == 200
    assert "application/ld+json" not in risposta.content.decode()


def test_manager_di_altra_casa_riceve_404_su_attivita_interna(
    client, casa, altro_community_manager, orologio
):
    attivita = crea_attivita(casa, pubblica=False)
    client.force_login(altro_community_manager)
    url = reverse("quartieri:attivita_dettaglio", args=[_occorrenza(attivita).pk])
    assert client.get(url).status_code == 404


# --- JSON-LD -----------------------------------------------------------------


def _json_ld(testo: str) -> dict:
    blocco = re.search(r'<script type="application/ld\+json">(.*?)</script>', testo, re.S)
    return json.loads(blocco.group(1))


def test_json_ld_evento_con_luogo_organizzatore_e_costo(client, casa, orologio):
    ente = crea_ente(nome="Federconsumatori Reggio Emilia")
    occorrenza = _occorrenza(
        crea_attivita(
            casa,
            titolo="Sportello antitruffa </script><b>",
            organizzatore=ente,
            gratuita=False,
            costo="3 euro",
            inizio=_alle(12),
        )
    )
    testo = client.get(reverse("quartieri:attivita_dettaglio", args=[occorrenza.pk])).content
    testo = testo.decode()
    assert "</script><b>" not in testo.split("application/ld+json")[1].split("</script>")[0]
    dati = _json_ld(testo)
    assert dati["@type"] == "Event"
    assert dati["name"] == "Sportello antitruffa </script><b>"
    assert dati["startDate"] == "2026-03-12T17:00:00+01:00"
    assert dati["endDate"] == "2026-03-12T19:00:00+01:00"
    assert dati["eventStatus"] == "https://schema.org/EventScheduled"
    assert dati["location"]["@type"] == "Place"
    assert dati["location"]["address"]["streetAddress"] == casa.indirizzo
    assert dati["organizer"]["name"] == "Federconsumatori Reggio Emilia"
    assert dati["isAccessibleForFree"] is False
    assert dati["offers"]["description"] == "3 euro"


def test_json_ld_annullata_e_spostata(client, casa, community_manager, orologio):
    annullata = _occorrenza(crea_attivita(casa, inizio=_alle(12)))
    services_attivita.annulla_occorrenza(occorrenza=annullata, utente=community_manager)
    spostata = _occorrenza(crea_attivita(casa, inizio=_alle(12)))
    services_attivita.sposta_occorrenza(
        occorrenza=spostata, utente=community_manager, inizio=_alle(30, 10), fine=_alle(30, 12)
    )
    dati = _json_ld(
        client.get(reverse("quartieri:attivita_dettaglio", args=[annullata.pk])).content.decode()
    )
    assert dati["eventStatus"] == "https://schema.org/EventCancelled"
    dati = _json_ld(
        client.get(reverse("quartieri:attivita_dettaglio", args=[spostata.pk])).content.decode()
    )
    assert dati["eventStatus"] == "https://schema.org/EventRescheduled"
    # After the switch to summer time the offset is +02:00.
    assert dati["startDate"] == "2026-03-30T10:00:00+02:00"
    assert dati["previousStartDate"] == "2026-03-12T17:00:00+01:00"
    assert "offers" not in dati
    assert dati["isAccessibleForFree"] is True


# --- The place's page --------------------------------------------------------


def test_pagina_del_luogo_mostra_le_prossime_attivita_e_il_feed(client, casa, orologio):
    crea_attivita(casa, titolo="Tombola del giovedì", inizio=_alle(12))
    crea_attivita(casa, titolo="Interna", pubblica=False, inizio=_alle(12))
    testo = client.get(casa.get_absolute_url()).content.decode()
    assert "Prossime attività" in testo
    assert "Tombola del giovedì" in testo
    assert "Interna" not in testo
    assert f"webcal://testserver/case-di-quartiere/{casa.slug}/calendario.ics" in testo
    assert f"/attivita/?luogo={casa.slug}" in testo


def test_iscrizione_per_piu_persone_dalla_pagina(client, casa, cittadino, orologio):
    attivita = crea_attivita(
        casa, iscrizione_richiesta=True, capienza=5, massimo_persone_per_iscrizione=3
    )
    occorrenza = _occorrenza(attivita)
    client.force_login(cittadino)
    url = reverse("quartieri:attivita_dettaglio", args=[occorrenza.pk])
    assert 'name="persone"' in client.get(url).content.decode()

    risposta = client.post(
        reverse("quartieri:iscriviti", args=[occorrenza.pk]), {"persone": "3"}, follow=True
    )

    assert Iscrizione.objects.get(utente=cittadino).persone == 3
    testo = risposta.content.decode()
    assert "3 persone, te compreso" in testo
    assert "Posti disponibili: 2 su 5." in testo


@pytest.mark.parametrize("persone", ["4", "0", "tre"])
def test_iscrizione_con_persone_non_ammesse_e_un_messaggio(
    client, casa, cittadino, orologio, persone
):
    attivita = crea_attivita(
        casa, iscrizione_richiesta=True, capienza=5, massimo_persone_per_iscrizione=3
    )
    occorrenza = _occorrenza(attivita)
    client.force_login(cittadino)
    risposta = client.post(
        reverse("quartieri:iscriviti", args=[occorrenza.pk]), {"persone": persone}, follow=True
    )
    assert risposta.status_code == 200
    assert "al massimo 3 persone per volta" in risposta.content.decode()
    assert not Iscrizione.objects.exists()


def test_attivita_per_una_persona_non_chiede_quante(client, casa, cittadino, orologio):
    occorrenza = _occorrenza(crea_attivita(casa, iscrizione_richiesta=True, capienza=5))
    client.force_login(cittadino)
    url = reverse("quartieri:attivita_dettaglio", args=[occorrenza.pk])
    assert 'name="persone"' not in client.get(url).content.decode()
    client.post(reverse("quartieri:iscriviti", args=[occorrenza.pk]))
    assert Iscrizione.objects.get(utente=cittadino).persone == 1
