"""The public pages of agreements and the registry in headless Chromium: zero axe violations."""

from __future__ import annotations

import pytest

from tests.accordi.test_views import accordo, architetto  # noqa: F401
from tests.conftest import violazioni_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pagine_pubbliche_senza_violazioni_axe(pagina, accordo):  # noqa: F811
    progetto = accordo.progetti.get()
    for url in (
        "/accordi/",
        "/accordi/rosta-nuova/",
        f"/accordi/rosta-nuova/progetti/{progetto.pk}/",
        "/enti/",
        "/enti/orti-rosta/",
        "/enti/richiedi-iscrizione/",
    ):
        pagina.goto(url)
        pagina.wait_for_load_state("load")
        assert violazioni_axe(pagina) == [], url


def test_modulo_con_errori_senza_violazioni_axe_e_al_telefono(pagina_telefono, accordo):  # noqa: F811
    pagina_telefono.goto("/enti/richiedi-iscrizione/")
    pagina_telefono.locator("#id_nome").fill("Bici in Comune")
    pagina_telefono.locator("#id_codice_fiscale").fill("12345")
    pagina_telefono.get_by_role("button", name="Invia la richiesta").click()
    assert pagina_telefono.get_by_role("alert").filter(has_text="cifra di controllo").is_visible()
    assert violazioni_axe(pagina_telefono) == []
    larghezza = pagina_telefono.evaluate("document.documentElement.scrollWidth")
    assert larghezza <= 360
