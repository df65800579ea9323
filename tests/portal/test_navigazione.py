"""The modello Comuni structure: the four first-level items and the pages behind them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from accordi.models import Accordo, Progetto
from quartieri.models import Attivita, Luogo, Occorrenza
from tests.factories import crea_accordo, crea_attivita, crea_luogo, crea_progetto

pytestmark = pytest.mark.django_db

# Designers Italia, modello Comuni, criterion C.SI.1.7: the titles a category may have.
CATEGORIE_AMMINISTRAZIONE = {
    "aree amministrative",
    "documenti e dati",
    "enti e fondazioni",
    "organi di governo",
    "personale amministrativo",
    "politici",
    "uffici",
}


def _voci_menu(html: str) -> list[tuple[str, str, str]]:
    """(href, data-element, label) of each first-level item, in order."""
    menu = re.search(r'data-element="main-navigation">(.*?)</ul>', html, re.S).group(1)
    return re.findall(
        r'<a class="nav-link[^"]*" href="([^"]+)" data-element="([^"]+)"[^>]*>'
        r"<span>([^<]+)</span></a>",
        menu,
    )


def test_menu_ha_le_quattro_voci_del_modello_in_ordine(client):
    voci = _voci_menu(client.get("/").content.decode())
    assert [(data_element, label) for _url, data_element, label in voci] == [
        ("management", "Amministrazione"),
        ("news", "Novità"),
        ("all-services", "Servizi"),
        ("live", "Vivere Reggio Emilia"),
    ]
    urls = [url for url, _d, _l in voci]
    assert urls == ["/amministrazione/", "/novita/", "/servizi/", "/vivere/"]


def test_ogni_data_element_del_menu_compare_una_volta_sola(client):
    """The validator reads every element carrying the attribute, not just the menu's."""
    html = client.get("/").content.decode()
    for data_element in ("management", "news", "all-services", "live"):
        assert html.count(f'data-element="{data_element}"') == 1


@pytest.mark.parametrize(
    ("url", "attiva"),
    [
        ("/accordi/", "Amministrazione"),
        ("/enti/", "Amministrazione"),
        ("/numeri/", "Amministrazione"),
        ("/partecipazione/", "Amministrazione"),
        ("/case-di-quartiere/", "Vivere Reggio Emilia"),
        ("/attivita/", "Vivere Reggio Emilia"),
        ("/volontariato/", "Vivere Reggio Emilia"),
        ("/servizi/", "Servizi"),
        ("/novita/", "Novità"),
        ("/novita/avvisi/", "Novità"),
    ],
)
def test_le_pagine_di_sempre_rispondono_sotto_la_loro_voce(client, url, attiva):
    risposta = client.get(url)
    assert risposta.status_code == 200
    attive = re.findall(
        r'<a class="nav-link active"[^>]*aria-current="page"><span>([^<]+)</span>',
        risposta.content.decode(),
    )
    assert attive == [attiva]


def test_amministrazione_elenca_le_categorie_del_modello(client):
    html = client.get("/amministrazione/").content.decode()
    categorie = re.findall(
        r'<a href="([^"]+)" data-element="management-category-link">([^<]+)</a>', html
    )
    assert categorie == [("/open-data/", "Documenti e dati"), ("/enti/", "Enti e fondazioni")]
    assert {titolo.lower() for _url, titolo in categorie} <= CATEGORIE_AMMINISTRAZIONE
    # What used to be in the menu is one click away.
    for url in ("/accordi/", "/numeri/", "/open-data/", "/partecipazione/"):
        assert f'href="{url}"' in html


def test_vivere_ha_i_pulsanti_luoghi_ed_eventi_e_i_prossimi_eventi(client):
    luogo = crea_luogo(nome="Casa Rosta")
    crea_attivita(luogo, titolo="Merenda in cortile")
    crea_attivita(crea_luogo(pubblicato=False), titolo="Riunione interna")
    html = client.get("/vivere/").content.decode()
    assert "<h1>Vivere Reggio Emilia</h1>" in html
    assert re.search(r'href="/case-di-quartiere/" data-element="live-button-locations"', html)
    assert re.search(r'href="/attivita/" data-element="live-button-events"', html)
    eventi = re.findall(r'data-element="event-link">([^<]+)</a>', html)
    assert eventi == ["Merenda in cortile"]


