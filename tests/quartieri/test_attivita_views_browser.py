"""The public calendar in headless Chromium: axe-core, the keyboard alone, a 360 px phone.

(The management area's browser tests are in test_attivita_browser.py.)
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from quartieri.services import attivita as services_attivita
from tests.conftest import accedi_nel_browser, violazioni_axe
from tests.factories import crea_attivita, crea_ente

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _domani_alle(ora: int) -> dt.datetime:
    domani = timezone.localdate() + dt.timedelta(days=1)
    return dt.datetime.combine(domani, dt.time(ora), timezone.get_default_timezone())


@pytest.fixture
def calendario(casa, altra_casa, altro_community_manager):
    tombola = crea_attivita(casa, titolo="Tombola del giovedì", inizio=_domani_alle(20))
    corso = crea_attivita(
        casa,
        titolo="Corso di alfabetizzazione digitale",
        tipo="corso",
        inizio=_domani_alle(10),
        iscrizione_richiesta=True,
        capienza=8,
        organizzatore=crea_ente(nome="Auser Reggio Emilia"),
        gratuita=False,
        costo="10 euro per sei incontri",
    )
    spostata = crea_attivita(altra_casa, titolo="Camminata della salute", inizio=_domani_alle(9))
    services_attivita.sposta_occorrenza(
        occorrenza=spostata.occorrenze.get(),
        utente=altro_community_manager,
        inizio=_domani_alle(9) + dt.timedelta(days=1),
        fine=_domani_alle(11) + dt.timedelta(days=1),
    )
    return {"tombola": tombola.occorrenze.get(), "corso": corso.occorrenze.get()}


def senza_tile(pagina):
    """No network in tests: OpenStreetMap tiles are refused, the map still draws its marker."""
    pagina.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    return pagina


@pytest.mark.parametrize(
    "url", ["/attivita/", "/attivita/?dal=31/02/2026", "/attivita/?quando=weekend"]
)
def test_elenco_senza_violazioni_axe(pagina, calendario, url):
    pagina.goto(url)
    pagina.wait_for_load_state("load")
    assert violazioni_axe(pagina) == []


def test_dettaglio_senza_violazioni_axe_con_mappa(pagina, calendario):
    senza_tile(pagina).goto(f"/attivita/{calendario['corso'].pk}/")
    pagina.wait_for_selector("#mappa .leaflet-marker-icon")
    assert pagina.get_by_role("link", name="Accedi per iscriverti").is_visible()
    assert violazioni_axe(pagina) == []


def test_cittadino_si_iscrive_dal_telefono(pagina_telefono, live_server, calendario, cittadino):
    accedi_nel_browser(pagina_telefono, live_server, cittadino)
    senza_tile(pagina_telefono).goto(f"/attivita/{calendario['corso'].pk}/")
    with pagina_telefono.expect_navigation():
        pagina_telefono.get_by_role("button", name="Iscriviti").click()
    assert pagina_telefono.get_by_text("Sei iscritto a questa data.").is_visible()
    assert pagina_telefono.get_by_text("Posti disponibili: 7 su 8.").is_visible()
    larghezza = pagina_telefono.evaluate("document.documentElement.scrollWidth")
    assert larghezza <= 360
    assert violazioni_axe(pagina_telefono) == []


def test_filtri_usati_solo_con_la_tastiera(pagina, calendario):
    pagina.goto("/attivita/")
    assert pagina.locator("article").count() == 3
    for _ in range(80):
        pagina.keyboard.press("Tab")
        if pagina.evaluate("document.activeElement.name") == "quando":
            break
    else:
        pytest.fail("the date shortcuts cannot be reached with Tab")
    for _ in range(4):
        if pagina.evaluate("document.activeElement.value") == "settimana":
            break
        pagina.keyboard.press("ArrowDown")
    assert pagina.evaluate("document.activeElement.checked")
    for _ in range(20):
        pagina.keyboard.press("Tab")
        if pagina.evaluate("document.activeElement.id") == "id_tipo":
            break
    else:
        pytest.fail("the kind filter cannot be reached with Tab")
    pagina.keyboard.type("corso")
    assert pagina.evaluate("document.activeElement.value") == "corso"
    for _ in range(10):
        pagina.keyboard.press("Tab")
        if pagina.evaluate("document.activeElement.type") == "submit":
            break
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert "quando=settimana" in pagina.url
    assert "tipo=corso" in pagina.url
    # The course is tomorrow: on a Sunday tomorrow is next week.
    if timezone.localdate().weekday() == 6:
        assert pagina.locator("article").count() == 0
    else:
        assert pagina.locator("article").count() == 1
        assert "Corso di alfabetizzazione digitale" in pagina.locator("article").inner_text()
