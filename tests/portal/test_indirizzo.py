"""SITE_URL: links sent outside a page use it; in development it follows the served address."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse

from portal.checks import controlla_site_url
from portal.indirizzo import host_pubblico, url_pubblico
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


def test_url_pubblico_su_site_url_anche_con_la_barra_finale():
    with override_settings(SITE_URL="https://quartieri.comune.example.it/"):
        assert url_pubblico("/attivita/3/") == "https://quartieri.comune.example.it/attivita/3/"
        assert host_pubblico() == "quartieri.comune.example.it"
    with override_settings(SITE_URL="http://127.0.0.1:8000"):
        assert url_pubblico("/gestione/") == "http://127.0.0.1:8000/gestione/"
        assert host_pubblico() == "127.0.0.1"


def test_il_filtro_url_pubblico_nei_modelli_delle_email():
    modello = Template("{% load indirizzo %}{% url 'portal:report' as p %}{{ p|url_pubblico }}")
    with override_settings(SITE_URL="https://quartieri.comune.example.it"):
        testo = modello.render(Context())
    assert testo == "https://quartieri.comune.example.it" + reverse("portal:report")


def test_il_controllo_di_site_url_e_tra_i_controlli_del_portale():
    with override_settings(SITE_URL="http://localhost:8000"):
        assert [m.id for m in controlla_site_url(None)] == ["portal.W001"]
    with override_settings(SITE_URL="https://quartieri.comune.example.it"):
        assert controlla_site_url(None) == []
