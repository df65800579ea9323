"""The public pages: list of places, a place's page, the service finder, the home page."""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import (
    crea_categoria,
    crea_eccezione,
    crea_ente,
    crea_fascia,
    crea_luogo,
    crea_orario_settimanale,
    crea_quartiere,
    crea_servizio,
)

pytestmark = pytest.mark.django_db

ROMA = ZoneInfo("Europe/Rome")
# Wednesday 5 March 2025, 10:00 in Reggio Emilia.
MERCOLEDI_ALLE_10 = dt.datetime(2025, 3, 5, 10, 0, tzinfo=ROMA)


def json_ld(html: str) -> dict:
    blocco = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocco, "no JSON-LD in the page"
    return json.loads(blocco.group(1))


# --- /case-di-quartiere/ ------------------------------------------------------


@time_machine.travel(MERCOLEDI_ALLE_10, tick=False)
def test_elenco_mostra_i_luoghi_pubblicati_con_lo_stato(client):
    aperta = crea_luogo(nome="Casa Aperta")
    crea_orario_settimanale(aperta, "09:00", "19:00")
    chiusa = crea_luogo(nome="Casa Chiusa")
    crea_fascia(chiusa, 3, "09:00", "12:00")
    crea_luogo(nome="Casa Nascosta", pubblicato=False)
    risposta = client.get("/case-di-quartiere/")
    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert "Casa Aperta" in html
    assert "Aperto · chiude alle 19:00" in html
    assert "Chiuso · apre domani alle 09:00" in html
    assert "Casa Nascosta" not in html
    assert "2 luoghi trovati" in html


def test_elenco_passa_alla_mappa_i_dati_dei_luoghi(client):
    crea_luogo(nome="Casa <Esatta>", coordinate_esatte=True, lat=44.71, lon=10.62)
    risposta = client.get("/case-di-quartiere/")
    html = risposta.content.decode()
    dati = json.loads(
        re.search(r'id="dati-mappa" type="application/json">(.*?)</script>', html).group(1)
    )
    assert dati == [
        {
            "nome": "Casa <Esatta>",
            "url": "/case-di-quartiere/casa-esatta/",
            "lat": 44.71,
            "lon": 10.62,
            "approssimate": False,
        }
    ]
    assert 'src="/static/js/mappa.js"' in html


def test_elenco_paginato_a_20(client):
    quartiere = crea_quartiere()
    for n in range(23):
        crea_luogo(quartiere, nome=f"Casa {n:02d}")
    prima = client.get("/case-di-quartiere/").content.decode()
    assert prima.count('class="card card-bg mb-3"') == 20
    assert "Pagina 1 di 2" in prima
    seconda = client.get("/case-di-quartiere/?page=2").content.decode()
    assert seconda.count('class="card card-bg mb-3"') == 3


def test_elenco_filtrato_dalla_querystring_e_i_filtri_restano_nella_paginazione(client):
    quartiere = crea_quartiere()
    for n in range(21):
        crea_luogo(quartiere, nome=f"Centro {n:02d}", tipo="centro_sociale")
    crea_luogo(quartiere, nome="Casa Unica")
    html = client.get("/case-di-quartiere/?tipo=centro_sociale").content.decode()
    assert "Casa Unica" not in html
    assert "?tipo=centro_sociale&amp;page=2" in html


def test_elenco_con_filtro_non_valido_risponde_200_con_il_messaggio(client):
    crea_luogo(nome="Casa Mirandola")
    risposta = client.get("/case-di-quartiere/?categoria=inesistente&quartiere=abc")
    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert 'role="alert"' in html
    assert "Categoria sconosciuta" in html
    assert "Quartiere sconosciuto" in html
    assert "Casa Mirandola" not in html


# --- /case-di-quartiere/<slug>/ -----------------------------------------------


