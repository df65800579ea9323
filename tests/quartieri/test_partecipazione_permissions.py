"""Who manages a body and who answers a request: each persona allowed and refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from quartieri.models import Membro, Organismo, Richiesta, Riunione
from quartieri.services import partecipazione as servizi
from tests.quartieri.partecipazione_dati import crea_membro, crea_organismo, crea_richiesta

pytestmark = pytest.mark.django_db


@pytest.fixture
def consulta(community_manager):
    """A Consulta coordinated by `community_manager`."""
    organismo = crea_organismo(nome="Consulta H")
    crea_membro(organismo, ruolo=Membro.Ruolo.COORDINATORE, utente=community_manager)
    return organismo


@pytest.fixture
def altra_consulta(altro_community_manager):
    organismo = crea_organismo(nome="Consulta A")
    crea_membro(organismo, ruolo=Membro.Ruolo.FACILITATORE, utente=altro_community_manager)
    return organismo


@pytest.fixture
def richiesta(consulta, tutor):
    """A request of `consulta` addressed to `tutor`, the owner in the office."""
    return crea_richiesta(consulta, tutor)


def test_gestibili_da_per_ogni_persona(
    consulta, altra_consulta, staff, community_manager, tutor, cittadino
):
    assert set(Organismo.objects.gestibili_da(staff)) == {consulta, altra_consulta}
    assert list(Organismo.objects.gestibili_da(community_manager)) == [consulta]
    assert not Organismo.objects.gestibili_da(tutor).exists()
    assert not Organismo.objects.gestibili_da(cittadino).exists()
    assert consulta.gestibile_da(community_manager)
    assert not altra_consulta.gestibile_da(community_manager)


def test_un_membro_eletto_non_gestisce(consulta, cittadino):
    crea_membro(consulta, ruolo=Membro.Ruolo.ELETTO, utente=cittadino)
    assert not consulta.gestibile_da(cittadino)


def test_un_coordinatore_scaduto_non_gestisce_piu(consulta, cittadino):
    crea_membro(
        consulta,
        ruolo=Membro.Ruolo.COORDINATORE,
        utente=cittadino,
        dal=dt.date(2020, 1, 1),
        al=dt.date(2021, 1, 1),
    )
    assert not consulta.gestibile_da(cittadino)


def test_coordinatore_apre_la_gestione_del_suo_organismo(client, consulta, community_manager):
    client.force_login(community_manager)
    url = reverse("gestione:partecipazione_organismo", kwargs={"slug": consulta.slug})
    assert client.get(url).status_code == 200
    assert client.get(reverse("gestione:partecipazione")).status_code == 200


def test_coordinatore_di_altro_organismo_riceve_404(client, consulta, altro_community_manager):
    client.force_login(altro_community_manager)
    for nome in ("partecipazione_organismo", "partecipazione_riunione_nuova"):
        url = reverse(f"gestione:{nome}", kwargs={"slug": consulta.slug})
        assert client.get(url).status_code == 404


def test_cittadino_senza_incarichi_riceve_403(client, cittadino):
    client.force_login(cittadino)
    assert client.get(reverse("gestione:partecipazione")).status_code == 403


def test_anonimo_va_al_login(anonimo, consulta):
    url = reverse("gestione:partecipazione_organismo", kwargs={"slug": consulta.slug})
    assert "/account/login/" in anonimo.get(url)["Location"]


def test_coordinatore_registra_una_riunione(client, consulta, community_manager):
    client.force_login(community_manager)
    url = reverse("gestione:partecipazione_riunione_nuova", kwargs={"slug": consulta.slug})
    risposta = client.post(
        url, {"inizio": "2026-04-02T20:45", "fine": "2026-04-02T22:45", "verbale": "Fatto."}
    )
    assert risposta.status_code == 302
    assert Riunione.objects.get().organismo == consulta


def test_coordinatore_di_altro_organismo_non_registra_riunioni(
    client, consulta, altro_community_manager
):
    client.force_login(altro_community_manager)
    url = reverse("gestione:partecipazione_riunione_nuova", kwargs={"slug": consulta.slug})
    risposta = client.post(url, {"inizio": "2026-04-02T20:45", "fine": "2026-04-02T22:45"})
    assert risposta.status_code == 404
    assert not Riunione.objects.exists()


def test_riunione_sbagliata_dalla_gestione_mostra_l_errore(client, consulta, community_manager):
    client.force_login(community_manager)
    url = reverse("gestione:partecipazione_riunione_nuova", kwargs={"slug": consulta.slug})
    risposta = client.post(url, {"inizio": "2026-04-02T20:45", "fine": "2026-04-02T19:00"})
    assert risposta.status_code == 200
    assert "finire dopo l&#x27;inizio" in risposta.content.decode()
    assert not Riunione.objects.exists()


def test_coordinatore_registra_una_richiesta(client, consulta, community_manager, tutor):
    from tests.quartieri.partecipazione_dati import crea_ufficio

    client.force_login(community_manager)
    url = reverse("gestione:partecipazione_richiesta_nuova", kwargs={"slug": consulta.slug})
    risposta = client.post(
        url,
        {
            "titolo": "Più panchine",
            "testo": "Chiediamo panchine nel parco.",
            "ufficio": crea_ufficio().pk,
            "responsabile": tutor.pk,
            "inviata_il": "2026-03-01",
        },
    )
    assert risposta.status_code == 302, risposta.context["form"].errors
    richiesta = Richiesta.objects.get()
    assert richiesta.scadenza == dt.date(2026, 4, 30)


def test_coordinatore_chiude_la_richiesta_del_suo_organismo(
    client, consulta, richiesta, community_manager
):
    client.force_login(community_manager)
    url = reverse(
        "gestione:partecipazione_richiesta_chiudi",
        kwargs={"slug": consulta.slug, "pk": richiesta.pk},
    )
    assert client.post(url).status_code == 302
    richiesta.refresh_from_db()
    assert richiesta.stato == Richiesta.Stato.CHIUSA


def test_altro_coordinatore_non_chiude_la_richiesta(
    client, richiesta, altra_consulta, altro_community_manager
):
    client.force_login(altro_community_manager)
    url = reverse(
        "gestione:partecipazione_richiesta_chiudi",
        kwargs={"slug": richiesta.organismo.slug, "pk": richiesta.pk},
    )
    assert client.post(url).status_code == 404
    richiesta.refresh_from_db()
    assert richiesta.stato == Richiesta.Stato.INVIATA


def test_rispondibili_da_per_ogni_persona(richiesta, staff, tutor, community_manager, cittadino):
    assert list(Richiesta.objects.rispondibili_da(tutor)) == [richiesta]
    assert list(Richiesta.objects.rispondibili_da(staff)) == [richiesta]
    assert not Richiesta.objects.rispondibili_da(community_manager).exists()
    assert not Richiesta.objects.rispondibili_da(cittadino).exists()
    assert richiesta.rispondibile_da(tutor)
    assert not richiesta.rispondibile_da(community_manager)


def test_il_responsabile_prende_in_carico_e_risponde(client, richiesta, tutor):
    client.force_login(tutor)
    url = reverse("gestione:partecipazione_richiesta", kwargs={"pk": richiesta.pk})
    assert client.get(reverse("gestione:partecipazione")).status_code == 200
    assert client.post(url, {"presa_in_carico": "1"}).status_code == 302
    assert client.post(url, {"risposta": "Sopralluogo fissato."}).status_code == 302
    richiesta.refresh_from_db()
    assert richiesta.stato == Richiesta.Stato.RISPOSTA
    assert richiesta.risposta == "Sopralluogo fissato."


def test_il_coordinatore_vede_la_richiesta_ma_non_risponde(client, richiesta, community_manager):
    client.force_login(community_manager)
    url = reverse("gestione:partecipazione_richiesta", kwargs={"pk": richiesta.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"risposta": "Risposta abusiva"}).status_code == 403
    richiesta.refresh_from_db()
    assert richiesta.risposta == ""


def test_un_altro_ufficio_riceve_404(client, richiesta, cittadino):
    client.force_login(cittadino)
    url = reverse("gestione:partecipazione_richiesta", kwargs={"pk": richiesta.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"risposta": "No"}).status_code == 404


def test_risposta_a_richiesta_chiusa_dalla_pagina_mostra_l_errore(client, richiesta, tutor):
    Richiesta.objects.filter(pk=richiesta.pk).update(stato=Richiesta.Stato.CHIUSA)
    client.force_login(tutor)
    url = reverse("gestione:partecipazione_richiesta", kwargs={"pk": richiesta.pk})
    risposta = client.post(url, {"risposta": "Troppo tardi"})
    assert risposta.status_code == 200
    assert "chiusa" in risposta.content.decode()
    richiesta.refresh_from_db()
    assert richiesta.risposta == ""


def test_servizi_rifiutano_chi_non_puo(richiesta, community_manager, altro_community_manager):
    with pytest.raises(PermissionDenied):
        servizi.rispondi(richiesta=richiesta, testo="x", utente=community_manager)
    with pytest.raises(PermissionDenied):
        servizi.prendi_in_carico(richiesta=richiesta, utente=community_manager)
    with pytest.raises(PermissionDenied):
        servizi.chiudi(richiesta=richiesta, utente=altro_community_manager)


def test_richiesta_inviata_nell_anno_9999_e_un_errore_del_modulo(
    client, consulta, community_manager, tutor
):
    """The due date is the sending date plus the days to answer: in 9999 it overflowed (500)."""
    from tests.quartieri.partecipazione_dati import crea_ufficio

    client.force_login(community_manager)
    url = reverse("gestione:partecipazione_richiesta_nuova", kwargs={"slug": consulta.slug})
    dati = {
        "titolo": "Più panchine",
        "testo": "Chiediamo panchine nel parco.",
        "ufficio": crea_ufficio().pk,
        "responsabile": tutor.pk,
        "inviata_il": "9999-12-31",
    }
    risposta = client.post(url, dati)
    assert risposta.status_code == 200
    assert "inviata_il" in risposta.context["form"].errors
    assert not Richiesta.objects.exists()
