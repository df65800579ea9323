"""The short-lived cache of the public pages for anonymous visitors (portal/cache_pagine.py)."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory

from tests.factories import (
    crea_accordo,
    crea_attivita,
    crea_ente,
    crea_firmatario,
    crea_luogo,
    crea_opportunita,
    crea_servizio,
)
from tests.quartieri.partecipazione_dati import crea_organismo, crea_riunione

pytestmark = pytest.mark.django_db

PAGINE_PUBBLICHE = [
    "/",
    "/case-di-quartiere/",
    "/case-di-quartiere/casa-in-cache/",
    "/servizi/?lat=44.70&lon=10.63",
    "/attivita/",
    "/attivita/?quando=settimana",
    "/accordi/",
    "/accordi/accordo-in-cache/",
    "/volontariato/",
    "/enti/",
    "/partecipazione/",
    "/numeri/",
]


@pytest.fixture
def cache_attiva(settings):
    settings.CACHE_PAGINE_PUBBLICHE_SECONDI = 60


@pytest.fixture
def dati_pubblici(db):
    luogo = crea_luogo(nome="Casa in cache", slug="casa-in-cache")
    crea_servizio(luogo, titolo="Sportello in cache")
    crea_attivita(luogo, titolo="Laboratorio in cache")
    accordo = crea_accordo(titolo="Accordo in cache", slug="accordo-in-cache")
    crea_firmatario(accordo, crea_ente(nome="Associazione in cache"))
    riunione = crea_riunione(crea_organismo(nome="Consulta in cache", pubblicato=True))
    riunione.organismo.ambiti.add(luogo.quartiere.ambito)
    crea_opportunita(luogo, titolo="Opportunità in cache")
    return luogo


def _senza_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.mark.parametrize("percorso", PAGINE_PUBBLICHE)
def test_seconda_visita_anonima_non_interroga_il_database(
    percorso, cache_attiva, dati_pubblici, client, django_assert_num_queries
):
    """A hit runs no query at all: no session cookie, no messages, the view is skipped."""
    prima = client.get(percorso)
    assert prima.status_code == 200
    with django_assert_num_queries(0):
        seconda = client.get(percorso)
    assert seconda.status_code == 200
    assert _senza_token(seconda.content.decode()) == _senza_token(prima.content.decode())


@pytest.mark.parametrize("percorso", PAGINE_PUBBLICHE)
def test_la_pagina_in_cache_e_identica_a_quella_senza_cache(
    percorso, settings, dati_pubblici, client
):
    settings.CACHE_PAGINE_PUBBLICHE_SECONDI = 0
    senza_cache = client.get(percorso).content.decode()
    settings.CACHE_PAGINE_PUBBLICHE_SECONDI = 60
    client.get(percorso)
    dalla_cache = client.get(percorso).content.decode()
    assert "<!--cdq-" not in dalla_cache
    assert _senza_token(dalla_cache) == _senza_token(senza_cache)


def test_la_pagina_in_cache_resta_uguale_per_il_tempo_impostato(
    cache_attiva, dati_pubblici, client
):
    client.get("/case-di-quartiere/")
    dati_pubblici.nome = "Casa rinominata"
    dati_pubblici.save()
    html = client.get("/case-di-quartiere/").content.decode()
    assert "Casa in cache" in html
    assert "Casa rinominata" not in html


def test_la_pagina_in_cache_porta_il_token_csrf_del_visitatore(cache_attiva, dati_pubblici):
    Client().get("/case-di-quartiere/")
    visitatore = Client(enforce_csrf_checks=True)
    html = visitatore.get("/case-di-quartiere/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    risposta = visitatore.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert risposta.status_code == 302


@pytest.mark.parametrize("percorso", PAGINE_PUBBLICHE)
def test_una_visita_anonima_dalla_cache_non_rende_alcun_template(
    percorso, cache_attiva, dati_pubblici
):
    """A hit is the stored page with the anonymous header, rating form and footer already in
    place: no template is rendered, and every CSRF field holds this visitor's own token."""
    from django.middleware.csrf import _unmask_cipher_token

    Client().get(percorso)
    visitatore = Client()
    risposta = visitatore.get(percorso)
    assert risposta.templates == []
    token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', risposta.content.decode())
    # The language switcher in the header and the page-rating form at least.
    assert len(token) >= 2
    segreto = visitatore.cookies["csrftoken"].value
    assert {_unmask_cipher_token(t) for t in token} == {segreto}


def test_utente_autenticato_vede_sempre_la_pagina_aggiornata(
    cache_attiva, dati_pubblici, client, cittadino
):
    client.get("/case-di-quartiere/")
    client.force_login(cittadino)
    dati_pubblici.nome = "Casa rinominata"
    dati_pubblici.save()
    html = client.get("/case-di-quartiere/").content.decode()
    assert "Casa rinominata" in html
    assert "cittadino@esempio.test" in html


