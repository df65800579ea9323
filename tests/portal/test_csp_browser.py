"""The main pages in Chromium under the real Content-Security-Policy: nothing is refused.

Each page is loaded with the policy the portal sends; the browser reports every
refused script, style or image as a `securitypolicyviolation` event, collected by
a script Playwright adds before the page's own (through DevTools, not the page,
so the policy does not apply to it).
"""

from __future__ import annotations

import pytest

from tests.conftest import accedi_nel_browser, crea_utente
from tests.factories import (
    crea_attivita,
    crea_luogo,
    crea_opportunita,
    crea_orario_settimanale,
    crea_quartiere,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RACCOGLI_VIOLAZIONI = """
window.__violazioni = [];
document.addEventListener("securitypolicyviolation", (e) => {
    window.__violazioni.push(e.violatedDirective + " " + (e.blockedURI || "inline")
        + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def pagina_con_csp(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="it-IT")
    context.add_init_script(RACCOGLI_VIOLAZIONI)
    # No network in tests: OpenStreetMap tiles are refused by the route, not by the policy.
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.errori_console = []
    page.on(
        "console",
        lambda messaggio: (
            messaggio.type == "error"
            and "Content Security Policy" in messaggio.text
            and page.errori_console.append(messaggio.text)
        ),
    )
    yield page
    context.close()


@pytest.fixture
def casa_in_mappa(community_manager):
    casa = crea_luogo(
        crea_quartiere(nome="Rosta Nuova"),
        nome="Casa Mirandola",
        coordinate_esatte=True,
        manager=community_manager,
    )
    crea_orario_settimanale(casa)
    crea_attivita(casa, titolo="Cineforum")
    crea_opportunita(casa, titolo="Lettura ad alta voce")
    return casa


def _violazioni(pagina, url: str) -> list[str]:
    pagina.goto(url)
    pagina.wait_for_load_state("load")
    # Bootstrap Italia and Leaflet set up on DOMContentLoaded/load: give them a moment.
    pagina.wait_for_timeout(300)
    return pagina.evaluate("window.__violazioni") + pagina.errori_console


def test_pagine_pubbliche_senza_violazioni_della_csp(pagina_con_csp, casa_in_mappa):
    attivita = casa_in_mappa.attivita.get()
    for url in [
        "/",
        "/case-di-quartiere/",
        f"/case-di-quartiere/{casa_in_mappa.slug}/",
        "/servizi/",
        "/attivita/",
        f"/attivita/{attivita.pk}/",
        "/volontariato/",
        "/account/login/",
    ]:
        trovate = _violazioni(pagina_con_csp, url)
        assert trovate == [], (url, *trovate)
    # The map drew its marker: Leaflet works under the policy.
    pagina_con_csp.goto(f"/case-di-quartiere/{casa_in_mappa.slug}/")
    pagina_con_csp.wait_for_selector("#mappa .leaflet-marker-icon")


def test_pagine_riservate_e_admin_senza_violazioni_della_csp(
    pagina_con_csp, live_server, casa_in_mappa, community_manager
):
    accedi_nel_browser(pagina_con_csp, live_server, community_manager)
    for url in ["/gestione/", "/gestione/settimana/", f"/gestione/{casa_in_mappa.slug}/"]:
        trovate = _violazioni(pagina_con_csp, url)
        assert trovate == [], (url, *trovate)
    admin = crea_utente("admin@comune.test", is_staff=True, is_superuser=True)
    accedi_nel_browser(pagina_con_csp, live_server, admin)
    for url in [
        "/admin/",
        "/admin/quartieri/luogo/",
        f"/admin/quartieri/luogo/{casa_in_mappa.pk}/change/",
        "/admin/volontari/opportunita/add/",
        "/admin/volontari/orevolontariato/",
        "/report/",
        "/volontariato/tutor/",
    ]:
        trovate = _violazioni(pagina_con_csp, url)
        assert trovate == [], (url, *trovate)
