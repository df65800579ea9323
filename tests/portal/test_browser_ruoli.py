"""Each role finds its tools in the header's user menu (issue 13): headless Chromium on a
360 px phone, keyboard only, axe-core with the menu open."""

from __future__ import annotations

import pytest

from tests.conftest import accedi_nel_browser, violazioni_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _apri_menu_account(pagina) -> None:
    pagina.locator(".portal-account-toggle").focus()
    pagina.keyboard.press("Enter")
    assert pagina.locator(".portal-account-menu").is_visible()


@pytest.mark.parametrize(
    ("persona", "voce", "indirizzo"),
    [
        ("tutor", "Area tutor", "/volontariato/tutor/"),
        ("community_manager", "Gestione delle Case", "/gestione/"),
        ("staff", "Report", "/report/"),
    ],
)
def test_dal_menu_dell_account_ogni_ruolo_arriva_ai_suoi_strumenti(
    pagina_telefono, live_server, request, persona, voce, indirizzo
):
    pagina = pagina_telefono
    accedi_nel_browser(pagina, live_server, request.getfixturevalue(persona))
    pagina.goto("/")
    _apri_menu_account(pagina)
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 360
    assert violazioni_axe(pagina) == []

    collegamento = pagina.locator(".portal-account-menu").get_by_role("link", name=voce, exact=True)
    collegamento.focus()
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert pagina.url.endswith(indirizzo)


def test_il_cittadino_non_vede_gli_strumenti_dei_ruoli(pagina_telefono, live_server, cittadino):
    pagina = pagina_telefono
    accedi_nel_browser(pagina, live_server, cittadino)
    pagina.goto("/")
    _apri_menu_account(pagina)
    menu = pagina.locator(".portal-account-menu").inner_text()
    assert "Area personale" in menu
    for voce in ("Area tutor", "Gestione delle Case", "Report", "Amministrazione"):
        assert voce not in menu
