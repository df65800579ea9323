"""The map picker of a place's position (issue 13), in headless Chromium: axe-core,
a 360 px phone, the mouse and the keyboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import accedi_nel_browser, violazioni_axe
from tests.factories import crea_luogo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _senza_tile(pagina):
    """No network in tests: OpenStreetMap tiles are refused, the map still works."""
    pagina.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    return pagina


def test_il_manager_sceglie_il_punto_sulla_mappa_dal_telefono(
    pagina_telefono, live_server, community_manager, casa
):
    pagina = _senza_tile(pagina_telefono)
    accedi_nel_browser(pagina, live_server, community_manager)
    pagina.goto(reverse("gestione:posizione", kwargs={"slug": casa.slug}))
    pagina.wait_for_selector("[data-scegli-punto] .leaflet-marker-icon")
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 360
    assert violazioni_axe(pagina) == []

    prima = pagina.input_value("#id_lat"), pagina.input_value("#id_lon")
    mappa = pagina.locator("[data-scegli-punto-mappa]")
    riquadro = mappa.bounding_box()
    mappa.click(position={"x": riquadro["width"] * 0.25, "y": riquadro["height"] * 0.25})
    scelto = pagina.input_value("#id_lat"), pagina.input_value("#id_lon")
    assert scelto != prima
    assert len(scelto[0].split(".")[1]) == 6
    assert "Punto scelto:" in pagina.locator("[data-scegli-punto-stato]").inner_text()

    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Salva la posizione").click()
    casa.refresh_from_db()
    assert (f"{casa.lat:.6f}", f"{casa.lon:.6f}") == scelto
    assert casa.coordinate_esatte
    assert violazioni_axe(pagina) == []


def test_da_tastiera_il_punto_e_il_centro_della_mappa(pagina, live_server, community_manager, casa):
    _senza_tile(pagina)
    accedi_nel_browser(pagina, live_server, community_manager)
    pagina.goto(reverse("gestione:posizione", kwargs={"slug": casa.slug}))
    pagina.wait_for_selector("[data-scegli-punto] .leaflet-marker-icon")
    # The arrow keys pan the focused map; the button then takes its centre.
    pagina.locator("[data-scegli-punto-mappa]").focus()
    pagina.keyboard.press("ArrowRight")
    pagina.keyboard.press("ArrowRight")
    pagina.wait_for_timeout(400)
    pagina.get_by_role("button", name="Usa il centro della mappa").focus()
    pagina.keyboard.press("Enter")
    assert float(pagina.input_value("#id_lon")) > casa.lon


def test_senza_javascript_restano_latitudine_e_longitudine(
    browser, live_server, community_manager, casa
):
    contesto = browser.new_context(
        base_url=live_server.url, locale="it-IT", java_script_enabled=False
    )
    pagina = contesto.new_page()
    accedi_nel_browser(pagina, live_server, community_manager)
    pagina.goto(reverse("gestione:posizione", kwargs={"slug": casa.slug}))
    assert not pagina.locator("[data-scegli-punto]").is_visible()
    pagina.fill("#id_lat", "44.712345")
    pagina.fill("#id_lon", "10.612345")
    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Salva la posizione").click()
    casa.refresh_from_db()
    assert (casa.lat, casa.coordinate_esatte) == (44.712345, True)
    contesto.close()


def test_nell_admin_il_punto_scelto_sulla_mappa_segna_le_coordinate_esatte(
    pagina, live_server, staff
):
    luogo = crea_luogo(nome="Casa Da Posizionare")
    _senza_tile(pagina)
    accedi_nel_browser(pagina, live_server, staff)
    pagina.goto(reverse("admin:quartieri_luogo_change", args=[luogo.pk]))
    pagina.wait_for_selector("[data-scegli-punto] .leaflet-marker-icon")
    assert not pagina.is_checked("#id_coordinate_esatte")
    # axe on the picker the portal adds to the admin (Django's own markup is not ours).
    assert violazioni_axe(pagina, "[data-scegli-punto]") == []
    mappa = pagina.locator("[data-scegli-punto-mappa]")
    riquadro = mappa.bounding_box()
    mappa.click(position={"x": riquadro["width"] * 0.75, "y": riquadro["height"] * 0.5})
    assert pagina.is_checked("#id_coordinate_esatte")
    assert float(pagina.input_value("#id_lon")) > luogo.lon