def test_il_calendario_collega_ogni_evento_con_event_link(client):
    crea_attivita(crea_luogo(), titolo="Corso di cucito")
    html = client.get("/attivita/").content.decode()
    assert re.search(r'href="/attivita/\d+/" data-element="event-link">Corso di cucito<', html)


@pytest.mark.parametrize("numero", [1, 8])
def test_vivere_query_costanti(client, django_assert_max_num_queries, numero):
    """Queries: the next public dates with their activity and place (one), plus the
    session-less page's none."""
    luogo = crea_luogo()
    for _n in range(numero):
        crea_attivita(luogo)
    with django_assert_max_num_queries(1):
        assert client.get("/vivere/").status_code == 200


def test_favicon_e_nome_del_comune_in_ogni_pagina(client):
    html = client.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/img/favicon[^"]*\.svg"', html)
    assert '<div class="it-brand-tagline">Comune di Reggio Emilia</div>' in html
    assert "portal-stemma" not in html  # no crest configured: Bootstrap Italia's icon


def test_stemma_del_comune_quando_configurato(client, settings):
    settings.SITE_LOGO = "img/favicon.svg"
    html = client.get("/").content.decode()
    assert re.search(
        r'<img class="icon portal-stemma" src="/static/img/favicon[^"]*\.svg" alt=""', html
    )
    assert '<div class="it-brand-tagline">Comune di Reggio Emilia</div>' in html


# --- "Ultimo aggiornamento" on content pages ----------------------------------------


def _ultimo_aggiornamento(html: str) -> str:
    return re.search(r'data-element="metadata">Ultimo aggiornamento: ([^<]+)</p>', html).group(1)


def _aggiornato(modello, pk: int, quando: dt.datetime) -> None:
    """Set a record's modification time (auto_now cannot be set through save())."""
    modello.objects.filter(pk=pk).update(updated_at=quando)


def test_ultimo_aggiornamento_di_luogo_accordo_e_progetto(client):
    luogo = crea_luogo(slug="casa-aggiornata")
    accordo = crea_accordo(slug="accordo-aggiornato")
    progetto = crea_progetto(accordo)
    _aggiornato(Luogo, luogo.pk, dt.datetime(2025, 3, 2, 10, tzinfo=dt.UTC))
    _aggiornato(Accordo, accordo.pk, dt.datetime(2025, 4, 3, 10, tzinfo=dt.UTC))
    _aggiornato(Progetto, progetto.pk, dt.datetime(2025, 5, 4, 10, tzinfo=dt.UTC))
    assert _ultimo_aggiornamento(client.get(luogo.get_absolute_url()).content.decode()) == (
        "2 marzo 2025"
    )
    assert _ultimo_aggiornamento(client.get("/accordi/accordo-aggiornato/").content.decode()) == (
        "3 aprile 2025"
    )
    url_progetto = f"/accordi/accordo-aggiornato/progetti/{progetto.pk}/"
    assert _ultimo_aggiornamento(client.get(url_progetto).content.decode()) == "4 maggio 2025"


def test_ultimo_aggiornamento_di_una_data_spostata_e_quello_dello_spostamento(client):
    attivita = crea_attivita(crea_luogo())
    _aggiornato(Attivita, attivita.pk, dt.datetime(2025, 1, 10, 10, tzinfo=dt.UTC))
    occorrenza = attivita.occorrenze.get()
    url = f"/attivita/{occorrenza.pk}/"
    assert _ultimo_aggiornamento(client.get(url).content.decode()) == "10 gennaio 2025"
    Occorrenza.objects.filter(pk=occorrenza.pk).update(
        variata_il=dt.datetime(2025, 2, 20, 23, 30, tzinfo=dt.UTC)  # 21 February in Rome
    )
    assert _ultimo_aggiornamento(client.get(url).content.decode()) == "21 febbraio 2025"
