"""Staff lifecycle and progress-update pages in headless Chromium: zero axe violations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accordi.models import StatoAccordo
from portal.ruoli import GRUPPO_STAFF
from tests.conftest import accedi_nel_browser, crea_utente, violazioni_axe
from tests.factories import crea_accordo, crea_aggiornamento, crea_indicatore, crea_progetto

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def funzionario(transactional_db):
    return crea_utente(
        "funzionaria@comune.test", gruppo=GRUPPO_STAFF, is_staff=True, first_name="Ilaria"
    )


def test_pagine_dello_staff_senza_violazioni_axe(pagina, live_server, funzionario):
    accordo = crea_accordo(titolo="Pieve Modolena, Carrozzone e Betonica", stato="ascolto")
    accedi_nel_browser(pagina, live_server, funzionario)
    pagina.goto(reverse("accordi:staff_accordi"))
    assert violazioni_axe(pagina) == []
    pagina.goto(reverse("accordi:staff_accordo", kwargs={"slug": accordo.slug}))
    # Without a reason the page answers with the error next to the field.
    pagina.get_by_role("button", name="Istruttoria di fattibilità").click()
    assert pagina.locator("#id_motivo_error").is_visible()
    assert violazioni_axe(pagina) == []
    pagina.get_by_label("motivo").fill("Tre incontri di ascolto conclusi.")
    pagina.get_by_role("button", name="Istruttoria di fattibilità").click()
    assert pagina.get_by_text("Tre incontri di ascolto conclusi.").is_visible()
    accordo.refresh_from_db()
    assert accordo.stato == StatoAccordo.ISTRUTTORIA


def test_aggiornamento_del_progetto_al_telefono(pagina_telefono, live_server, funzionario):
    progetto = crea_progetto(titolo="Portierato sociale alla Mirandola")
    crea_indicatore(progetto, nome="Richieste accolte")
    crea_aggiornamento(progetto, autore=funzionario)
    accedi_nel_browser(pagina_telefono, live_server, funzionario)
    url = reverse(
        "accordi:aggiorna_progetto", kwargs={"slug": progetto.accordo.slug, "pk": progetto.pk}
    )
    pagina_telefono.goto(url)
    pagina_telefono.get_by_role("button", name="Registra l'aggiornamento").click()
    assert violazioni_axe(pagina_telefono) == []
    larghezza = pagina_telefono.evaluate("document.documentElement.scrollWidth")
    assert larghezza <= 360
