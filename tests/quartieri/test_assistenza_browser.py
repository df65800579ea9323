"""The modello Comuni pages in headless Chromium: their data-elements and axe-core."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from quartieri.models import CategoriaModello, GruppoFaq
from tests.conftest import violazioni_axe
from tests.factories import crea_categoria, crea_luogo, crea_orario_settimanale, crea_servizio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def servizio():
    casa = crea_luogo(nome="Casa Mirandola", cap="42121", telefono="0522 123456")
    crea_orario_settimanale(casa)
    categoria = crea_categoria(
        nome="Facilitazione digitale", categoria_modello=CategoriaModello.EDUCAZIONE
    )
    GruppoFaq.objects.create(nome="Case di Quartiere").faq.create(
        domanda="Serve una tessera?", risposta="No."
    )
    return crea_servizio(casa, categoria, titolo="Aiuto con SPID", prenotazione=True)


def test_scheda_servizio(pagina, servizio):
    pagina.goto(servizio.get_absolute_url())
    assert pagina.locator('[data-element="service-title"]').inner_text() == "Aiuto con SPID"
    assert pagina.locator('[data-element="service-status"]').inner_text() == "Servizio attivo"
    for nome in [
        "breadcrumb",
        "service-description",
        "service-topic",
        "page-index",
        "service-addressed",
        "service-how-to",
        "service-needed",
        "service-achieved",
        "service-calendar-text",
        "service-calendar-list",
        "service-generic-access",
        "service-booking-access",
        "service-area",
        "feedback",
    ]:
        assert pagina.locator(f'[data-element="{nome}"]').count() >= 1, nome
    metatag = pagina.locator('script[data-element="metatag"]').text_content()
    assert json.loads(metatag)["@type"] == "GovernmentService"
    assert violazioni_axe(pagina) == []


def test_pagina_servizi_e_categoria(pagina, servizio):
    pagina.goto("/servizi/")
    link = pagina.locator('[data-element="service-category-link"]')
    assert link.all_inner_texts() == ["Educazione e formazione"]
    assert violazioni_axe(pagina) == []
    link.click()
    pagina.locator('[data-element="service-link"]').click()
    assert pagina.locator("h1").inner_text() == "Aiuto con SPID"


def test_faq_dal_footer_e_ricerca(pagina, servizio):
    pagina.goto("/")
    pagina.locator('footer [data-element="faq"]').click()
    assert "Domande frequenti" in pagina.title()
    pagina.get_by_role("searchbox", name="Cerca tra le domande").fill("tessera")
    pagina.get_by_role("button", name="Cerca", exact=True).click()
    expect(pagina.get_by_text("1 domanda trovata")).to_be_visible()
    assert violazioni_axe(pagina) == []


def test_segnala_disservizio_dal_footer(pagina, servizio):
    pagina.goto("/")
    link = pagina.locator('footer [data-element="report-inefficiency"]')
    assert link.inner_text() == "Segnala disservizio"
    link.click()
    assert violazioni_axe(pagina) == []
    pagina.get_by_role("button", name="Invia la segnalazione").click()
    expect(pagina.get_by_role("alert")).to_be_visible()
    assert violazioni_axe(pagina) == []
    pagina.get_by_label("Categoria").select_option("sito")
    pagina.get_by_label("Oggetto").fill("Link rotto")
    pagina.get_by_label("Descrizione").fill("Il link al programma non funziona.")
    pagina.get_by_label("Ho letto l'informativa").check()
    pagina.get_by_role("button", name="Invia la segnalazione").click()
    assert pagina.locator("#riferimento").inner_text().startswith("SD-")
    assert violazioni_axe(pagina) == []


@pytest.mark.parametrize("indirizzo", ["scheda", "/segnala-disservizio/", "/domande-frequenti/"])
def test_su_telefono_senza_violazioni_axe(pagina_telefono, servizio, indirizzo):
    pagina_telefono.goto(servizio.get_absolute_url() if indirizzo == "scheda" else indirizzo)
    larghezza = pagina_telefono.evaluate("document.documentElement.scrollWidth")
    assert larghezza <= 360
    assert violazioni_axe(pagina_telefono) == []
