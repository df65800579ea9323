"""End to end, in Chromium: from sign-up to a certificate whose verification confirms it."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from tests.conftest import accedi_nel_browser, violazioni_axe
from tests.factories import codice_fiscale_persona, crea_opportunita, crea_polizza
from volontari import certificati
from volontari.models import Volontario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "nuova.volontaria@esempio.test"
PASSWORD = "Una-Password-Lunga-77"


def _senza_violazioni(page) -> None:
    assert violazioni_axe(page) == [], page.url


def _iscriviti_e_verifica(page) -> None:
    page.goto("/account/signup/")
    page.fill('input[name="email"]', EMAIL)
    page.fill('input[name="password1"]', PASSWORD)
    page.fill('input[name="password2"]', PASSWORD)
    page.locator('form[action="/account/signup/"] button[type="submit"]').click()
    page.wait_for_load_state()
    link = re.search(r"https?://[^/\s]+(/account/confirm-email/[^\s]+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(link.group(1))
    page.locator('form[action*="/account/confirm-email/"] button[type="submit"]').click()
    page.wait_for_load_state()
    page.goto("/area-personale/")
    if "/account/login/" in page.url:
        page.fill('input[name="login"]', EMAIL)
        page.fill('input[name="password"]', PASSWORD)
        page.locator('form[action^="/account/login/"] button[type="submit"]').click()
        page.wait_for_url("**/area-personale/")


def test_dalla_iscrizione_all_attestato_verificato(
    browser, pagina, live_server, casa, tutor, tmp_path: Path
):
    opportunita = crea_opportunita(
        casa, tutor=tutor, titolo="Lettura ad alta voce", orari="Il martedì dalle 15 alle 18"
    )
    crea_polizza()
    oggi = timezone.localdate()

    # The public list and the opportunity's page.
    pagina.goto("/volontariato/")
    _senza_violazioni(pagina)
    pagina.get_by_role("link", name="Lettura ad alta voce", exact=True).click()
    pagina.get_by_role("heading", name="Lettura ad alta voce").wait_for()
    _senza_violazioni(pagina)

    # Sign-up with e-mail verification, then the personal area invites to the profile.
    _iscriviti_e_verifica(pagina)
    pagina.get_by_text("Non hai ancora un profilo di volontario").wait_for()
    _senza_violazioni(pagina)

    # The profile.
    pagina.get_by_role("link", name="Completa il profilo di volontario").click()
    pagina.fill('input[name="nome"]', "Giulia")
    pagina.fill('input[name="cognome"]', "Verdi")
    nascita = oggi.replace(year=oggi.year - 40, day=10)
    pagina.fill('input[name="codice_fiscale"]', codice_fiscale_persona(nascita))
    pagina.fill('input[name="data_nascita"]', nascita.isoformat())
    pagina.fill('input[name="luogo_nascita"]', "Reggio Emilia")
    pagina.fill('input[name="comune"]', "Reggio nell'Emilia")
    pagina.fill('input[name="indirizzo"]', "via Roma 3")
    pagina.check('input[name="consenso_privacy"]')
    pagina.get_by_role("button", name="Salva il profilo").click()
    pagina.get_by_text("Il tuo profilo di volontario è salvato.").wait_for()

    # Applying from the opportunity's page.
    pagina.goto(f"/volontariato/{opportunita.slug}/")
    pagina.fill('textarea[name="messaggio"]', "Sono libera il martedì.")
    pagina.get_by_role("button", name="Invia la candidatura").click()
    pagina.get_by_text("Candidatura inviata").wait_for()

    # The tutor, in a second browser, accepts.
    contesto_tutor = browser.new_context(base_url=live_server.url, locale="it-IT")
    pagina_tutor = contesto_tutor.new_page()
    accedi_nel_browser(pagina_tutor, live_server, tutor)
    pagina_tutor.goto("/volontariato/tutor/")
    pagina_tutor.get_by_role("link", name="Verdi Giulia").click()
    # Bootstrap Italia draws the radio over its label: a person clicks the label.
    pagina_tutor.get_by_text("Accetto la candidatura", exact=True).click()
    pagina_tutor.get_by_role("button", name="Invia la risposta").click()
    pagina_tutor.wait_for_url("**/volontariato/tutor/")

    # The volunteer logs today's hours.
    pagina.goto("/volontariato/ore/nuove/")
    pagina.select_option('select[name="incarico"]', label="Lettura ad alta voce")
    pagina.fill('input[name="data"]', oggi.isoformat())
    pagina.fill('input[name="ore"]', "2.5")
    pagina.fill('textarea[name="attivita_svolta"]', "Letture per i bambini.")
    pagina.get_by_role("button", name="Registra le ore").click()
    pagina.get_by_text("Ore registrate").wait_for()

    # The tutor approves them.
    pagina_tutor.goto("/volontariato/tutor/")
    pagina_tutor.locator('input[name="voci"]').first.check()
    pagina_tutor.get_by_text("Approva", exact=True).click()
    pagina_tutor.get_by_role("button", name="Conferma").click()
    pagina_tutor.get_by_text("Registrazioni approvate: 1.").wait_for()
    contesto_tutor.close()

    # The personal area shows them approved.
    pagina.goto("/area-personale/")
    assert "2,5" in pagina.locator("#ore-per-progetto").inner_text()
    _senza_violazioni(pagina)

    # The certificate: a PDF download.
    pagina.get_by_role("link", name="Scarica un attestato delle ore").click()
    _senza_violazioni(pagina)
    with pagina.expect_download() as scaricamento:
        pagina.get_by_role("button", name="Scarica l'attestato (PDF)").click()
    percorso = tmp_path / "attestato.pdf"
    scaricamento.value.save_as(percorso)
    assert percorso.read_bytes().startswith(b"%PDF")

    # Its verification page confirms it (the code is deterministic: same data, same code).
    volontario = Volontario.objects.get(user__email=EMAIL)
    certificato = certificati.Certificato(
        volontario_id=volontario.pk,
        dal=oggi.replace(month=1, day=1),
        al=oggi,
        ore=Decimal("2.50"),
        emesso_il=oggi,
    )
    pagina.goto(f"/verifica/{certificato.codice}/")
    assert "Attestato autentico" in pagina.locator("#esito-verifica").inner_text()
    assert "Giulia Verdi" in pagina.content()
    assert volontario.codice_fiscale not in pagina.content()
    _senza_violazioni(pagina)

    pagina.goto("/verifica/")
    _senza_violazioni(pagina)
    pagina.goto("/area-personale/cancella-account/")
    _senza_violazioni(pagina)


def test_pagine_nuove_al_telefono_senza_violazioni(pagina_telefono, live_server, casa, cittadino):
    opportunita = crea_opportunita(casa, titolo="Orti di quartiere")
    for url in ("/volontariato/", f"/volontariato/{opportunita.slug}/"):
        pagina_telefono.goto(url)
        _senza_violazioni(pagina_telefono)
    accedi_nel_browser(pagina_telefono, live_server, cittadino)
    pagina_telefono.goto("/area-personale/")
    _senza_violazioni(pagina_telefono)
    larghezza = pagina_telefono.evaluate("document.documentElement.scrollWidth")
    assert larghezza <= 360
