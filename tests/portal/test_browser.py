"""The home page in headless Chromium: loads, skip link first, no axe violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import accedi_nel_browser, violazioni_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_si_carica_senza_violazioni_axe(pagina):
    pagina.goto("/")
    assert "Case di Quartiere" in pagina.title()
    assert violazioni_axe(pagina) == []


def test_skip_link_e_il_primo_elemento_focalizzabile(pagina):
    pagina.goto("/")
    pagina.keyboard.press("Tab")
    focalizzato = pagina.evaluate("document.activeElement.getAttribute('href')")
    assert focalizzato == "#main-container"


def test_home_su_telefono_senza_violazioni(pagina_telefono):
    pagina_telefono.goto("/")
    larghezza = pagina_telefono.evaluate("document.documentElement.scrollWidth")
    assert larghezza <= 360, "the page scrolls sideways on a 360 px phone"
    assert violazioni_axe(pagina_telefono) == []


# --- modello Comuni: the menu, the second-level pages, the account pages -----------


def test_menu_del_modello_comuni_nel_browser(pagina):
    pagina.goto("/")
    voci = pagina.locator('[data-element="main-navigation"] a.nav-link')
    assert voci.all_inner_texts() == [
        "Amministrazione",
        "Novità",
        "Servizi",
        "Vivere Reggio Emilia",
    ]
    assert [voci.nth(n).get_attribute("data-element") for n in range(4)] == [
        "management",
        "news",
        "all-services",
        "live",
    ]


@pytest.mark.parametrize("url", ["/amministrazione/", "/vivere/", "/note-legali/"])
def test_pagine_di_secondo_livello_senza_violazioni_axe(pagina_telefono, url):
    pagina_telefono.goto(url)
    assert violazioni_axe(pagina_telefono) == []


@pytest.mark.parametrize("url", ["/account/login/", "/account/signup/", "/account/password/reset/"])
def test_pagine_di_accesso_nel_layout_con_titillium_e_senza_violazioni(pagina, url):
    pagina.goto(url)
    assert pagina.locator("header.it-header-wrapper").is_visible()
    assert pagina.locator("footer#footer").is_visible()
    for selettore in ("h1", "main p", "main label"):
        famiglia = pagina.locator(selettore).first.evaluate("e => getComputedStyle(e).fontFamily")
        assert famiglia.startswith('"Titillium Web"'), (selettore, famiglia)
    assert violazioni_axe(pagina) == []


def test_pagine_del_mio_account_senza_violazioni(pagina, live_server, cittadino):
    accedi_nel_browser(pagina, live_server, cittadino)
    for url in ("/account/email/", "/account/password/change/"):
        pagina.goto(url)
        assert pagina.get_by_role("navigation", name="Il mio account").is_visible()
        assert violazioni_axe(pagina) == []


def test_menu_su_telefono_si_apre_con_il_modulo_di_bootstrap_italia(pagina_telefono):
    """Only Bootstrap Italia's navbar-collapsible module is shipped: the phone menu still opens."""
    pagina_telefono.goto("/")
    vivere = pagina_telefono.locator('[data-element="live"]')
    assert not vivere.is_visible()
    pagina_telefono.get_by_role("button", name="Mostra o nascondi il menu principale").click()
    vivere.wait_for(state="visible")
    chiudi = pagina_telefono.get_by_role("button", name="Chiudi il menu")
    # Once open (its transition over), the menu traps the focus on its close button.
    expect(chiudi).to_be_focused()
    chiudi.click()
    vivere.wait_for(state="hidden")


def test_menu_su_telefono_senza_javascript_e_un_elenco_di_link(browser, live_server):
    """Without JavaScript the toggler cannot open the panel: senza-js.css shows the links."""
    contesto = browser.new_context(
        base_url=live_server.url,
        locale="it-IT",
        viewport={"width": 360, "height": 740},
        java_script_enabled=False,
    )
    try:
        pagina = contesto.new_page()
        pagina.goto("/")
        for data_element in ("management", "news", "all-services", "live"):
            assert pagina.locator(f'[data-element="{data_element}"]').is_visible(), data_element
        assert pagina.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        contesto.close()


def test_le_pagine_non_caricano_il_bundle_di_bootstrap_italia(pagina):
    richieste = []
    pagina.on("request", lambda richiesta: richieste.append(richiesta.url))
    pagina.goto("/")
    pagina.wait_for_load_state("networkidle")
    script = [url for url in richieste if url.endswith(".js")]
    assert any("navbar-collapsible" in url for url in script)
    assert not any("bundle" in url for url in script)
