"""Bad input in the address never answers 500: page numbers and dates out of range."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import crea_incarico, crea_opportunita, crea_ore

pytestmark = pytest.mark.django_db

# Past PostgreSQL's bigint once multiplied by a page size: "bigint out of range" in OFFSET.
PAGINE_ASSURDE = ["922337203685477581", "99999999999999999999999999", "0", "x"]


def _elenchi(casa, utente_staff) -> list[str]:
    return [
        reverse("quartieri:luoghi"),
        reverse("quartieri:servizi"),
        reverse("quartieri:attivita"),
        reverse("quartieri:partecipazione"),
        reverse("quartieri:partecipazione_richieste"),
        reverse("accordi:lista"),
        reverse("accordi:enti"),
        reverse("accordi:staff_accordi"),
        reverse("volontari:opportunita"),
        reverse("volontari:tutor"),
        reverse("gestione:home"),
        reverse("gestione:attivita_lista", kwargs={"slug": casa.slug}),
        reverse("portal:report"),
        reverse("admin:volontari_orevolontariato_changelist"),
    ]


@pytest.mark.parametrize("pagina", PAGINE_ASSURDE)
def test_numeri_di_pagina_assurdi_non_rispondono_500(client, staff, casa, pagina):
    client.force_login(staff)
    for url in _elenchi(casa, staff):
        risposta = client.get(url, {"page": pagina, "p": pagina})
        assert risposta.status_code in (200, 302, 404), (url, risposta.status_code)


@pytest.fixture
def incarico(casa, tutor):
    return crea_incarico(opportunita=crea_opportunita(casa, tutor=tutor))


def test_coda_del_tutor_oltre_l_ultima_pagina_mostra_l_ultima(client, tutor, incarico):
    crea_ore(incarico)
    client.force_login(tutor)
    risposta = client.get(reverse("volontari:tutor"), {"page": "922337203685477581"})
    assert risposta.status_code == 200
    assert risposta.context["pagina"].number == 1
    assert len(risposta.context["righe_coda"]) == 1


def test_ore_del_volontario_oltre_l_ultima_pagina(client, tutor, incarico):
    crea_ore(incarico)
    client.force_login(tutor)
    url = reverse("volontari:tutor_volontario", kwargs={"pk": incarico.volontario_id})
    assert client.get(url, {"page": "922337203685477581"}).status_code == 200


def test_attivita_oltre_l_ultima_pagina_e_404(client):
    assert (
        client.get(reverse("quartieri:attivita"), {"page": "922337203685477581"}).status_code == 404
    )


DATE_ESTREME = ["9999-12-31", "0001-01-01"]


@pytest.mark.parametrize("data", DATE_ESTREME)
def test_settimana_fuori_dal_calendario_e_un_errore_del_modulo(
    client, community_manager, casa, data
):
    client.force_login(community_manager)
    risposta = client.get(reverse("gestione:settimana"), {"settimana": data}, follow=True)
    assert risposta.status_code == 200
    assert "La data indicata non è valida" in risposta.content.decode()


@pytest.mark.parametrize("data", DATE_ESTREME)
def test_date_estreme_nei_filtri_del_calendario(client, data):
    for url in [reverse("quartieri:attivita"), reverse("quartieri:attivita_ics_tutte")]:
        for campi in [{"dal": data}, {"al": data}, {"dal": data, "al": data}]:
            risposta = client.get(url, campi)
            assert risposta.status_code in (200, 400), (url, campi, risposta.status_code)


@pytest.mark.parametrize("data", DATE_ESTREME)
def test_report_con_settimana_fuori_dal_calendario(client, staff, casa, data):
    client.force_login(staff)
    dati = {"tipo": "programma_settimanale", "formato": "pdf", "settimana": data, "luogo": casa.pk}
    risposta = client.post(reverse("portal:report_richiedi"), dati)
    assert risposta.status_code in (200, 400)
    assert "settimana" in risposta.context["form"].errors


@pytest.mark.parametrize("data", DATE_ESTREME)
def test_attestato_con_date_fuori_dal_calendario(client, incarico, data):
    from tests.conftest import crea_utente

    utente = crea_utente("volontaria@esempio.test")
    incarico.volontario.user = utente
    incarico.volontario.save()
    client.force_login(utente)
    risposta = client.get(reverse("volontari:certificato"), {"dal": data, "al": data})
    assert risposta.status_code in (200, 400)


@pytest.mark.parametrize(
    "campi",
    [
        {"inizio": "9999-12-31T10:00", "fine": "9999-12-31T12:00"},
        {
            "inizio": "9999-12-20T10:00",
            "fine": "9999-12-20T12:00",
            "settimanale": "on",
            "ripeti_fino_al": "9999-12-31",
        },
        {"inizio": "0001-01-01T10:00", "fine": "0001-01-01T12:00"},
        {
            "inizio": "2026-03-05T15:00",
            "fine": "9999-12-31T12:00",
            "settimanale": "on",
            "ripeti_fino_al": "2026-06-05",
        },
    ],
)
def test_attivita_in_date_estreme_e_un_errore_del_modulo(client, casa, community_manager, campi):
    from quartieri.models import Attivita

    client.force_login(community_manager)
    dati = {
        "titolo": "Tombola",
        "tipo": "evento",
        "pubblico": "tutti",
        "pubblica": "on",
        "gratuita": "on",
        **campi,
    }
    risposta = client.post(reverse("gestione:attivita_nuova", kwargs={"slug": casa.slug}), dati)
    assert risposta.status_code == 400
    assert not Attivita.objects.exists()
