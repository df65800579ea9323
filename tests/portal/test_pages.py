"""Site-wide pages and the page-rating widget."""

from __future__ import annotations

import html
import re

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


# The modello Comuni's wording (criterion C.SI.3.4), as AGID's validator compares it.
LICENZA_DEI_CONTENUTI = (
    "In applicazione del principio open by default ai sensi dell’articolo 52 del decreto "
    "legislativo 7 marzo 2005, n. 82 (CAD) e salvo dove diversamente specificato (compresi i "
    "contenuti incorporati di terzi), i dati, i documenti e le informazioni pubblicati sul sito "
    "sono rilasciati con licenza CC-BY 4.0. Gli utenti sono quindi liberi di condividere "
    "(riprodurre, distribuire, comunicare al pubblico, esporre in pubblico), rappresentare, "
    "eseguire e recitare questo materiale con qualsiasi mezzo e formato e modificare "
    "(trasformare il materiale e utilizzarlo per opere derivate) per qualsiasi fine, anche "
    "commerciale con il solo onere di attribuzione, senza apporre restrizioni aggiuntive."
)


def _testo(frammento: str) -> str:
    """The text of an HTML fragment as the validator reads it: tags out, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", frammento))).strip()


def test_note_legali_con_la_licenza_dei_contenuti_del_modello(client):
    pagina = client.get("/note-legali/").content.decode()
    assert 'href="/note-legali/" data-element="legal-notes">Note legali</a>' in pagina
    sezioni = re.findall(r'<(h\d)[^>]*data-element="legal-notes-section"[^>]*>(.*?)</\1>', pagina)
    assert [_testo(titolo) for _tag, titolo in sezioni] == ["Licenza dei contenuti"]
    corpi = re.findall(r'<p[^>]*data-element="legal-notes-body"[^>]*>(.*?)</p>', pagina, re.S)
    assert " ".join(_testo(corpo) for corpo in corpi) == LICENZA_DEI_CONTENUTI
    # Maps and software have their own paragraphs, outside the modello's elements.
    assert "OpenStreetMap" in pagina
    assert all("OpenStreetMap" not in corpo for corpo in corpi)


def test_il_piede_porta_alla_dichiarazione_di_accessibilita_del_comune(client, settings):
    settings.ACCESSIBILITY_URL = "https://form.agid.gov.it/view/dichiarazione-del-comune"
    pagina = client.get("/").content.decode()
    assert re.search(
        r'<footer[^>]*>.*<a href="https://form.agid.gov.it/view/dichiarazione-del-comune"'
        r' data-element="accessibility-link">',
        pagina,
        re.S,
    )
