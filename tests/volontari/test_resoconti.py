"""Registered volunteers' hours entered from an activity log (volontari.views.resoconti)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from quartieri.models import Resoconto
from tests.factories import crea_attivita, crea_incarico, crea_opportunita, crea_ore
from volontari.models import OreVolontariato

pytestmark = pytest.mark.django_db
GIORNO = dt.date(2025, 3, 4)


@pytest.fixture(autouse=True)
def _oggi():
    with time_machine.travel(dt.datetime(2025, 3, 10, 12, 0), tick=False):
        yield


@pytest.fixture
def resoconto(casa, community_manager):
    """The log of an afternoon at `casa` on GIORNO."""
    inizio = dt.datetime(2025, 3, 4, 16, tzinfo=dt.UTC)
    occorrenza = crea_attivita(casa, inizio=inizio, titolo="Merenda insieme").occorrenze.get()
    return Resoconto.objects.create(
        occorrenza=occorrenza, partecipanti_totale=0, autore=community_manager
    )


def _url(resoconto) -> str:
    return reverse("volontari:ore_resoconto", kwargs={"pk": resoconto.pk})


@pytest.mark.parametrize("persona", ["community_manager", "tutor", "staff"])
def test_chi_segue_il_luogo_registra_le_ore_dal_resoconto(
    client, request, persona, resoconto, incarico
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(resoconto)).status_code == 200
    risposta = client.post(_url(resoconto), {f"ore_{incarico.pk}": "2.25"})
    assert risposta.status_code == 302
    voce = OreVolontariato.objects.get()
    assert (voce.resoconto, voce.incarico, voce.data, voce.ore, voce.stato) == (
        resoconto,
        incarico,
        GIORNO,
        Decimal("2.25"),
        "in_attesa",
    )
    assert voce.attivita_svolta == "Merenda insieme"


@pytest.mark.parametrize("persona", ["altro_community_manager", "altro_tutor", "cittadino"])
def test_altri_ricevono_404(client, request, persona, resoconto, incarico):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(resoconto)).status_code == 404
    assert client.post(_url(resoconto), {f"ore_{incarico.pk}": "2"}).status_code == 404
    assert not OreVolontariato.objects.exists()


def test_anonimo_va_al_login(client, resoconto):
    risposta = client.get(_url(resoconto))
    assert risposta.status_code == 302
    assert risposta.url.startswith(reverse("account_login"))


def test_elenca_solo_gli_incarichi_attivi_quel_giorno_nel_luogo(
    client, community_manager, resoconto, incarico, opportunita, altro_incarico
):
    finito = crea_incarico(opportunita=opportunita, data_fine=dt.date(2025, 3, 1))
    futuro = crea_incarico(opportunita=opportunita, data_inizio=dt.date(2025, 3, 5))
    client.force_login(community_manager)
    form = client.get(_url(resoconto)).context["form"]
    assert form.incarichi == [incarico]
    assert {finito.pk, futuro.pk, altro_incarico.pk}.isdisjoint(i.pk for i in form.incarichi)


def test_il_tutor_vede_solo_i_suoi_volontari_del_luogo(
    client, tutor, altro_tutor, casa, resoconto, incarico
):
    di_altri = crea_incarico(opportunita=crea_opportunita(casa, tutor=altro_tutor))
    client.force_login(tutor)
    assert client.get(_url(resoconto)).context["form"].incarichi == [incarico]
    client.force_login(altro_tutor)
    assert client.get(_url(resoconto)).context["form"].incarichi == [di_altri]


def test_ore_non_a_quarti_d_ora_mostrano_errore(client, community_manager, resoconto, incarico):
    client.force_login(community_manager)
    risposta = client.post(_url(resoconto), {f"ore_{incarico.pk}": "1.1"})
    assert risposta.status_code == 400
    assert escape("quarti d'ora") in risposta.content.decode()
    assert not OreVolontariato.objects.exists()


def test_ore_gia_registrate_quel_giorno_sono_rifiutate(
    client, community_manager, resoconto, incarico, opportunita
):
    secondo = crea_incarico(opportunita=opportunita)
    crea_ore(secondo, data=GIORNO)
    client.force_login(community_manager)
    risposta = client.post(_url(resoconto), {f"ore_{incarico.pk}": "2", f"ore_{secondo.pk}": "1"})
    assert risposta.status_code == 400
    assert "già registrate" in risposta.content.decode()
    # All or nothing: the first volunteer's hours are not written either.
    assert OreVolontariato.objects.count() == 1


def test_nessuna_ora_indicata(client, community_manager, resoconto, incarico):
    client.force_login(community_manager)
    risposta = client.post(_url(resoconto), {})
    assert risposta.status_code == 400
    assert "almeno un volontario" in risposta.content.decode()


@pytest.mark.parametrize("quante", [1, 20])
def test_pagina_con_numero_costante_di_query(
    client, community_manager, resoconto, opportunita, django_assert_max_num_queries, quante
):
    """Session and user (2); the log with occurrence, activity and place (1); the active
    enrolments with volunteers and opportunities (1); the linked entries with volunteers
    and opportunities (1); whether the user manages the place, for the breadcrumb (1)."""
    for _n in range(quante):
        crea_ore(crea_incarico(opportunita=opportunita), data=GIORNO, resoconto=resoconto)
    client.force_login(community_manager)
    with django_assert_max_num_queries(6):
        risposta = client.get(_url(resoconto))
    assert risposta.status_code == 200
    assert len(risposta.context["form"].incarichi) == quante


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pagina_senza_violazioni_axe(
    pagina_telefono, live_server, community_manager, resoconto, incarico
):
    from tests.conftest import accedi_nel_browser, violazioni_axe

    crea_ore(incarico, data=GIORNO, resoconto=resoconto)
    accedi_nel_browser(pagina_telefono, live_server, community_manager)
    pagina_telefono.goto(_url(resoconto))
    assert violazioni_axe(pagina_telefono) == []
