"""Home, Novità, Argomenti and search in headless Chromium: the modello Comuni's
data-elements are where the validator looks for them, and axe finds no violations."""

from __future__ import annotations

import re

import pytest

from portal.argomenti import VOCABOLARIO_ARGOMENTI
from tests.conftest import violazioni_axe
from tests.factories import crea_argomento, crea_luogo, crea_novita

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contenuti():
    sport = crea_argomento("Sport")
    crea_argomento("Tempo libero")
    casa = crea_luogo(nome="Casa Mirandola")
    casa.argomenti.add(sport)
    for tipo in ("avviso", "comunicato", "notizia"):
        crea_novita(casa, tipo=tipo, titolo=f"Un {tipo} della Casa").argomenti.add(sport)
    return sport


def test_home_porta_agli_argomenti_e_mostra_le_novita(pagina, contenuti):
    pagina.goto("/")
    pagina.locator('[data-element="all-topics"]').click()
    pagina.wait_for_url("**/argomenti/")
    nomi = pagina.locator('[data-element="topic-element"]').all_inner_texts()
    assert {"Sport", "Tempo libero"} <= set(nomi)
    assert set(nomi) <= set(VOCABOLARIO_ARGOMENTI)
    assert violazioni_axe(pagina) == []

    pagina.goto("/")
    assert pagina.get_by_role("link", name="Un avviso della Casa").is_visible()
    assert violazioni_axe(pagina) == []


def test_novita_ha_le_tre_categorie_del_modello(pagina, contenuti):
    pagina.goto("/novita/")
    categorie = pagina.locator('[data-element="news-category-link"]')
    assert [t.strip() for t in categorie.all_inner_texts()] == ["Avvisi", "Comunicati", "Notizie"]
    assert violazioni_axe(pagina) == []

    categorie.nth(0).click()
    pagina.wait_for_url("**/novita/avvisi/")
    assert pagina.get_by_role("link", name="Un avviso della Casa").is_visible()
    assert not pagina.get_by_role("link", name="Un notizia della Casa").count()
    assert violazioni_axe(pagina) == []

    pagina.get_by_role("link", name="Un avviso della Casa").click()
    assert pagina.locator('h1[data-element="page-name"]').inner_text() == "Un avviso della Casa"
    assert violazioni_axe(pagina) == []


def test_pagina_argomento_senza_violazioni(pagina, contenuti):
    pagina.goto(contenuti.get_absolute_url())
    assert pagina.get_by_role("link", name="Casa Mirandola").is_visible()
    assert violazioni_axe(pagina) == []


def test_cerca_dall_intestazione_senza_javascript(browser, live_server, contenuti):
    contesto = browser.new_context(
        base_url=live_server.url, locale="it-IT", java_script_enabled=False
    )
    pagina = contesto.new_page()
    try:
        pagina.goto("/")
        pagina.get_by_role("link", name="Cerca nel sito").click()
        pagina.wait_for_url("**/cerca/")
        pagina.get_by_role("searchbox", name="Cerca nel sito").fill("mirandola")
        pagina.get_by_role("button", name="Cerca", exact=True).click()
        pagina.wait_for_url("**/cerca/?q=mirandola*")
        assert pagina.get_by_role("link", name="Casa Mirandola").is_visible()
    finally:
        contesto.close()


def test_risultati_di_ricerca_senza_violazioni_su_telefono(pagina_telefono, contenuti):
    pagina_telefono.goto("/cerca/?q=casa")
    larghezza = pagina_telefono.evaluate("document.documentElement.scrollWidth")
    assert larghezza <= 360, "the page scrolls sideways on a 360 px phone"
    assert violazioni_axe(pagina_telefono) == []


def test_il_manager_scrive_una_novita_nel_browser(pagina, live_server, community_manager):
    from quartieri.models import Novita
    from tests.conftest import accedi_nel_browser

    casa = crea_luogo(nome="Casa Mirandola", manager=community_manager)
    crea_argomento("Tempo libero")
    accedi_nel_browser(pagina, live_server, community_manager)
    pagina.goto(f"/gestione/{casa.slug}/novita/nuova/")
    assert violazioni_axe(pagina) == []
    pagina.get_by_label(re.compile(r"^Tipo\b")).select_option("notizia")
    pagina.get_by_label(re.compile(r"^Titolo\b")).fill("Festa d'autunno")
    pagina.get_by_label(re.compile(r"^Sommario\b")).fill("Sabato castagne e musica.")
    pagina.get_by_label(re.compile(r"^Testo\b")).fill("Vi aspettiamo sabato pomeriggio in cortile.")
    pagina.get_by_label("Tempo libero").check()
    pagina.get_by_role("button", name="Salva la novità").click()
    pagina.wait_for_url(f"**/gestione/{casa.slug}/novita/")
    assert violazioni_axe(pagina) == []
    novita = Novita.objects.get()
    assert (novita.titolo, novita.luogo, novita.tipo) == ("Festa d'autunno", casa, "notizia")
    assert [a.nome for a in novita.argomenti.all()] == ["Tempo libero"]
