"""Argomenti: the modello's vocabulary, the topics page, each topic's page, the tagging."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from accordi.models import Accordo
from portal.argomenti import VOCABOLARIO_ARGOMENTI
from portal.models import Argomento
from tests.factories import (
    crea_accordo,
    crea_argomento,
    crea_attivita,
    crea_luogo,
    crea_novita,
    crea_servizio,
)

pytestmark = pytest.mark.django_db


def test_la_migrazione_carica_argomenti_del_vocabolario_del_modello():
    nomi = list(Argomento.objects.values_list("nome", flat=True))
    assert len(nomi) >= 8
    assert set(nomi) <= set(VOCABOLARIO_ARGOMENTI)
    assert {"Assistenza sociale", "Associazioni", "Tempo libero", "Spazio Verde"} <= set(nomi)


def test_un_nome_fuori_dal_vocabolario_e_rifiutato():
    with pytest.raises(ValidationError) as errore:
        Argomento(nome="Bocciofila", slug="bocciofila").full_clean()
    assert "nome" in errore.value.message_dict


def test_la_home_porta_alla_pagina_degli_argomenti(client):
    html = client.get("/").content.decode()
    assert f'href="{reverse("portal:argomenti")}" data-element="all-topics"' in html


def test_ogni_argomento_e_un_topic_element_col_solo_nome(client):
    html = client.get(reverse("portal:argomenti")).content.decode()
    for argomento in Argomento.objects.all():
        assert (
            f'href="{argomento.get_absolute_url()}" data-element="topic-element">'
            f"{escape(argomento.nome)}</a>"
        ) in html


def test_pagina_argomenti_query_costanti(client, django_assert_max_num_queries):
    """Expected queries: 1. the topics."""
    with django_assert_max_num_queries(1):
        assert client.get(reverse("portal:argomenti")).status_code == 200


def test_la_pagina_dell_argomento_elenca_cio_che_lo_porta(client, casa):
    sport = crea_argomento("Sport")
    altro = crea_argomento("Istruzione")
    casa.argomenti.add(sport)
    servizio = crea_servizio(casa, titolo="Ginnastica dolce")
    servizio.argomenti.add(sport)
    attivita = crea_attivita(casa, titolo="Torneo di bocce")
    attivita.argomenti.add(sport)
    accordo = crea_accordo(titolo="Parco di tutti")
    accordo.argomenti.add(sport)
    novita = crea_novita(casa, titolo="Iscrizioni al torneo")
    novita.argomenti.add(sport)
    senza = crea_servizio(casa, titolo="Doposcuola")
    senza.argomenti.add(altro)

    html = client.get(sport.get_absolute_url()).content.decode()
    for titolo in (casa.nome, "Ginnastica dolce", "Torneo di bocce", "Parco di tutti"):
        assert titolo in html
    assert "Iscrizioni al torneo" in html
    assert novita.get_absolute_url() in html
    assert attivita.occorrenze.get().get_absolute_url() in html
    assert "Doposcuola" not in html


def test_la_pagina_dell_argomento_non_mostra_cio_che_non_e_pubblico(client, casa):
    sport = crea_argomento("Sport")
    nascosto = crea_luogo(nome="Casa chiusa", pubblicato=False)
    nascosto.argomenti.add(sport)
    interna = crea_attivita(casa, titolo="Riunione interna", pubblica=False)
    interna.argomenti.add(sport)
    riservato = crea_accordo(titolo="Accordo in ascolto", stato=Accordo.Stato.ASCOLTO)
    riservato.argomenti.add(sport)

    html = client.get(sport.get_absolute_url()).content.decode()
    for titolo in ("Casa chiusa", "Riunione interna", "Accordo in ascolto"):
        assert titolo not in html


def test_un_tipo_solo_pagina_per_pagina(client):
    sport = crea_argomento("Sport")
    for n in range(25):
        crea_luogo(nome=f"Palestra {n:02d}").argomenti.add(sport)
    risposta = client.get(sport.get_absolute_url(), {"tipo": "luoghi"})
    (gruppo,) = risposta.context["gruppi"]
    assert gruppo.numero == 25
    assert len(gruppo.risultati) == 20
    seconda = client.get(sport.get_absolute_url(), {"tipo": "luoghi", "page": 2})
    assert len(seconda.context["gruppi"][0].risultati) == 5
    # Without ?tipo= the group shows its first rows and links to the rest.
    assert "?tipo=luoghi" in client.get(sport.get_absolute_url()).content.decode()


def test_argomento_sconosciuto_e_404(client):
    assert client.get(reverse("portal:argomento", args=["bocciofila"])).status_code == 404


@pytest.mark.parametrize("numero", [1, 15])
def test_pagina_argomento_query_costanti(client, django_assert_max_num_queries, numero):
    """Expected queries: 1. the topic, then for each of the 5 kinds (places, services,
    activities, news, agreements) 2. its count and 3. its first rows with what they show."""
    sport = crea_argomento("Sport")
    for _ in range(numero):
        luogo = crea_luogo()
        luogo.argomenti.add(sport)
        crea_servizio(luogo).argomenti.add(sport)
        crea_attivita(luogo).argomenti.add(sport)
        crea_novita(luogo).argomenti.add(sport)
        crea_accordo().argomenti.add(sport)
    with django_assert_max_num_queries(11):
        risposta = client.get(sport.get_absolute_url())
    assert [g.numero for g in risposta.context["gruppi"]] == [numero] * 5


# --- Tagging where content is edited -----------------------------------------


def test_il_manager_sceglie_gli_argomenti_del_suo_servizio(client, casa, community_manager):
    from quartieri.models import Servizio

    sport, tempo_libero = crea_argomento("Sport"), crea_argomento("Tempo libero")
    servizio = crea_servizio(casa)
    client.force_login(community_manager)
    risposta = client.post(
        reverse("gestione:servizio", kwargs={"slug": casa.slug, "pk": servizio.pk}),
        {
            "categoria": servizio.categoria_id,
            "titolo": servizio.titolo,
            "descrizione": "",
            "pubblico": "tutti",
            "gratuito": "on",
            "costo": "",
            "usa_orari_luogo": "on",
            "pubblicato": "on",
            "argomenti": [sport.pk, tempo_libero.pk],
            "fasce-TOTAL_FORMS": "0",
            "fasce-INITIAL_FORMS": "0",
        },
    )
    assert risposta.status_code == 302
    assert set(Servizio.objects.get().argomenti.all()) == {sport, tempo_libero}


def test_il_manager_sceglie_gli_argomenti_della_sua_casa(client, casa, community_manager):
    spazio_verde = crea_argomento("Spazio Verde")
    client.force_login(community_manager)
    risposta = client.post(
        reverse("gestione:luogo", kwargs={"slug": casa.slug}),
        {"descrizione": casa.descrizione, "argomenti": [spazio_verde.pk]},
    )
    assert risposta.status_code == 302
    assert list(casa.argomenti.all()) == [spazio_verde]


def test_salva_attivita_registra_gli_argomenti(casa, community_manager):
    from quartieri.services.attivita import salva_attivita

    sport = crea_argomento("Sport")
    attivita = crea_attivita(casa)
    salva_attivita(attivita=attivita, argomenti=[sport], utente=community_manager)
    assert list(attivita.argomenti.all()) == [sport]
