"""Novità: who writes them, when they show, the public pages, the feeds, the admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from quartieri.models import Novita
from quartieri.services.novita import elimina_novita, salva_novita
from tests.factories import crea_argomento, crea_luogo, crea_novita

pytestmark = pytest.mark.django_db


def _gestione(nome: str, luogo, **kwargs) -> str:
    return reverse(f"gestione:{nome}", kwargs={"slug": luogo.slug, **kwargs})


def _dati(**campi) -> dict:
    dati = {
        "tipo": "avviso",
        "titolo": "Chiusura per lavori",
        "sommario": "La Casa resta chiusa lunedì.",
        "testo": "Lunedì la Casa resta chiusa per lavori all'impianto elettrico.",
        "data_pubblicazione": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    dati.update(campi)
    return dati


# --- Visibility -----------------------------------------------------------


def test_una_novita_con_data_futura_resta_nascosta_fino_ad_allora(casa):
    adesso = timezone.now()
    futura = crea_novita(casa, data_pubblicazione=adesso + dt.timedelta(days=2))
    pubblicata = crea_novita(casa)

    assert list(Novita.objects.pubblicate(adesso)) == [pubblicata]
    assert futura in Novita.objects.pubblicate(adesso + dt.timedelta(days=3))


def test_le_novita_di_un_luogo_non_pubblicato_non_si_vedono(casa):
    crea_novita(casa)
    del_comune = crea_novita(None)
    casa.pubblicato = False
    casa.save()

    assert list(Novita.objects.pubblicate()) == [del_comune]


# --- Services and the permission rule -------------------------------------


def test_il_manager_pubblica_per_la_sua_casa(casa, community_manager):
    argomento = crea_argomento("Tempo libero")
    novita = salva_novita(
        novita=Novita(luogo=casa, titolo="Festa", sommario="Sabato festa.", testo="Vieni!"),
        argomenti=[argomento],
        utente=community_manager,
    )
    assert novita.autore == community_manager
    assert list(novita.argomenti.all()) == [argomento]


def test_il_manager_non_pubblica_per_un_altra_casa(altra_casa, community_manager):
    with pytest.raises(PermissionDenied):
        salva_novita(
            novita=Novita(luogo=altra_casa, titolo="x", sommario="x", testo="x"),
            utente=community_manager,
        )
    assert not Novita.objects.exists()


def test_il_manager_non_sposta_una_novita_altrui_nella_sua_casa(
    casa, altra_casa, community_manager
):
    altrui = crea_novita(altra_casa)
    altrui.luogo = casa
    with pytest.raises(PermissionDenied):
        salva_novita(novita=altrui, utente=community_manager)
    altrui.refresh_from_db()
    assert altrui.luogo == altra_casa


def test_solo_lo_staff_pubblica_le_novita_del_comune(community_manager, staff):
    with pytest.raises(PermissionDenied):
        salva_novita(novita=Novita(titolo="x", sommario="x", testo="x"), utente=community_manager)
    novita = salva_novita(novita=Novita(titolo="x", sommario="x", testo="x"), utente=staff)
    assert novita.luogo is None


def test_il_manager_non_elimina_una_novita_altrui(altra_casa, community_manager):
    altrui = crea_novita(altra_casa)
    with pytest.raises(PermissionDenied):
        elimina_novita(novita=altrui, utente=community_manager)
    assert Novita.objects.filter(pk=altrui.pk).exists()


# --- Management area ------------------------------------------------------


def test_il_manager_scrive_una_novita_dalla_gestione(client, casa, community_manager):
    argomento = crea_argomento("Associazioni")
    client.force_login(community_manager)
    risposta = client.post(_gestione("novita_nuova", casa), _dati(argomenti=[argomento.pk]))
    assert risposta.status_code == 302
    novita = Novita.objects.get()
    assert (novita.luogo, novita.tipo, novita.autore) == (casa, "avviso", community_manager)
    assert list(novita.argomenti.all()) == [argomento]
    assert client.get(_gestione("novita_lista", casa)).status_code == 200


def test_modulo_incompleto_da_errori_e_non_salva_nulla(client, casa, community_manager):
    client.force_login(community_manager)
    risposta = client.post(_gestione("novita_nuova", casa), _dati(titolo="", testo=""))
    assert risposta.status_code == 400
    assert risposta.context["form"].errors.keys() >= {"titolo", "testo"}
    assert not Novita.objects.exists()


def test_il_manager_modifica_ed_elimina_la_sua_novita(client, casa, community_manager):
    novita = crea_novita(casa)
    client.force_login(community_manager)
    risposta = client.post(_gestione("novita", casa, pk=novita.pk), _dati(titolo="Nuovo titolo"))
    assert risposta.status_code == 302
    novita.refresh_from_db()
    assert novita.titolo == "Nuovo titolo"

    assert client.post(_gestione("novita_elimina", casa, pk=novita.pk)).status_code == 302
    assert not Novita.objects.exists()


@pytest.mark.parametrize("pagina", ["novita_lista", "novita_nuova"])
def test_manager_di_altra_casa_riceve_404_sulle_novita(
    client, casa, altro_community_manager, pagina
):
    client.force_login(altro_community_manager)
    assert client.get(_gestione(pagina, casa)).status_code == 404
    assert client.post(_gestione("novita_nuova", casa), _dati()).status_code == 404
    assert not Novita.objects.exists()


def test_una_novita_altrui_sotto_la_propria_casa_e_404(client, casa, altra_casa, community_manager):
    altrui = crea_novita(altra_casa)
    client.force_login(community_manager)
    for nome in ("novita", "novita_elimina"):
        assert client.get(_gestione(nome, casa, pk=altrui.pk)).status_code == 404
        assert client.post(_gestione(nome, casa, pk=altrui.pk), _dati()).status_code == 404
    assert Novita.objects.get(pk=altrui.pk).titolo == altrui.titolo


@pytest.mark.parametrize("numero", [1, 20])
def test_elenco_gestione_novita_query_costanti(
    client, casa, community_manager, django_assert_max_num_queries, numero
):
    """Expected queries: 1. session  2. user  3. the place  4. the page's news."""
    for _ in range(numero):
        crea_novita(casa)
    client.force_login(community_manager)
    with django_assert_max_num_queries(4):
        risposta = client.get(_gestione("novita_lista", casa))
    assert len(risposta.context["elenco_novita"]) == numero