@pytest.fixture
def casa_completa():
    gestore = crea_ente(
        nome="Giro del Cielo",
        contatti_pubblici=True,
        telefono="0522 111222",
        email="info@giro.test",
    )
    luogo = crea_luogo(
        nome="Orti Spallanzani",
        indirizzo="via Toscanini 1",
        cap="42122",
        telefono="0522 123456",
        email="orti@casa.test",
        gestore=gestore,
        convenzione_inizio=dt.date(2024, 2, 1),
        convenzione_fine=dt.date(2033, 1, 31),
        tessera="ARCI",
        ingresso_senza_gradini=True,
        bagno_accessibile=False,
        coordinate_esatte=False,
        lat=44.69,
        lon=10.64,
        descrizione="Orti e </script><script>alert(1)</script> cene.",
    )
    crea_orario_settimanale(luogo, "09:00", "19:00")
    crea_eccezione(luogo, dt.date(2025, 3, 10), motivo="Pulizie di primavera")
    categoria = crea_categoria(nome="Facilitazione digitale", slug="facilitazione-digitale")
    proprio = crea_servizio(
        luogo,
        categoria,
        titolo="Aiuto con lo SPID",
        usa_orari_luogo=False,
        prenotazione=True,
        gratuito=False,
        costo="5 euro",
        pubblico="anziani",
    )
    proprio.fasce_orarie.create(giorno=3, apre=dt.time(15), chiude=dt.time(17))
    crea_servizio(luogo, categoria, titolo="Servizio in preparazione", pubblicato=False)
    return luogo


@time_machine.travel(MERCOLEDI_ALLE_10, tick=False)
def test_pagina_del_luogo_mostra_le_informazioni(client, casa_completa):
    risposta = client.get(casa_completa.get_absolute_url())
    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert "<h1" in html
    assert "Orti Spallanzani" in html
    assert "Aperto · chiude alle 19:00" in html
    assert 'href="tel:0522123456"' in html
    assert 'href="mailto:orti@casa.test"' in html
    # The point is only the neighbourhood's centre: directions go to the street address.
    assert (
        "https://www.openstreetmap.org/directions?to=via%20Toscanini%201%2C%2042122%20Reggio%20Emilia"
        in html
    )
    assert "Coordinate approssimative (centro del quartiere)" in html
    assert "Giro del Cielo" in html
    assert "1 febbraio 2024" in html
    assert "31 gennaio 2033" in html
    assert 'href="tel:0522111222"' in html
    assert "tessera associativa ARCI" in html
    assert "Pulizie di primavera" in html
    assert "Lunedì 10 marzo 2025" in html
    assert "Aiuto con lo SPID" in html
    assert "Servizio in preparazione" not in html
    assert "Giovedì: 15:00–17:00" in html
    assert "5 euro" in html
    assert "necessaria" in html
    # Accessibility facts: yes, no and unknown are three different answers.
    assert re.search(r"Ingresso senza gradini</dt><dd[^>]*>sì<", html)
    assert re.search(r"Bagno accessibile</dt><dd[^>]*>no<", html)
    assert re.search(
        r"Anello induttivo per protesi acustiche</dt><dd[^>]*>non ancora verificato<", html
    )


@time_machine.travel(MERCOLEDI_ALLE_10, tick=False)
def test_pagina_del_luogo_segna_la_riga_di_oggi(client, casa_completa):
    html = client.get(casa_completa.get_absolute_url()).content.decode()
    oggi = re.search(r'<tr class="[^"]*" aria-current="date">\s*<th scope="row">(\w+)', html)
    assert oggi.group(1) == "Mercoledì"
    assert html.count('aria-current="date"') == 1


@time_machine.travel(MERCOLEDI_ALLE_10, tick=False)
def test_json_ld_valido_con_orari_indirizzo_e_coordinate(client, casa_completa):
    html = client.get(casa_completa.get_absolute_url()).content.decode()
    dati = json_ld(html)
    assert dati["@type"] == "CivicStructure"
    assert dati["address"]["streetAddress"] == "via Toscanini 1"
    assert dati["geo"] == {"@type": "GeoCoordinates", "latitude": 44.69, "longitude": 10.64}
    settimanali = [s for s in dati["openingHoursSpecification"] if "dayOfWeek" in s]
    assert len(settimanali) == 7
    assert settimanali[0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00",
        "closes": "19:00",
    }
    chiusura = [s for s in dati["openingHoursSpecification"] if "validFrom" in s]
    assert chiusura[0]["validFrom"] == "2025-03-10"
    assert chiusura[0]["opens"] == "00:00"
    # A "</script>" in the description cannot close the element early.
    assert "</script><script>alert(1)" not in html
    assert dati["description"] == casa_completa.descrizione


def test_luogo_non_pubblicato_risponde_404(client):
    luogo = crea_luogo(nome="Casa in bozza", pubblicato=False)
    assert client.get(luogo.get_absolute_url()).status_code == 404
    assert client.get("/case-di-quartiere/non-esiste/").status_code == 404


