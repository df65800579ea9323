"""The public pages of agreements run a fixed number of queries, with 10 agreements or 300."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accordi.models import (
    Accordo,
    AggiornamentoProgetto,
    Firmatario,
    IncontroLaboratorio,
    Indicatore,
    Progetto,
    TransizioneAccordo,
    ValoreIndicatore,
)
from tests.factories import crea_comune, crea_ente, crea_quartiere, crea_tema

pytestmark = pytest.mark.django_db

LISTA = 10
DETTAGLIO = 11
PROGETTO = 6
ENTI = 6
ENTE = 5


def popola(numero: int, staff) -> Accordo:
    """`numero` public agreements, each with projects, indicators, updates, signatories, steps."""
    comune = crea_comune()
    quartieri = [crea_quartiere() for _ in range(3)]
    tema = crea_tema()
    enti = [crea_ente() for _ in range(5)]
    accordi = Accordo.objects.bulk_create(
        Accordo(
            codice=f"Q-{n:04d}",
            titolo=f"Accordo {n:04d}",
            slug=f"accordo-{n:04d}",
            comune=comune,
            stato=Accordo.Stato.IN_CORSO,
            data_inizio=dt.date(2020 + n % 5, 1, 1),
        )
        for n in range(numero)
    )
    Accordo.quartieri.through.objects.bulk_create(
        Accordo.quartieri.through(accordo=a, quartiere=q) for a in accordi for q in quartieri
    )
    Accordo.temi.through.objects.bulk_create(
        Accordo.temi.through(accordo=a, tema=tema) for a in accordi
    )
    momento = timezone.now()
    TransizioneAccordo.objects.bulk_create(
        TransizioneAccordo(
            accordo=a, da="firmato", a="in_corso", utente=staff, momento=momento, motivo="Avvio."
        )
        for a in accordi
    )
    IncontroLaboratorio.objects.bulk_create(
        IncontroLaboratorio(accordo=a, data=momento, luogo_testo="Parrocchia") for a in accordi
    )
    Firmatario.objects.bulk_create(
        [Firmatario(accordo=a, tipo="ente", ente=e) for a in accordi for e in enti]
        + [
            Firmatario(
                accordo=a, tipo="cittadino", nome_cittadino=f"C {n}", consenso_pubblicazione=n % 2
            )
            for a in accordi
            for n in range(4)
        ]
    )
    progetti = Progetto.objects.bulk_create(
        Progetto(accordo=a, titolo=f"Progetto {n}", famiglia="cura_citta")
        for a in accordi
        for n in range(3)
    )
    Progetto.partner.through.objects.bulk_create(
        Progetto.partner.through(progetto=p, ente=e) for p in progetti for e in enti[:2]
    )
    indicatori = Indicatore.objects.bulk_create(
        Indicatore(progetto=p, nome=f"Indicatore {n}", valore_obiettivo=10)
        for p in progetti
        for n in range(2)
    )
    aggiornamenti = AggiornamentoProgetto.objects.bulk_create(
        AggiornamentoProgetto(
            progetto=p, data=dt.date(2024, 1 + n, 1), testo="Avanti.", abitanti_raggiunti=10 * n
        )
        for p in progetti
        for n in range(3)
    )
    per_progetto = {}
    for aggiornamento in aggiornamenti:
        per_progetto.setdefault(aggiornamento.progetto_id, []).append(aggiornamento)
    ValoreIndicatore.objects.bulk_create(
        ValoreIndicatore(aggiornamento=agg, indicatore=i, valore=3)
        for i in indicatori
        for agg in per_progetto[i.progetto_id]
    )
    return accordi[0]


@pytest.fixture(params=[10, 300], ids=["10 accordi", "300 accordi"])
def primo(request, staff):
    return popola(request.param, staff)


def test_lista_query_costanti(client, primo, django_assert_max_num_queries):
    """Comuni count (is the comune filter shown?), years of the "anno" choices, paginator count,
    the page's agreements, their quartieri, every agreement's projects and signatories counted
    (once per write), then the ambito, quartiere and tema choices of the filter form."""
    with django_assert_max_num_queries(LISTA):
        risposta = client.get("/accordi/?anno=2021")
    assert risposta.status_code == 200
    assert len(risposta.context["object_list"]) > 0


def test_dettaglio_query_costanti(client, primo, django_assert_max_num_queries):
    """A first visit: the agreement with numbers and impact, then for the parts kept per
    process the agreement with comune, ambito, officer and renewed agreement, its quartieri,
    temi, steps, meetings, public signatories (with whether they have a registry page),
    projects (with latest inhabitants), their indicators (with latest value), their latest
    updates, its renewals."""
    with django_assert_max_num_queries(DETTAGLIO):
        risposta = client.get(f"/accordi/{primo.slug}/")
    assert risposta.status_code == 200
    assert "C 1" in risposta.content.decode()
    assert "C 0" not in risposta.content.decode()


def test_progetto_query_costanti(client, primo, django_assert_max_num_queries):
    """The project with its agreement, theme, place, hours and inhabitants; partners, indicators,
    updates, the updates' values with their indicators, the partners with a registry page."""
    progetto = primo.progetti.first()
    with django_assert_max_num_queries(PROGETTO):
        risposta = client.get(f"/accordi/{primo.slug}/progetti/{progetto.pk}/")
    assert risposta.status_code == 200


def test_registro_query_costanti(client, primo, django_assert_max_num_queries):
    """Who is in the registry (once per write), paginator count, the page's organisations with
    their quartiere, their sectors, then the settore and quartiere choices of the filter form."""
    with django_assert_max_num_queries(ENTI):
        assert client.get("/enti/").status_code == 200


def test_ente_query_costanti(client, primo, django_assert_max_num_queries):
    """The organisation with quartiere and comune, its sectors, signatures with their agreements,
    projects with their agreements, places it runs."""
    ente = primo.firmatari.filter(tipo="ente").first().ente
    with django_assert_max_num_queries(ENTE):
        assert client.get(f"/enti/{ente.slug}/").status_code == 200
