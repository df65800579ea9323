"""Who may do what: persona × action → expected outcome, allowed AND refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accordi.models import Accordo, AggiornamentoProgetto, Progetto, StatoAccordo
from tests.conftest import crea_utente
from tests.factories import crea_accordo, crea_ente, crea_firmatario, crea_progetto

pytestmark = pytest.mark.django_db


@pytest.fixture
def architetto(db):
    """The municipal officer who follows the agreement (not in the staff group)."""
    return crea_utente("architetto@comune.test", first_name="Paola", last_name="Architetto")


@pytest.fixture
def referente(db):
    return crea_utente("referente@associazione.test", first_name="Rino", last_name="Referente")


@pytest.fixture
def referente_altro_ente(db):
    return crea_utente("altro.referente@associazione.test", first_name="Olga")


@pytest.fixture
def scenario(architetto, referente, referente_altro_ente):
    accordo = crea_accordo(stato=StatoAccordo.IN_CORSO, architetto_di_quartiere=architetto)
    partner = crea_ente(nome="Circolo Arci Pieve")
    altro = crea_ente(nome="Auser")
    crea_firmatario(accordo, partner, referente=referente)
    crea_firmatario(accordo, altro, referente=referente_altro_ente)
    progetto = crea_progetto(accordo)
    progetto.partner.add(partner)
    altro_progetto = crea_progetto(accordo)
    altro_progetto.partner.add(altro)
    return accordo, progetto


def _url(progetto: Progetto) -> str:
    return reverse(
        "accordi:aggiorna_progetto", kwargs={"slug": progetto.accordo.slug, "pk": progetto.pk}
    )


DATI = {"data": "2025-05-01", "testo": "Nuovi volontari.", "ore_collaborazione": "4"}

MATRICE_AGGIORNA = [
    ("staff", 200, 302),
    ("architetto", 200, 302),
    ("referente", 200, 302),
    ("referente_altro_ente", 403, 403),
    ("cittadino", 403, 403),
    ("community_manager", 403, 403),
    ("tutor", 403, 403),
]


@pytest.mark.parametrize(("persona", "get", "post"), MATRICE_AGGIORNA)
def test_matrice_aggiornamento_progetto(client, request, scenario, persona, get, post):
    _, progetto = scenario
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(progetto)).status_code == get
    assert client.post(_url(progetto), DATI).status_code == post
    assert AggiornamentoProgetto.objects.filter(progetto=progetto).count() == (post == 302)


def test_anonimo_e_mandato_ad_accedere(client, scenario):
    _, progetto = scenario
    risposta = client.post(_url(progetto), DATI)
    assert risposta.status_code == 302
    assert "/account/login/" in risposta["Location"]
    assert not AggiornamentoProgetto.objects.exists()


@pytest.mark.parametrize(
    ("persona", "atteso"),
    [("staff", 200), ("architetto", 200), ("referente", 404), ("cittadino", 404)],
)
def test_progetto_di_accordo_non_pubblico_e_404_per_chi_non_lo_vede(
    client, request, scenario, persona, atteso
):
    accordo, progetto = scenario
    Accordo.objects.filter(pk=accordo.pk).update(stato=StatoAccordo.ISTRUTTORIA)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(progetto)).status_code == atteso


def test_progetto_di_un_altro_accordo_nello_slug_e_404(client, staff, scenario):
    _, progetto = scenario
    altro = crea_accordo()
    client.force_login(staff)
    url = reverse("accordi:aggiorna_progetto", kwargs={"slug": altro.slug, "pk": progetto.pk})
    assert client.get(url).status_code == 404


def test_predicati_di_queryset_e_di_oggetto_concordano(
    scenario, staff, architetto, referente, referente_altro_ente, cittadino
):
    accordo, _ = scenario
    progetti = list(Progetto.objects.filter(accordo=accordo))
    for utente in (staff, architetto, referente, referente_altro_ente, cittadino):
        aggiornabili = set(Progetto.objects.aggiornabili_da(utente))
        assert {p for p in progetti if p.aggiornabile_da(utente)} == aggiornabili
    assert len(Progetto.objects.aggiornabili_da(referente)) == 1
    assert len(Progetto.objects.aggiornabili_da(referente_altro_ente)) == 1
    assert len(Progetto.objects.aggiornabili_da(staff)) == 2


def test_visibilita_degli_accordi_per_persona(architetto, staff, cittadino):
    riservato = crea_accordo(stato=StatoAccordo.ASCOLTO, architetto_di_quartiere=architetto)
    pubblico = crea_accordo(stato=StatoAccordo.PROPOSTA_CONDIVISA)
    for utente, attesi in [
        (staff, {riservato, pubblico}),
        (architetto, {riservato, pubblico}),
        (cittadino, {pubblico}),
        (AnonymousUser(), {pubblico}),
    ]:
        assert set(Accordo.objects.visibili_a(utente)) == attesi
        assert {a for a in (riservato, pubblico) if a.visibile_a(utente)} == attesi
        assert set(Accordo.objects.modificabili_da(utente)) == (
            attesi if utente == staff else set()
        )


MATRICE_STAFF = [
    ("staff", 200),
    ("architetto", 403),
    ("community_manager", 403),
    ("tutor", 403),
    ("cittadino", 403),
]


@pytest.mark.parametrize(("persona", "atteso"), MATRICE_STAFF)
def test_matrice_pagine_di_gestione(client, request, persona, atteso):
    accordo = crea_accordo(stato=StatoAccordo.ASCOLTO)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("accordi:staff_accordi")).status_code == atteso
    url = reverse("accordi:staff_accordo", kwargs={"slug": accordo.slug})
    assert client.get(url).status_code == atteso
    risposta = client.post(url, {"nuovo_stato": "istruttoria", "motivo": "Ascolto concluso"})
    assert risposta.status_code == (302 if atteso == 200 else 403)
    accordo.refresh_from_db()
    assert accordo.stato == ("istruttoria" if atteso == 200 else "ascolto")


def test_pagine_di_gestione_chiedono_l_accesso(client):
    accordo = crea_accordo()
    for url in (
        reverse("accordi:staff_accordi"),
        reverse("accordi:staff_accordo", kwargs={"slug": accordo.slug}),
    ):
        risposta = client.get(url)
        assert risposta.status_code == 302
        assert "/account/login/" in risposta["Location"]
