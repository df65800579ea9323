"""The home page in headless Chromium: loads, skip link first, no axe violations."""

from __future__ import annotations

import pytest

from tests.conftest import violazioni_axe

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
