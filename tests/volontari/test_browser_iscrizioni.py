"""A parent books for the children and finds the booking in the personal area (issue 13):
headless Chromium on a 360 px phone, keyboard only, axe-core on every page."""

from __future__ import annotations

import pytest

from quartieri.models import Iscrizione
from tests.conftest import accedi_nel_browser, violazioni_axe
from tests.factories import crea_attivita

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _controlla(pagina) -> None:
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 360, pagina.url
    assert violazioni_axe(pagina) == [], pagina.url


def test_un_genitore_iscrive_i_figli_e_annulla_dall_area_personale(
    pagina_telefono, live_server, casa, cittadino
):
    attivita = crea_attivita(
        casa,
        titolo="Laboratorio di aquiloni",
        iscrizione_richiesta=True,
        capienza=6,
        massimo_persone_per_iscrizione=4,
    )
    occorrenza = attivita.occorrenze.get()
    pagina = pagina_telefono
    accedi_nel_browser(pagina, live_server, cittadino)

    pagina.goto(occorrenza.get_absolute_url())
    _controlla(pagina)
    pagina.get_by_label("Quante persone iscrivi (te compreso)").focus()
    pagina.select_option("#id_persone", "3")
    pagina.get_by_role("button", name="Iscriviti").focus()
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert "3 persone, te compreso" in pagina.content()
    assert "Posti disponibili: 3 su 6." in pagina.content()
    _controlla(pagina)

    pagina.goto("/area-personale/")
    riga = pagina.locator("#iscrizioni-prossime tbody tr").filter(
        has_text="Laboratorio di aquiloni"
    )
    assert riga.count() == 1
    _controlla(pagina)
    riga.get_by_role("button", name="Annulla l'iscrizione a Laboratorio di aquiloni").focus()
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert pagina.url.endswith("/area-personale/")
    assert "La tua iscrizione è stata annullata." in pagina.content()
    assert pagina.locator("#iscrizioni-prossime").count() == 0
    assert Iscrizione.objects.get(utente=cittadino).stato == Iscrizione.Stato.ANNULLATA
    _controlla(pagina)