def test_pagina_del_luogo_ha_il_punto_per_le_attivita(client):
    """The activities app fills the attivita_luogo block; the page works while it is empty."""
    from django.template.loader import get_template

    sorgente = get_template("quartieri/luogo.html").template.source
    assert "{% block attivita_luogo %}" in sorgente


# --- /servizi/ ----------------------------------------------------------------


@pytest.fixture
def servizi_a_distanza():
    quartiere = crea_quartiere(nome="Rosta Nuova", lat=44.70, lon=10.63)
    categoria = crea_categoria(nome="Portierato sociale", slug="portierato-sociale")
    for km, nome in [(2.5, "Lontano"), (0.4, "Vicino")]:
        luogo = crea_luogo(
            quartiere,
            nome=f"Casa {nome}",
            lat=44.70 + km / 111.195,
            lon=10.63,
            coordinate_esatte=True,
        )
        crea_orario_settimanale(luogo)
        crea_servizio(luogo, categoria, titolo=f"Portineria {nome}")
    return quartiere


@time_machine.travel(MERCOLEDI_ALLE_10, tick=False)
def test_finder_ordina_per_distanza_con_tempo_a_piedi(client, servizi_a_distanza):
    html = client.get("/servizi/?categoria=portierato-sociale&lat=44.70&lon=10.63").content.decode()
    assert html.index("Portineria Vicino") < html.index("Portineria Lontano")
    # 0.4 km at 4.5 km/h = 5.3 minutes, rounded up; Italian decimal comma.
    assert "0,4 km · 6 min a piedi" in html
    assert "2,5 km · 34 min a piedi" in html
    assert "In ordine di distanza dalla tua posizione." in html
    assert "Aperto · chiude alle 19:00" in html


def test_finder_dal_centro_del_quartiere(client, servizi_a_distanza):
    html = client.get(f"/servizi/?quartiere={servizi_a_distanza.pk}").content.decode()
    assert "In ordine di distanza dal centro di Rosta Nuova." in html
    assert html.index("Portineria Vicino") < html.index("Portineria Lontano")


@time_machine.travel(dt.datetime(2025, 3, 5, 21, 0, tzinfo=ROMA), tick=False)
def test_finder_aperto_ora(client, servizi_a_distanza):
    serale = crea_luogo(servizi_a_distanza, nome="Casa Serale")
    crea_fascia(serale, 2, "20:00", "23:00")
    crea_servizio(serale, crea_categoria(), titolo="Tombola serale")
    html = client.get("/servizi/?aperto_ora=on").content.decode()
    assert "Tombola serale" in html
    assert "Portineria Vicino" not in html


@pytest.mark.parametrize(
    ("querystring", "messaggio"),
    [
        ("lat=abc&lon=10.6", "La latitudine deve essere un numero"),
        ("lat=95&lon=10.6", "La latitudine è compresa tra -90 e 90"),
        ("lat=44.7&lon=200", "La longitudine è compresa tra -180 e 180"),
        ("lat=44.7", "servono sia la latitudine sia la longitudine"),
        ("categoria=astronavi", "Categoria sconosciuta"),
        ("quartiere=999999", "Quartiere sconosciuto"),
    ],
)
def test_finder_input_non_valido_risponde_200_con_messaggio(
    client, servizi_a_distanza, querystring, messaggio
):
    risposta = client.get(f"/servizi/?{querystring}")
    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert 'role="alert"' in html
    assert messaggio in html
    assert "Portineria Vicino" not in html


@time_machine.travel(MERCOLEDI_ALLE_10, tick=False)
@pytest.mark.parametrize(
    "querystring",
    [
        "lat=44.70&lon=10.63",
        "",
        "aperto_ora=on&lat=44.7&lon=10.6",
        "prenotazione=on&lat=44.71&lon=10.62",
    ],
)
def test_finder_pagine_nello_stesso_ordine_dell_ordinamento_completo(client, querystring):
    """The page reads its rows by pk (PaginatorDeiServizi): same rows, same order, every page."""
    quartiere = crea_quartiere(lat=44.70, lon=10.63)
    categorie = [crea_categoria(ordine=i) for i in range(3)]
    # Several services per place share a distance: pk breaks the ties on every page.
    for i in range(9):
        luogo = crea_luogo(quartiere, lat=44.70 + (i % 4) / 200, lon=10.63 - i / 300)
        crea_orario_settimanale(luogo)
        for j in range(6):
            crea_servizio(
                luogo,
                categorie[(i + j) % 3],
                titolo=f"Servizio {(i * 7 + j) % 10}",
                prenotazione=j != 0,
            )
    # "page" binds the filter even with no other parameter, so its ordering ends with pk.
    risposta = client.get(f"/servizi/?{querystring}&page=1")
    atteso = [s.pk for s in risposta.context["filter"].qs]
    assert len(atteso) > 2 * 20
    letti = []
    for pagina in (1, 2, 3):
        risposta = client.get(f"/servizi/?{querystring}&page={pagina}")
        letti += [riga["servizio"].pk for riga in risposta.context["righe"]]
    assert letti == atteso


