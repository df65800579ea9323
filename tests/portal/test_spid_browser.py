"""The whole SPID round trip in Chromium: button, IdP, assertion, signed in, single logout."""

from __future__ import annotations

import pytest

from portal.models import User
from tests.conftest import violazioni_axe
from tests.portal.conftest import configura_spid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def entra_dall_idp(pagina, utente: str) -> None:
    pagina.get_by_label("Utente").fill(utente)
    pagina.get_by_label("Password").fill("password-spid")
    pagina.get_by_role("button", name="Entra").click()
    # The IdP's page posts the signed answer back to the portal, from another site.
    pagina.get_by_role("button", name="Continua verso il servizio").click()


def test_accesso_spid_e_uscita_dal_portale_e_dal_gestore(pagina, live_server, settings, idp):
    configura_spid(settings, idp, site_url=live_server.url)
    pagina.goto("/account/login/?next=/area-personale/")
    pagina.get_by_text("Entra con SPID").click()
    pagina.get_by_role("link", name="IdP di prova").click()
    assert pagina.url.startswith(idp.url)
    entra_dall_idp(pagina, "mario")

    pagina.wait_for_url(f"{live_server.url}/area-personale/")
    assert "mario.rossi@esempio.test" in pagina.content()
    user = User.objects.get(codice_fiscale="RSSMRA80A01H501U")
    assert (user.first_name, user.last_name) == ("Mario", "Rossi")

    pagina.goto("/account/logout/")
    pagina.locator("form[action='/account/logout/'] button[type=submit]:visible").first.click()
    pagina.wait_for_url(f"{live_server.url}/")
    assert "Sei uscito dal portale e dal gestore di identità." in pagina.content()
    assert len(idp.logout_ricevuti) == 1
    assert idp.logout_ricevuti[0].session_index
    pagina.goto("/area-personale/")
    assert "/account/login/" in pagina.url


def test_annullare_presso_il_gestore_lo_spiega_in_italiano(pagina, live_server, settings, idp):
    configura_spid(settings, idp, site_url=live_server.url)
    pagina.goto("/account/login/")
    pagina.get_by_text("Entra con SPID").click()
    pagina.get_by_role("link", name="IdP di prova").click()
    pagina.get_by_role("button", name="Annulla").click()
    pagina.get_by_role("button", name="Continua verso il servizio").click()
    pagina.wait_for_url(f"{live_server.url}/account/login/")
    assert "Hai annullato l'accesso." in pagina.content()


def test_collegamento_con_password_nel_browser(pagina, live_server, settings, idp, cittadino):
    configura_spid(settings, idp, site_url=live_server.url)
    pagina.goto("/account/login/")
    pagina.get_by_text("Entra con SPID").click()
    pagina.get_by_role("link", name="IdP di prova").click()
    entra_dall_idp(pagina, "carla")
    pagina.wait_for_url(f"{live_server.url}/saml/collega/")
    assert violazioni_axe(pagina) == []
    pagina.get_by_label("Password del tuo account").fill("password-di-prova")
    pagina.get_by_role("button", name="Conferma e collega").click()
    pagina.wait_for_url(f"{live_server.url}/")
    cittadino.refresh_from_db()
    assert cittadino.codice_fiscale == "CTTCRL85M41H223W"


def test_elenco_dei_gestori_si_apre_senza_javascript_anche_su_telefono(
    browser, live_server, settings, idp
):
    configura_spid(settings, idp, site_url=live_server.url)
    contesto = browser.new_context(
        base_url=live_server.url,
        locale="it-IT",
        java_script_enabled=False,
        viewport={"width": 360, "height": 740},
    )
    pagina = contesto.new_page()
    try:
        pagina.goto("/account/login/")
        collegamento = pagina.get_by_role("link", name="IdP di prova")
        assert not collegamento.is_visible()
        pagina.get_by_text("Entra con SPID").click()
        assert collegamento.is_visible()
        larghezza = pagina.evaluate("document.documentElement.scrollWidth")
        assert larghezza <= 360
    finally:
        contesto.close()


def test_pulsanti_senza_violazioni_axe(pagina, live_server, settings, idp):
    from tests.conftest import violazioni_axe

    configura_spid(settings, idp, site_url=live_server.url)
    pagina.goto("/account/login/")
    pagina.get_by_text("Entra con SPID").click()
    assert violazioni_axe(pagina) == []
