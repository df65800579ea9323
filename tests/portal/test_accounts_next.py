"""The address a person wanted ("next") survives sign-up and e-mail confirmation (issue 13)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import crea_attivita

pytestmark = pytest.mark.django_db

PASSWORD = "Una-Password-Lunga-77"


def _link_di_conferma() -> str:
    link = re.search(r"https?://[^/\s]+(/account/confirm-email/\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    return link.group(1)


def _iscriviti_da(client, pagina: str) -> None:
    login = client.get(reverse("account_login"), {"next": pagina}).content.decode()
    # The login page's "sign up" link carries the address on.
    signup = re.search(r'href="(/account/signup/\?next=[^"]*)"', login).group(1)
    modulo = client.get(signup).content.decode()
    assert f'name="next" value="{pagina}"' in modulo
    client.post(
        "/account/signup/",
        {
            "email": "nuova@esempio.test",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": pagina,
        },
    )


def test_dopo_la_conferma_nello_stesso_browser_si_torna_all_attivita(client, casa):
    pagina = crea_attivita(casa, iscrizione_richiesta=True).occorrenze.get().get_absolute_url()
    _iscriviti_da(client, pagina)
    link = _link_di_conferma()
    modulo = client.get(link).content.decode()
    risposta = client.post(link, _campi_nascosti(modulo))
    assert risposta.status_code == 302
    assert risposta["Location"] == pagina
    # Signed in, the activity offers the registration at once.
    testo = client.get(pagina).content.decode()
    assert "Accedi per iscriverti" not in testo
    assert 'action="/attivita/date/' in testo


def test_dopo_la_conferma_da_un_altro_dispositivo_si_arriva_all_attivita(client, casa):
    pagina = crea_attivita(casa, iscrizione_richiesta=True).occorrenze.get().get_absolute_url()
    _iscriviti_da(client, pagina)
    link = _link_di_conferma()
    telefono = Client()
    modulo = telefono.get(link).content.decode()
    risposta = telefono.post(link, _campi_nascosti(modulo))
    assert risposta.status_code == 302
    assert risposta["Location"] == pagina


def test_un_next_verso_un_altro_sito_non_finisce_nel_link(client):
    client.post(
        "/account/signup/",
        {
            "email": "nuova@esempio.test",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "https://esempio.invalid/",
        },
    )
    assert "esempio.invalid" not in _link_di_conferma()


def _campi_nascosti(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