def test_utente_autenticato_non_riempie_la_cache(cache_attiva, dati_pubblici, client, cittadino):
    client.force_login(cittadino)
    client.get("/case-di-quartiere/")
    dati_pubblici.nome = "Casa rinominata"
    dati_pubblici.save()
    html = Client().get("/case-di-quartiere/").content.decode()
    assert "Casa rinominata" in html
    assert "cittadino@esempio.test" not in html


def test_con_zero_secondi_la_cache_e_spenta(settings, dati_pubblici, client):
    settings.CACHE_PAGINE_PUBBLICHE_SECONDI = 0
    client.get("/case-di-quartiere/")
    dati_pubblici.nome = "Casa rinominata"
    dati_pubblici.save()
    assert "Casa rinominata" in client.get("/case-di-quartiere/").content.decode()


def test_la_chiave_separa_le_lingue(cache_attiva, dati_pubblici, client):
    italiano = client.get("/case-di-quartiere/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    inglese = client.get("/case-di-quartiere/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="it">' in italiano
    assert '<html lang="en">' in inglese


def test_la_chiave_separa_le_query_string(cache_attiva, dati_pubblici, client):
    client.get("/case-di-quartiere/")
    dati_pubblici.nome = "Casa rinominata"
    dati_pubblici.save()
    html = client.get("/case-di-quartiere/?page=1").content.decode()
    assert "Casa rinominata" in html


def test_una_post_non_riceve_la_pagina_in_cache(cache_attiva, dati_pubblici, client):
    client.get("/case-di-quartiere/")
    risposta = client.post("/case-di-quartiere/")
    assert risposta.status_code == 405
    assert "Casa in cache" not in risposta.content.decode()


def _con_messaggio(client: Client, testo: str) -> None:
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, testo)])


def test_un_messaggio_in_attesa_non_finisce_nella_cache(cache_attiva, dati_pubblici, client):
    _con_messaggio(client, "Messaggio da mostrare una volta")
    assert "Messaggio da mostrare una volta" in client.get("/case-di-quartiere/").content.decode()
    assert (
        "Messaggio da mostrare una volta"
        not in Client().get("/case-di-quartiere/").content.decode()
    )


def test_un_messaggio_in_attesa_si_vede_anche_con_la_pagina_in_cache(
    cache_attiva, dati_pubblici, client
):
    Client().get("/case-di-quartiere/")
    _con_messaggio(client, "Messaggio da mostrare una volta")
    assert "Messaggio da mostrare una volta" in client.get("/case-di-quartiere/").content.decode()


def _vista_con_modulo(contesto):
    """A page whose content is a POST form, with the context `contesto(request)` gives."""
    from django.template import engines
    from django.template.response import TemplateResponse
    from django.views import View

    from portal.cache_pagine import PaginaPubblicaInCacheMixin

    modulo = engines["django"].from_string(
        '<form method="post">{% if token %}<input type="hidden" name="csrfmiddlewaretoken"'
        ' value="{{ token }}">{% else %}{% csrf_token %}{% endif %}<button>Invia</button></form>'
    )

    class ConModulo(PaginaPubblicaInCacheMixin, View):
        def get(self, request):
            return TemplateResponse(request, modulo, contesto(request))

    return ConModulo


def _richiesta_anonima(rf, percorso="/pagina-con-modulo/"):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore

    richiesta = rf.get(percorso)
    richiesta.user = AnonymousUser()
    richiesta.session = SessionStore()
    richiesta._messages = FallbackStorage(richiesta)
    return richiesta


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_un_modulo_nel_contenuto_porta_il_token_di_ogni_visitatore(cache_attiva, rf):
    """{% csrf_token %} in the content is stored as a marker and filled per request."""
    from django.core.cache import cache
    from django.middleware.csrf import _unmask_cipher_token

    from portal.cache_pagine import _chiave

    classe = _vista_con_modulo(lambda request: {})
    vista = classe.as_view()
    primo, secondo = _richiesta_anonima(rf), _richiesta_anonima(rf)
    token_primo = _token(vista(primo).content.decode())
    chiave = _chiave(primo, f"{classe.__module__}.{classe.__qualname__}")
    assert cache.get(chiave) is not None
    token_secondo = _token(vista(secondo).content.decode())
    # Each token unmasks to its own visitor's secret, the second coming from the cache.
    assert _unmask_cipher_token(token_primo) == primo.META["CSRF_COOKIE"]
    assert _unmask_cipher_token(token_secondo) == secondo.META["CSRF_COOKIE"]
    assert primo.META["CSRF_COOKIE"] != secondo.META["CSRF_COOKIE"]


