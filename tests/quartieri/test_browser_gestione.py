"""The management area in headless Chromium on a 360 px phone, keyboard only."""

from __future__ import annotations

import datetime as dt

import pytest

from quartieri.models import EccezioneOrario
from tests.conftest import accedi_nel_browser, violazioni_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _controlla_pagina(pagina) -> None:
    larghezza = pagina.evaluate("document.documentElement.scrollWidth")
    assert larghezza <= 360, "the page scrolls sideways on a 360 px phone"
    assert violazioni_axe(pagina) == []


def _invia(pagina, pulsante: str) -> None:
    """Reach the submit button and press Enter, then wait for the answer page."""
    pagina.get_by_role("button", name=pulsante).focus()
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")


def _scrivi(pagina, selettore: str, testo: str) -> None:
    pagina.focus(selettore)
    pagina.keyboard.type(testo)


def test_manager_cambia_gli_orari_e_aggiunge_una_chiusura_da_tastiera(
    pagina_telefono, live_server, community_manager, casa
):
    pagina = pagina_telefono
    accedi_nel_browser(pagina, live_server, community_manager)

    pagina.goto("/gestione/")
    _controlla_pagina(pagina)
    pagina.get_by_role("link", name="Orari").first.focus()
    pagina.keyboard.press("Enter")
    pagina.wait_for_url(f"**/gestione/{casa.slug}/orari/")
    _controlla_pagina(pagina)

    # Saturday becomes morning only, and a Saturday afternoon slot is added in an empty row.
    pagina.fill("#id_fasce-5-chiude", "12:00")
    pagina.focus("#id_fasce-7-giorno")
    pagina.select_option("#id_fasce-7-giorno", "5")
    pagina.fill("#id_fasce-7-apre", "15:00")
    pagina.fill("#id_fasce-7-chiude", "18:00")
    _invia(pagina, "Salva gli orari")
    assert (
        pagina.get_by_role("status").filter(has_text="Gli orari sono stati salvati.").is_visible()
    )
    _controlla_pagina(pagina)
    sabato = list(casa.fasce_orarie.filter(giorno=5).values_list("apre", "chiude"))
    assert sabato == [(dt.time(9), dt.time(12)), (dt.time(15), dt.time(18))]

    pagina.get_by_role("link", name="Chiusure").focus()
    pagina.keyboard.press("Enter")
    pagina.wait_for_url(f"**/gestione/{casa.slug}/chiusure/")
    _controlla_pagina(pagina)
    pagina.fill("#id_eccezioni-0-data_inizio", "2099-12-24")
    pagina.fill("#id_eccezioni-0-data_fine", "2099-12-26")
    _scrivi(pagina, "#id_eccezioni-0-motivo", "Feste di Natale")
    _invia(pagina, "Salva chiusure e aperture")
    assert pagina.get_by_text(
        "Le chiusure e le aperture straordinarie sono state salvate."
    ).is_visible()
    _controlla_pagina(pagina)
    chiusura = casa.eccezioni.get()
    assert chiusura.tipo == EccezioneOrario.Tipo.CHIUSURA
    assert (chiusura.data_inizio, chiusura.data_fine) == (
        dt.date(2099, 12, 24),
        dt.date(2099, 12, 26),
    )


def test_errori_degli_orari_sono_accessibili(pagina_telefono, live_server, community_manager, casa):
    pagina = pagina_telefono
    accedi_nel_browser(pagina, live_server, community_manager)
    pagina.goto(f"/gestione/{casa.slug}/orari/")
    pagina.select_option("#id_fasce-7-giorno", "0")
    pagina.fill("#id_fasce-7-apre", "18:00")
    pagina.fill("#id_fasce-7-chiude", "21:00")
    _invia(pagina, "Salva gli orari")
    assert pagina.get_by_role("alert").filter(has_text="si sovrappone").is_visible()
    _controlla_pagina(pagina)
    assert casa.fasce_orarie.count() == 7


@pytest.mark.parametrize("sezione", ["", "servizi/", "servizi/nuovo/"])
def test_altre_pagine_della_gestione_senza_violazioni(
    pagina_telefono, live_server, community_manager, casa, sezione
):
    accedi_nel_browser(pagina_telefono, live_server, community_manager)
    pagina_telefono.goto(f"/gestione/{casa.slug}/{sezione}")
    _controlla_pagina(pagina_telefono)


def test_date_nei_giorni_di_chiusura_da_telefono_e_avviso_pubblico(
    pagina_telefono, live_server, community_manager, casa
):
    from django.utils import timezone

    from quartieri.models import Occorrenza
    from tests.factories import crea_attivita, crea_eccezione

    giorno = timezone.localdate() + dt.timedelta(days=3)
    inizio = dt.datetime.combine(giorno, dt.time(17), timezone.get_default_timezone())
    occorrenza = crea_attivita(casa, titolo="Merenda insieme", inizio=inizio).occorrenze.get()
    crea_eccezione(casa, giorno, motivo="Lavori all'impianto")
    pagina = pagina_telefono

    pagina.goto(occorrenza.get_absolute_url())
    assert pagina.get_by_role("note").filter(has_text="giorno di chiusura").is_visible()
    _controlla_pagina(pagina)

    accedi_nel_browser(pagina, live_server, community_manager)
    pagina.goto(f"/gestione/{casa.slug}/chiusure/date/")
    _controlla_pagina(pagina)
    assert pagina.get_by_role("checkbox", name="Merenda insieme").is_checked()
    _invia(pagina, "Annulla le date scelte")
    _controlla_pagina(pagina)
    assert Occorrenza.objects.get(pk=occorrenza.pk).annullata