# --- Public pages ---------------------------------------------------------


def test_pagina_novita_ha_i_link_alle_tre_categorie(client):
    html = client.get(reverse("quartieri:novita")).content.decode()
    for titolo, percorso in (
        ("Avvisi", "/novita/avvisi/"),
        ("Comunicati", "/novita/comunicati/"),
        ("Notizie", "/novita/notizie/"),
    ):
        assert (
            f'href="{percorso}" data-element="news-category-link">'
            f'<span class="card-title h5 d-block mb-0">{titolo}</span>' in html
        )


def test_ogni_categoria_elenca_solo_il_suo_tipo(client, casa):
    avviso = crea_novita(casa, tipo="avviso", titolo="Chiusura straordinaria")
    crea_novita(casa, tipo="notizia", titolo="Festa di quartiere")
    risposta = client.get("/novita/avvisi/")
    assert list(risposta.context["elenco_novita"]) == [avviso]
    assert client.get("/novita/bandi/").status_code == 404


def test_pagine_pubbliche_non_mostrano_le_novita_future(client, casa):
    futura = crea_novita(
        casa, titolo="Segreto", data_pubblicazione=timezone.now() + dt.timedelta(days=1)
    )
    assert "Segreto" not in client.get("/novita/").content.decode()
    assert "Segreto" not in client.get("/").content.decode()
    assert client.get(futura.get_absolute_url()).status_code == 404


def test_chi_gestisce_la_casa_vede_l_anteprima_di_una_novita_futura(
    client, casa, community_manager, altro_community_manager
):
    futura = crea_novita(casa, data_pubblicazione=timezone.now() + dt.timedelta(days=1))
    client.force_login(altro_community_manager)
    assert client.get(futura.get_absolute_url()).status_code == 404
    client.force_login(community_manager)
    risposta = client.get(futura.get_absolute_url())
    assert risposta.status_code == 200
    assert "Anteprima" in risposta.content.decode()


def test_dettaglio_novita(client, casa):
    argomento = crea_argomento("Sport")
    novita = crea_novita(casa, tipo="comunicato", titolo="Torneo di bocce")
    novita.argomenti.add(argomento)
    html = client.get(novita.get_absolute_url()).content.decode()
    assert 'data-element="page-name">Torneo di bocce</h1>' in html
    assert argomento.get_absolute_url() in html
    assert casa.get_absolute_url() in html
    assert 'href="/novita/comunicati/"' in html


def test_la_home_mostra_le_ultime_novita(client, casa):
    for n in range(4):
        crea_novita(casa, titolo=f"Novità numero {n}")
    html = client.get("/").content.decode()
    assert html.count("Novità numero") == 3


@pytest.mark.parametrize("numero", [1, 30])
def test_elenco_novita_query_costanti(client, django_assert_max_num_queries, numero):
    """Expected queries: 1. the count for the paginator  2. the page's news with their places."""
    for _ in range(numero):
        crea_novita(crea_luogo())
    with django_assert_max_num_queries(2):
        assert client.get("/novita/notizie/").status_code == 200


@pytest.mark.parametrize("numero", [1, 20])
def test_dettaglio_novita_query_costanti(client, casa, django_assert_max_num_queries, numero):
    """Expected queries: 1. the news item with its place  2. its topics."""
    novita = crea_novita(casa)
    nomi = ["Sport", "Tempo libero", "Associazioni", "Istruzione", "Spazio Verde"]
    novita.argomenti.set([crea_argomento(nome) for nome in nomi[: min(numero, 5)]])
    with django_assert_max_num_queries(2):
        assert client.get(novita.get_absolute_url()).status_code == 200


# --- Feeds ---------------------------------------------------------------