def test_un_token_vero_nel_contenuto_non_va_in_cache(cache_attiva, rf):
    """Content that carries a visitor's real token (not through {% csrf_token %}) is
    served but never stored."""
    from django.core.cache import cache
    from django.middleware.csrf import get_token

    from portal.cache_pagine import _chiave

    classe = _vista_con_modulo(lambda request: {"token": get_token(request)})
    richiesta = _richiesta_anonima(rf)
    risposta = classe.as_view()(richiesta)
    assert risposta.status_code == 200
    assert "csrfmiddlewaretoken" in risposta.content.decode()
    assert cache.get(_chiave(richiesta, f"{classe.__module__}.{classe.__qualname__}")) is None


def test_una_pagina_personale_non_si_salva_per_i_visitatori_anonimi(settings, rf):
    """Even in a view that lets anonymous visitors in, their page is never stored: its
    key would be shared by all of them."""
    from django.core.cache import cache
    from django.template import engines
    from django.template.response import TemplateResponse
    from django.views.generic import View

    from portal.cache_pagine import PaginaPersonaleInCacheMixin, _chiave_personale

    settings.CACHE_PAGINE_PERSONALI_SECONDI = 60
    pagina = engines["django"].from_string("<p>{{ chi }}</p>")

    class Aperta(View):
        def get(self, request):
            return TemplateResponse(request, pagina, {"chi": request.GET.get("chi")})

    class Personale(PaginaPersonaleInCacheMixin, Aperta):
        pass

    vista = f"{Personale.__module__}.{Personale.__qualname__}"
    for chi in ("primo", "secondo"):
        richiesta = _richiesta_anonima(rf, f"/personale/?chi={chi}")
        risposta = Personale.as_view()(richiesta)
        assert f"<p>{chi}</p>" in risposta.render().content.decode()
        assert cache.get(_chiave_personale(richiesta, vista)) is None


# --- The key holds only the parameters the page reads ------------------------------


@pytest.mark.parametrize(
    ("prima", "seconda"),
    [
        ("/case-di-quartiere/", "/case-di-quartiere/?utm_source=volantino"),
        ("/case-di-quartiere/?tipo=altro&q=", "/case-di-quartiere/?q=&tipo=altro&fbclid=x"),
        ("/attivita/?quando=settimana", "/attivita/?tipo=&quando=settimana&_=123"),
        ("/case-di-quartiere/casa-in-cache/", "/case-di-quartiere/casa-in-cache/?ref=qr"),
    ],
)
def test_un_parametro_sconosciuto_non_crea_una_nuova_voce(
    prima, seconda, cache_attiva, dati_pubblici, client, django_assert_num_queries
):
    """Two addresses differing only in unknown or empty parameters share one entry."""
    assert client.get(prima).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(seconda).status_code == 200


def test_i_parametri_del_filtro_restano_nella_chiave(cache_attiva, dati_pubblici, client):
    client.get("/case-di-quartiere/")
    dati_pubblici.nome = "Casa rinominata"
    dati_pubblici.save()
    assert "Casa rinominata" in client.get("/case-di-quartiere/?q=rinominata").content.decode()
    assert "Casa rinominata" in client.get("/attivita/?page=1").content.decode()


def test_un_parametro_sconosciuto_non_entra_nella_pagina_in_cache(
    cache_attiva, dati_pubblici, client
):
    """The page is rendered without it: its links cannot carry it to the next visitor."""
    for indice in range(25):
        crea_luogo(nome=f"Casa {indice:02d}", slug=f"casa-{indice:02d}")
    html = client.get(
        "/case-di-quartiere/?tipo=casa_di_quartiere&intruso=valore-intruso"
    ).content.decode()
    assert "valore-intruso" not in html
    assert "tipo=casa_di_quartiere&amp;page=2" in html
    assert (
        "valore-intruso"
        not in Client().get("/case-di-quartiere/?tipo=casa_di_quartiere").content.decode()
    )


def test_la_pagina_personale_ignora_i_parametri_sconosciuti(settings, client, tutor):
    """The second address is served from the entry of the first: the view does not run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CACHE_PAGINE_PERSONALI_SECONDI = 60
    client.force_login(tutor)
    with CaptureQueriesContext(connection) as mancata:
        assert client.get("/volontariato/tutor/?page=1").status_code == 200
    with CaptureQueriesContext(connection) as trovata:
        assert client.get("/volontariato/tutor/?sconosciuto=1&page=1").status_code == 200
    assert len(trovata) < len(mancata)
    assert not any("volontari_opportunita" in q["sql"] for q in trovata.captured_queries)


def test_il_feed_ignora_i_parametri_sconosciuti(dati_pubblici, client, django_assert_num_queries):
    assert client.get("/attivita/calendario.ics?tipo=").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/attivita/calendario.ics?utm_medium=email").status_code == 200
