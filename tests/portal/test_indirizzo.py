"""SITE_URL: links sent outside a page use it; in development it follows the served address."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import crea_attivita

pytestmark = pytest.mark.django_db


def _feed(client, occorrenza, **extra) -> str:
    risposta = client.get(reverse("quartieri:attivita_ics", kwargs={"pk": occorrenza.pk}), **extra)
    assert risposta.status_code == 200
    return risposta.content.decode().replace("\r\n ", "")


def test_il_feed_usa_site_url_non_l_indirizzo_della_richiesta(client, casa):
    occorrenza = crea_attivita(casa).occorrenze.get()
    with override_settings(SITE_URL="https://quartieri.comune.example.it"):
        testo = _feed(client, occorrenza)
    assert f"https://quartieri.comune.example.it/attivita/{occorrenza.pk}/" in testo
    assert "testserver" not in testo


def test_in_sviluppo_senza_site_url_i_link_seguono_l_indirizzo_servito(client, casa):
    occorrenza = crea_attivita(casa).occorrenze.get()
    with override_settings(
        SITE_URL_DALLA_RICHIESTA=True,
        SITE_URL="http://127.0.0.1:8000",
        ALLOWED_HOSTS=["192.168.1.20"],
    ):
        testo = _feed(client, occorrenza, HTTP_HOST="192.168.1.20:8001")
    assert f"http://192.168.1.20:8001/attivita/{occorrenza.pk}/" in testo