def test_finder_senza_posizione_elenca_tutti_i_servizi_pubblicati(client, servizi_a_distanza):
    crea_servizio(crea_luogo(nome="Casa Bozza", pubblicato=False), titolo="Servizio nascosto")
    html = client.get("/servizi/").content.decode()
    assert "2 servizi trovati" in html
    assert "Servizio nascosto" not in html
    assert "data-vicino-a-me hidden" in html  # the button waits for JavaScript


# --- Home page ------------------------------------------------------------------


def test_home_con_ricerca_categorie_e_numeri_della_rete(client, servizi_a_distanza):
    vuota = crea_categoria(nome="Categoria senza servizi", slug="vuota")
    crea_luogo(nome="Casa Bozza", pubblicato=False)
    html = client.get("/").content.decode()
    assert 'action="/case-di-quartiere/"' in html
    assert 'name="q"' in html
    assert 'href="/servizi/?categoria=portierato-sociale"' in html
    assert vuota.nome not in html
    assert "2 Case di Quartiere e luoghi di comunità" in html
    assert "2 servizi di prossimità" in html
    assert "Vicino a me" in html


# --- /case-di-quartiere/ near me (issue 13) --------------------------------------


def test_elenco_dei_luoghi_vicino_a_me_ordina_per_distanza(client, servizi_a_distanza):
    crea_luogo(servizi_a_distanza, nome="Casa Approssimata", lat=44.70 + 1 / 111.195, lon=10.63)
    html = client.get("/case-di-quartiere/?lat=44.70&lon=10.63").content.decode()
    elenco = html[html.index('id="elenco-luoghi"') :]
    assert elenco.index("Casa Vicino") < elenco.index("Casa Approssimata")
    assert elenco.index("Casa Approssimata") < elenco.index("Casa Lontano")
    assert "0,4 km · 6 min a piedi" in elenco
    assert "1,0 km · 14 min a piedi" in elenco
    assert "(distanza approssimativa)" in elenco
    assert "In ordine di distanza dalla tua posizione." in html
    # The "Vicino a me" button and its hidden fields, as on /servizi/.
    assert 'id="vicino-a-me"' in html
    assert 'name="lat"' in html


def test_elenco_dei_luoghi_senza_posizione_in_ordine_di_nome(client, servizi_a_distanza):
    html = client.get("/case-di-quartiere/").content.decode()
    elenco = html[html.index('id="elenco-luoghi"') :]
    assert elenco.index("Casa Lontano") < elenco.index("Casa Vicino")
    assert "min a piedi" not in elenco


@pytest.mark.parametrize(
    ("querystring", "messaggio"),
    [
        ("lat=abc&lon=10.6", "La latitudine deve essere un numero"),
        ("lat=44.7&lon=200", "La longitudine è compresa tra -180 e 180"),
        ("lon=10.6", "servono sia la latitudine sia la longitudine"),
    ],
)
def test_elenco_dei_luoghi_posizione_non_valida_e_un_errore_nel_modulo(
    client, servizi_a_distanza, querystring, messaggio
):
    risposta = client.get(f"/case-di-quartiere/?{querystring}")
    assert risposta.status_code == 200
    assert messaggio in risposta.content.decode()


def test_con_il_punto_esatto_le_indicazioni_vanno_al_punto(client, casa_completa):
    casa_completa.coordinate_esatte = True
    casa_completa.save()
    html = client.get(casa_completa.get_absolute_url()).content.decode()
    assert "https://www.openstreetmap.org/directions?to=44.690000%2C10.640000" in html
    assert "Coordinate approssimative" not in html