@pytest.mark.parametrize("percorso", ["/novita/rss/", "/novita/atom/"])
def test_i_feed_portano_solo_le_novita_pubblicate(client, casa, percorso):
    crea_novita(casa, titolo="Pubblicata ieri")
    crea_novita(casa, titolo="Di domani", data_pubblicazione=timezone.now() + dt.timedelta(days=1))
    risposta = client.get(percorso)
    assert risposta.status_code == 200
    contenuto = risposta.content.decode()
    assert "Pubblicata ieri" in contenuto
    assert "Di domani" not in contenuto


def test_il_feed_atom_e_atom(client):
    risposta = client.get("/novita/atom/")
    assert risposta["Content-Type"].startswith("application/atom+xml")
    assert client.get("/novita/rss/")["Content-Type"].startswith("application/rss+xml")


# --- Admin ---------------------------------------------------------------


def test_lo_staff_pubblica_una_novita_del_comune_dall_admin(client, staff):
    argomento = crea_argomento("Associazioni")
    client.force_login(staff)
    adesso = timezone.localtime()
    risposta = client.post(
        reverse("admin:quartieri_novita_add"),
        {
            "tipo": "comunicato",
            "titolo": "Nuovo bando per le associazioni",
            "sommario": "Domande entro marzo.",
            "testo": "Il Comune apre il bando.",
            "data_pubblicazione_0": adesso.strftime("%d/%m/%Y"),
            "data_pubblicazione_1": adesso.strftime("%H:%M:%S"),
            "argomenti": [argomento.pk],
        },
    )
    assert risposta.status_code == 302, risposta.content.decode()[:2000]
    novita = Novita.objects.get()
    assert novita.luogo is None
    assert novita.autore == staff
    assert list(novita.argomenti.all()) == [argomento]


def test_il_manager_non_entra_nell_admin_delle_novita(client, community_manager):
    client.force_login(community_manager)
    risposta = client.get(reverse("admin:quartieri_novita_changelist"))
    assert risposta.status_code == 302


def test_lo_staff_apre_elenco_e_scheda_delle_novita_e_degli_argomenti(client, staff, casa):
    novita = crea_novita(casa)
    argomento = crea_argomento("Sport")
    client.force_login(staff)
    for indirizzo in (
        reverse("admin:quartieri_novita_changelist"),
        reverse("admin:quartieri_novita_change", args=[novita.pk]),
        reverse("admin:portal_argomento_changelist"),
        reverse("admin:portal_argomento_change", args=[argomento.pk]),
    ):
        assert client.get(indirizzo).status_code == 200, indirizzo


# --- Permission matrix: persona × action → HTTP status -----------------------

AZIONI_NOVITA = {
    # name: (method, URL name, needs the news item's pk)
    "elenco": ("get", "novita_lista", False),
    "scrivi": ("post", "novita_nuova", False),
    "modifica": ("post", "novita", True),
    "elimina": ("post", "novita_elimina", True),
}
CONSENTITO = {"elenco": 200, "scrivi": 302, "modifica": 302, "elimina": 302}
NEGATO = dict.fromkeys(AZIONI_NOVITA, 404)
ATTESI = {
    "anonimo": dict.fromkeys(AZIONI_NOVITA, 302),
    "cittadino": NEGATO,
    "tutor": NEGATO,
    "altro_community_manager": NEGATO,
    "community_manager": CONSENTITO,
    "staff": CONSENTITO,
}


@pytest.mark.parametrize("azione", list(AZIONI_NOVITA))
@pytest.mark.parametrize("persona", list(ATTESI))
def test_matrice_dei_permessi_delle_novita(client, request, casa, altra_casa, persona, azione):
    novita = crea_novita(casa, titolo="Titolo originale")
    if persona != "anonimo":
        client.force_login(request.getfixturevalue(persona))
    metodo, nome_url, con_pk = AZIONI_NOVITA[azione]
    kwargs = {"pk": novita.pk} if con_pk else {}
    indirizzo = _gestione(nome_url, casa, **kwargs)

    risposta = client.post(indirizzo, _dati()) if metodo == "post" else client.get(indirizzo)

    assert risposta.status_code == ATTESI[persona][azione]
    if persona == "anonimo":
        assert risposta["Location"].startswith(reverse("account_login"))
    if risposta.status_code != 302 or persona == "anonimo":
        assert Novita.objects.count() == 1
        assert Novita.objects.get().titolo == "Titolo originale"


def test_un_testo_di_soli_spazi_e_rifiutato(casa, community_manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as errore:
        salva_novita(
            novita=Novita(luogo=casa, titolo="x", sommario="x", testo="   "),
            utente=community_manager,
        )
    assert "testo" in errore.value.message_dict
    assert not Novita.objects.exists()


def test_elenco_gestione_novita_oltre_la_prima_pagina(client, casa, community_manager):
    for _ in range(51):
        crea_novita(casa)
    client.force_login(community_manager)
    html = client.get(_gestione("novita_lista", casa)).content.decode()
    assert "page=2" in html
    seconda = client.get(_gestione("novita_lista", casa), {"page": 2})
    assert len(seconda.context["elenco_novita"]) == 1
