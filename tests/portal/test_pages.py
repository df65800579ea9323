"""Site-wide pages and the page-rating widget."""

from __future__ import annotations

import pytest

from portal.models import ValutazionePagina

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/", "/privacy/", "/accessibilita/", "/note-legali/", "/open-data/"]
)
def test_pagine_del_sito_rispondono(client, url):
    risposta = client.get(url)
    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert 'href="#main-container"' in html  # skip link
    assert 'data-element="accessibility-link"' in html


def test_pagina_inesistente_ha_il_404_del_portale(client):
    risposta = client.get("/non-esiste/")
    assert risposta.status_code == 404
    assert "Comune di Reggio Emilia" in risposta.content.decode()


def test_valutazione_registrata_e_torna_alla_pagina(client):
    risposta = client.post(
        "/valuta-pagina/", {"pagina": "/privacy/", "valutazione": "5", "commento": "chiara"}
    )
    assert risposta.status_code == 302
    assert risposta["Location"] == "/privacy/"
    valutazione = ValutazionePagina.objects.get()
    assert (valutazione.pagina, valutazione.valutazione) == ("/privacy/", 5)


@pytest.mark.parametrize(
    "dati",
    [
        {"pagina": "/privacy/", "valutazione": "9"},
        {"pagina": "/privacy/"},
        {"pagina": "https://altrove.example/", "valutazione": "3"},
    ],
)
def test_valutazione_non_valida_non_scrive_nulla(client, dati):
    risposta = client.post("/valuta-pagina/", dati, follow=True)
    assert risposta.status_code == 200
    assert ValutazionePagina.objects.count() == 0
    assert "Scegli da 1 a 5 stelle" in risposta.content.decode()


def test_lingua_inglese_dal_selettore(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    risposta = client.get("/")
    assert risposta.wsgi_request.LANGUAGE_CODE == "en"
    assert '<html lang="en"' in risposta.content.decode()


def test_menu_account_porta_alla_gestione_solo_chi_gestisce(client, community_manager, cittadino):
    client.force_login(community_manager)
    assert 'href="/gestione/"' in client.get("/").content.decode()
    client.force_login(cittadino)
    assert 'href="/gestione/"' not in client.get("/").content.decode()
