"""Public participation pages: consent rules, requests' times, constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from quartieri.models import Membro, Patto, Richiesta
from tests.conftest import crea_utente
from tests.factories import crea_accordo, crea_ambito, crea_ente, crea_luogo, crea_quartiere
from tests.quartieri.partecipazione_dati import (
    OGGI,
    crea_membro,
    crea_organismo,
    crea_richiesta,
    crea_riunione,
)

pytestmark = pytest.mark.django_db
ADESSO = dt.datetime(2026, 3, 9, 10, tzinfo=dt.UTC)


@pytest.fixture
def consulta(staff):
    organismo = crea_organismo(nome="Consulta H", descrizione="Eletta dai residenti.")
    organismo.ambiti.add(crea_ambito(nome="Ambito H"))
    crea_membro(
        organismo,
        utente=crea_utente("rosa@esempio.test", first_name="Rosa", last_name="Pubblica"),
        nome_pubblico=True,
    )
    crea_membro(
        organismo,
        utente=crea_utente("piero@esempio.test", first_name="Piero", last_name="Riservato"),
    )
    crea_membro(
        organismo,
        ruolo=Membro.Ruolo.RAPPRESENTANTE_ENTE,
        ente=crea_ente(nome="Auser di quartiere"),
        utente=crea_utente("ugo@esempio.test", first_name="Ugo", last_name="Nascosto"),
    )
    return organismo


@time_machine.travel(ADESSO, tick=False)
def test_pagina_dell_organismo_rispetta_il_consenso(client, consulta):
    pagina = client.get(consulta.get_absolute_url()).content.decode()
    assert "Rosa Pubblica" in pagina
    assert "Auser di quartiere" in pagina
    assert "Riservato" not in pagina
    assert "Nascosto" not in pagina
    assert "1 residente (nome non pubblicato)" in pagina


@time_machine.travel(ADESSO, tick=False)
def test_pagina_dell_organismo_mostra_riunioni_verbali_richieste_e_patto(client, consulta, staff):
    crea_riunione(consulta, inizio=ADESSO + dt.timedelta(days=3), ordine_del_giorno="Parco giochi")
    passata = crea_riunione(
        consulta, inizio=ADESSO - dt.timedelta(days=20), verbale="Si è deciso di chiedere."
    )
    crea_richiesta(consulta, staff, titolo="Nuove panchine", riunione=passata)
    crea_richiesta(
        consulta,
        staff,
        titolo="Più luce",
        stato=Richiesta.Stato.RISPOSTA,
        risposta="Fatto",
        risposta_il=OGGI - dt.timedelta(days=2),
    )
    patto = Patto.objects.create(organismo=consulta, anno=2025, obiettivi="Strade scolastiche")
    patto.accordi.add(crea_accordo(titolo="Accordo Santa Croce"))
    pagina = client.get(consulta.get_absolute_url()).content.decode()
    for testo in (
        "Parco giochi",
        "Si è deciso di chiedere.",
        "Nuove panchine",
        "Più luce",
        "risposta in 8 giorni",
        "Strade scolastiche",
        "Accordo Santa Croce",
    ):
        assert testo in pagina


def test_organismo_non_pubblicato_e_404(client):
    organismo = crea_organismo(pubblicato=False)
    assert client.get(organismo.get_absolute_url()).status_code == 404


@time_machine.travel(ADESSO, tick=False)
def test_lista_filtra_per_tipo_e_ambito(client, consulta):
    ambito = crea_ambito(nome="Ambito Z")
    rete = crea_organismo(nome="Rete sociale Z", tipo="rete_sociale")
    rete.quartieri.add(crea_quartiere(ambito=ambito))
    url = reverse("quartieri:partecipazione")
    assert list(client.get(url, {"tipo": "rete_sociale"}).context["object_list"]) == [rete]
    assert list(client.get(url, {"ambito": ambito.pk}).context["object_list"]) == [rete]
    assert client.get(url, {"tipo": "inventato"}).status_code == 200


@time_machine.travel(ADESSO, tick=False)
def test_richieste_mostrano_ritardo_e_tempi(client, consulta, staff):
    crea_richiesta(consulta, staff, titolo="In ritardo", inviata_il=OGGI - dt.timedelta(days=75))
    crea_richiesta(crea_organismo(pubblicato=False), staff, titolo="Di un organismo nascosto")
    pagina = client.get(reverse("quartieri:partecipazione_richieste")).content.decode()
    assert "In ritardo" in pagina
    assert "in ritardo di 15 giorni" in pagina
    assert "organismo nascosto" not in pagina
    filtrata = client.get(reverse("quartieri:partecipazione_richieste"), {"scadute": "on"})
    assert [r.titolo for r in filtrata.context["object_list"]] == ["In ritardo"]


@time_machine.travel(ADESSO, tick=False)
def test_calendario_delle_riunioni(client, consulta):
    crea_riunione(consulta, inizio=ADESSO + dt.timedelta(days=3))
    risposta = client.get(reverse("quartieri:partecipazione_ics"))
    assert risposta["Content-Type"].startswith("text/calendar")
    assert b"Riunione: Consulta H" in risposta.content
    risposta = client.get(reverse("quartieri:organismo_ics", kwargs={"slug": consulta.slug}))
    assert b"BEGIN:VEVENT" in risposta.content


def test_partecipazione_e_sotto_amministrazione(client):
    assert 'href="/partecipazione/"' in client.get("/amministrazione/").content.decode()


# --- Query counts ------------------------------------------------------------


@pytest.fixture(params=[3, 40], ids=["poche-riunioni", "molte-riunioni"])
def molte_riunioni(request, consulta, staff):
    luogo = crea_luogo()
    for n in range(request.param):
        inizio = ADESSO + dt.timedelta(days=n - request.param // 2)
        riunione = crea_riunione(consulta, inizio=inizio, luogo=luogo)
        crea_richiesta(consulta, staff, riunione=riunione)
    for n in range(request.param // 3 + 1):
        altro = crea_organismo()
        altro.ambiti.add(crea_ambito())
        crea_riunione(altro, inizio=ADESSO + dt.timedelta(days=n + 1))
    return consulta


@time_machine.travel(ADESSO, tick=False)
def test_query_della_pagina_dell_organismo(client, django_assert_max_num_queries, molte_riunioni):
    """Expected queries, whatever the number of meetings and requests:
    1. the body with comune and usual place
    2-3. its ambiti and quartieri
    4. its members in office with organisation and user
    5. its pacts, 6-7. their public agreements and projects
    8. the coming meetings, 9. the past ones (each bounded, with their place)
    10. the latest requests with office and meeting, times computed in the DB
    """
    with django_assert_max_num_queries(10):
        risposta = client.get(molte_riunioni.get_absolute_url())
    assert risposta.status_code == 200


@time_machine.travel(ADESSO, tick=False)
def test_query_della_lista(client, django_assert_max_num_queries, molte_riunioni):
    """Expected queries, whatever the number of bodies and meetings:
    1. count of the filtered bodies (paginator)
    2. the page's bodies with their next meeting (subqueries) and usual place
    3-4. their ambiti and quartieri
    5. the options of the ambito select
    """
    with django_assert_max_num_queries(5) as contate:
        risposta = client.get(reverse("quartieri:partecipazione"))
    assert risposta.status_code == 200
    assert len(contate.captured_queries) == 5


@time_machine.travel(ADESSO, tick=False)
def test_query_delle_richieste(client, django_assert_max_num_queries, molte_riunioni):
    """Expected queries, whatever the number of requests:
    1. count of the filtered requests (paginator)
    2. the page's requests with body, office and meeting, times computed in the DB
    3. the options of the organismo select
    """
    with django_assert_max_num_queries(3):
        risposta = client.get(reverse("quartieri:partecipazione_richieste"))
    assert risposta.status_code == 200
