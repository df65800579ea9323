"""The public pages in headless Chromium: axe-core, the keyboard alone, a 360 px phone."""

from __future__ import annotations

import pytest

from tests.conftest import violazioni_axe
from tests.factories import (
    crea_categoria,
    crea_luogo,
    crea_orario_settimanale,
    crea_quartiere,
    crea_servizio,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rete():
    quartiere = crea_quartiere(nome="Rosta Nuova")
    categoria = crea_categoria(nome="Portierato sociale", slug="portierato-sociale")
    casa = crea_luogo(
        quartiere,
        nome="Casa Mirandola",
        coordinate_esatte=True,
        telefono="0522 123456",
        email="mirandola@casa.test",
        ingresso_senza_gradini=True,
    )
    crea_orario_settimanale(casa)
    crea_servizio(casa, categoria, titolo="Portineria di quartiere")
    centro = crea_luogo(quartiere, nome="Centro Tricolore", tipo="centro_sociale", lat=44.71)
    crea_servizio(centro, titolo="Ritiro pacchi")
    return casa


def senza_tile(pagina):
    """No network in tests: OpenStreetMap tiles are refused, the map still draws its markers."""
    pagina.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    return pagina


@pytest.mark.parametrize(
    "url", ["/case-di-quartiere/", "/case-di-quartiere/casa-mirandola/", "/servizi/"]
)
def test_pagine_pubbliche_senza_violazioni_axe(pagina, rete, url):
    senza_tile(pagina).goto(url)
    pagina.wait_for_load_state("load")
    assert violazioni_axe(pagina) == []


def test_finder_con_errore_senza_violazioni_axe(pagina, rete):
    pagina.goto("/servizi/?lat=abc&lon=10")
    assert pagina.get_by_role("alert").filter(has_text="latitudine").is_visible()
    assert violazioni_axe(pagina) == []


def test_mappa_con_javascript_mostra_i_marcatori(pagina, rete):
    senza_tile(pagina).goto("/case-di-quartiere/")
    pagina.wait_for_selector("#mappa .leaflet-marker-icon")
    assert pagina.locator("#mappa .leaflet-marker-icon").count() == 2
    assert "OpenStreetMap" in pagina.locator("#mappa .leaflet-control-attribution").inner_text()
    marcatore = pagina.locator('#mappa img[alt^="Centro Tricolore"]')
    assert "approssimativa" in marcatore.get_attribute("alt")


def test_filtro_usato_solo_con_la_tastiera(pagina, rete):
    pagina.goto("/case-di-quartiere/")
    assert pagina.locator("#elenco-luoghi > li").count() == 2
    for _ in range(80):
        pagina.keyboard.press("Tab")
        if pagina.evaluate("document.activeElement.id") == "id_tipo":
            break
    else:
        pytest.fail("the type filter cannot be reached with Tab")
    pagina.keyboard.type("centro sociale")
    assert pagina.evaluate("document.activeElement.value") == "centro_sociale"
    for _ in range(10):
        pagina.keyboard.press("Tab")
        if pagina.evaluate("document.activeElement.type") == "submit":
            break
    assert pagina.evaluate("document.activeElement.textContent") == "Cerca"
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert "tipo=centro_sociale" in pagina.url
    assert pagina.locator("#elenco-luoghi > li").count() == 1
    assert "Centro Tricolore" in pagina.locator("#elenco-luoghi").inner_text()


def test_vicino_a_me_manda_la_posizione(browser, live_server, rete):
    contesto = browser.new_context(
        base_url=live_server.url,
        locale="it-IT",
        geolocation={"latitude": 44.7, "longitude": 10.63},
        permissions=["geolocation"],
    )
    pagina = contesto.new_page()
    try:
        pagina.goto("/servizi/")
        with pagina.expect_navigation():
            pagina.get_by_role("button", name="Vicino a me").click()
        assert "lat=44.70000" in pagina.url
        assert "lon=10.63000" in pagina.url
        assert "In ordine di distanza dalla tua posizione." in pagina.content()
    finally:
        contesto.close()


@pytest.mark.parametrize(
    "url", ["/case-di-quartiere/", "/case-di-quartiere/casa-mirandola/", "/servizi/", "/"]
)
def test_pagine_su_telefono_senza_scorrimento_orizzontale(pagina_telefono, rete, url):
    senza_tile(pagina_telefono).goto(url)
    pagina_telefono.wait_for_load_state("load")
    larghezza = pagina_telefono.evaluate("document.documentElement.scrollWidth")
    assert larghezza <= 360, f"{url} scrolls sideways on a 360 px phone"
    assert violazioni_axe(pagina_telefono) == []
