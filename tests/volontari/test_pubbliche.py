"""The public pages: /volontariato/ and an opportunity's page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import resolve, reverse

from tests.conftest import crea_utente
from tests.factories import (
    crea_accordo,
    crea_ambito,
    crea_incarico,
    crea_luogo,
    crea_opportunita,
    crea_progetto,
    crea_quartiere,
    crea_volontario,
)
from volontari.models import Candidatura, Opportunita

pytestmark = pytest.mark.django_db

LISTA = "/volontariato/"


def _titoli(risposta) -> list[str]:
    return [o.titolo for o, _giorni, _chiave in risposta.context["righe"]]


def test_elenco_mostra_solo_le_opportunita_aperte(client, casa):
    crea_opportunita(casa, titolo="Biblioteca aperta")
    crea_opportunita(casa, titolo="Museo chiuso", aperta=False)
    risposta = client.get(LISTA)
    assert risposta.status_code == 200
    assert _titoli(risposta) == ["Biblioteca aperta"]
    assert reverse("volontari:opportunita") == LISTA


@time_machine.travel(dt.datetime(2025, 3, 4, 10, tzinfo=dt.UTC), tick=False)
def test_posti_liberi_contano_solo_gli_incarichi_attivi(client, casa):
    opportunita = crea_opportunita(casa, titolo="Orti", posti=3)
    crea_incarico(opportunita=opportunita, data_inizio=dt.date(2025, 1, 1))
    crea_incarico(
        opportunita=opportunita, data_inizio=dt.date(2024, 1, 1), data_fine=dt.date(2024, 12, 31)
    )
    crea_incarico(opportunita=opportunita, data_inizio=dt.date(2025, 6, 1))
    risposta = client.get(LISTA)
    (riga, _giorni, _chiave), *_ = risposta.context["righe"]
    assert riga.posti_liberi == 2
    assert "2 posti liberi" in risposta.content.decode()


def test_posti_liberi_di_ogni_richiesta_e_di_ogni_giorno(client, casa):
    """The places taken are counted once per write and day (views/pubbliche.py)."""
    opportunita = crea_opportunita(casa, titolo="Orti", posti=3)
    crea_incarico(
        opportunita=opportunita, data_inizio=dt.date(2025, 1, 1), data_fine=dt.date(2025, 3, 4)
    )
    with time_machine.travel(dt.datetime(2025, 3, 4, 10, tzinfo=dt.UTC), tick=False):
        assert "2 posti liberi" in client.get(LISTA).content.decode()
        crea_incarico(opportunita=opportunita, data_inizio=dt.date(2025, 3, 1))
        assert "1 posto libero" in client.get(LISTA).content.decode()
    with time_machine.travel(dt.datetime(2025, 3, 5, 10, tzinfo=dt.UTC), tick=False):
        assert "2 posti liberi" in client.get(LISTA).content.decode()


def test_posti_liberi_non_scendono_sotto_zero(client, casa):
    opportunita = crea_opportunita(casa, titolo="Piena", posti=1)
    crea_incarico(opportunita=opportunita)
    crea_incarico(opportunita=opportunita)
    risposta = client.get(reverse("volontari:opportunita_dettaglio", args=[opportunita.slug]))
    assert risposta.context["opportunita"].posti_liberi == 0
    assert "i posti sono tutti occupati" in client.get(LISTA).content.decode()


def test_filtri_per_settore_giorno_quartiere_ambito_luogo_e_testo(client):
    ambito = crea_ambito(nome="Ambito Nord")
    nord = crea_quartiere(ambito, nome="Nord")
    sud = crea_quartiere(nome="Sud")
    luogo_nord = crea_luogo(nord, nome="Casa Nord")
    crea_opportunita(luogo_nord, titolo="Lettura", martedi=True)
    crea_opportunita(
        titolo="Giardini",
        quartiere=sud,
        servizio_comunale=Opportunita.Servizio.AREE_VERDI,
        martedi=False,
        sabato=True,
        competenze="Potatura delle siepi",
    )
    crea_opportunita(
        titolo="Progetto orti",
        tipo=Opportunita.Tipo.PROGETTO_ACCORDO,
        servizio_comunale="",
        progetto=crea_progetto(crea_accordo()),
        quartiere=sud,
    )
    assert _titoli(client.get(LISTA, {"settore": "aree_verdi"})) == ["Giardini"]
    assert _titoli(client.get(LISTA, {"settore": "progetti_accordi"})) == ["Progetto orti"]
    assert _titoli(client.get(LISTA, {"giorno": 5})) == ["Giardini"]
    assert _titoli(client.get(LISTA, {"quartiere": nord.pk})) == ["Lettura"]
    assert _titoli(client.get(LISTA, {"quartiere": sud.pk})) == ["Giardini", "Progetto orti"]
    assert _titoli(client.get(LISTA, {"ambito": ambito.pk})) == ["Lettura"]
    assert _titoli(client.get(LISTA, {"luogo": luogo_nord.pk})) == ["Lettura"]
    assert _titoli(client.get(LISTA, {"q": "siepi"})) == ["Giardini"]


def test_filtro_non_valido_mostra_un_messaggio_non_un_errore(client, casa):
    crea_opportunita(casa)
    risposta = client.get(LISTA, {"giorno": "9", "quartiere": "abc"})
    assert risposta.status_code == 200
    testo = risposta.content.decode()
    assert "Non è stato possibile cercare" in testo
    assert "Scelta non valida" in testo


def test_elenco_paginato(client, casa):
    for n in range(25):
        crea_opportunita(casa, titolo=f"Opportunità {n:02d}")
    prima = client.get(LISTA)
    seconda = client.get(LISTA, {"page": 2})
    assert len(prima.context["righe"]) == 20
    assert len(seconda.context["righe"]) == 5


def test_dettaglio_di_opportunita_chiusa_risponde_404(client, casa):
    opportunita = crea_opportunita(casa, aperta=False)
    url = reverse("volontari:opportunita_dettaglio", args=[opportunita.slug])
    assert client.get(url).status_code == 404


def test_i_percorsi_dell_area_tutor_e_del_profilo_non_finiscono_nel_dettaglio():
    assert resolve("/volontariato/profilo/").url_name == "profilo"
    assert resolve("/volontariato/tutor/").url_name == "tutor"
    assert resolve("/volontariato/lettura/").url_name == "opportunita_dettaglio"


@pytest.mark.parametrize(
    ("persona", "atteso"),
    [
        ("anonimo", "Accedi per candidarti"),
        ("senza_profilo", "Completa il profilo"),
        ("puo_candidarsi", "Invia la candidatura"),
        ("candidatura_inviata", "Ti sei già candidato"),
        ("iscritto", "Fai già parte di questa opportunità"),
    ],
)
def test_dettaglio_guida_chi_vuole_candidarsi(client, casa, persona, atteso):
    opportunita = crea_opportunita(casa, titolo="Lettura ad alta voce")
    if persona != "anonimo":
        user = crea_utente("persona@esempio.test")
        client.force_login(user)
        if persona != "senza_profilo":
            volontario = crea_volontario(user)
            if persona == "candidatura_inviata":
                Candidatura.objects.create(volontario=volontario, opportunita=opportunita)
            elif persona == "iscritto":
                crea_incarico(volontario, opportunita)
    risposta = client.get(reverse("volontari:opportunita_dettaglio", args=[opportunita.slug]))
    assert risposta.context["stato_utente"] == persona
    assert atteso in risposta.content.decode()


def test_dal_dettaglio_ci_si_candida(client, casa, tutor):
    opportunita = crea_opportunita(casa, tutor=tutor, titolo="Lettura ad alta voce")
    user = crea_utente("persona@esempio.test")
    volontario = crea_volontario(user)
    client.force_login(user)
    risposta = client.get(reverse("volontari:opportunita_dettaglio", args=[opportunita.slug]))
    azione = reverse("volontari:candidati", args=[opportunita.slug])
    assert f'action="{azione}"' in risposta.content.decode()
    client.post(azione, {"messaggio": "Il martedì sono libera."})
    assert Candidatura.objects.get(volontario=volontario).opportunita == opportunita


def test_pagine_pubbliche_non_mostrano_dati_personali(client, casa, tutor):
    tutor.last_name = "Tutorissima"
    tutor.save()
    opportunita = crea_opportunita(casa, tutor=tutor, titolo="Lettura ad alta voce")
    volontario = crea_volontario(
        crea_utente("v@esempio.test"),
        nome="Gianna",
        cognome="Riservata",
        telefono="3331234567",
        data_nascita=dt.date(1970, 2, 3),
    )
    crea_incarico(volontario, opportunita)
    for url in (LISTA, reverse("volontari:opportunita_dettaglio", args=[opportunita.slug])):
        testo = client.get(url).content.decode()
        for dato in (
            volontario.codice_fiscale,
            "Riservata",
            "3331234567",
            "03/02/1970",
            "3 febbraio 1970",
            "Tina",
            "Tutorissima",
            tutor.email,
        ):
            assert dato not in testo, dato


def _molte_opportunita(casa, numero: int) -> None:
    progetto = crea_progetto(crea_accordo())
    for n in range(numero):
        opportunita = crea_opportunita(
            crea_luogo(nome=f"Luogo {n}") if n % 2 else casa,
            titolo=f"Opportunità {n:03d}",
            **(
                {
                    "tipo": Opportunita.Tipo.PROGETTO_ACCORDO,
                    "servizio_comunale": "",
                    "progetto": progetto,
                }
                if n % 3 == 0
                else {}
            ),
        )
        crea_incarico(opportunita=opportunita)


@pytest.mark.parametrize("numero", [2, 30])
def test_elenco_con_numero_costante_di_query(client, casa, django_assert_max_num_queries, numero):
    """Queries: the page of opportunities with their places (1), every opportunity's places
    taken (1, once per write), the count for the paginator (1), the filter's select options:
    ambiti, quartieri, luoghi (3)."""
    _molte_opportunita(casa, numero)
    with django_assert_max_num_queries(6):
        risposta = client.get(LISTA, {"giorno": 1})
    assert risposta.status_code == 200


@pytest.mark.parametrize("numero", [2, 30])
def test_dettaglio_con_numero_costante_di_query(
    client, casa, django_assert_max_num_queries, numero
):
    """Queries: session (1), user (1), the opportunity with place, quartiere, project and
    accordo and its free places (1), the visitor's profile (1), enrolled? (1), applied? (1)."""
    _molte_opportunita(casa, numero)
    opportunita = Opportunita.objects.get(titolo="Opportunità 000")
    user = crea_utente("persona@esempio.test")
    crea_volontario(user)
    client.force_login(user)
    with django_assert_max_num_queries(6):
        risposta = client.get(reverse("volontari:opportunita_dettaglio", args=[opportunita.slug]))
    assert risposta.status_code == 200
