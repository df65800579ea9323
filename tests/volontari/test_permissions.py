"""Who may do what in the volontari app: persona × action → expected outcome."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.factories import crea_ore
from volontari.models import Candidatura

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _oggi():
    with time_machine.travel(dt.datetime(2025, 3, 10, 12, 0), tick=False):
        yield


@pytest.fixture
def persone(volontario, tutor, altro_tutor, community_manager, staff, cittadino):
    return {
        "volontario": volontario.user,
        "tutor": tutor,
        "altro_tutor": altro_tutor,
        "community_manager": community_manager,
        "staff": staff,
        "cittadino": cittadino,
        "anonimo": None,
    }


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


MATRICE = [
    # persona, area tutor, volontario di questo tutor, candidatura, ore di gruppo, registro
    ("volontario", 403, 403, 403, 403, 403),
    ("tutor", 200, 200, 200, 200, 403),
    ("altro_tutor", 200, 404, 404, 404, 403),
    ("community_manager", 200, 200, 404, 200, 200),
    ("staff", 200, 200, 200, 200, 200),
    ("cittadino", 403, 403, 403, 403, 403),
    ("anonimo", 302, 302, 302, 302, 302),
]


@pytest.mark.parametrize(("persona", "area", "volontario_", "cand", "gruppo", "reg"), MATRICE)
def test_matrice_dei_permessi(
    client, persone, incarico, opportunita, persona, area, volontario_, cand, gruppo, reg
):
    candidatura = Candidatura.objects.create(
        volontario=incarico.volontario, opportunita=opportunita
    )
    user = persone[persona]
    urls = [
        (reverse("volontari:tutor"), area),
        (reverse("volontari:tutor_volontario", kwargs={"pk": incarico.volontario_id}), volontario_),
        (reverse("volontari:tutor_candidatura", kwargs={"pk": candidatura.pk}), cand),
        (reverse("volontari:tutor_ore_gruppo", kwargs={"pk": opportunita.pk}), gruppo),
        (reverse("volontari:registro_csv"), reg),
    ]
    assert [_get(client, user, url) for url, _atteso in urls] == [a for _u, a in urls]


def test_tutor_riceve_404_per_volontario_di_altro_tutor(client, tutor, altro_incarico):
    client.force_login(tutor)
    url = reverse("volontari:tutor_volontario", kwargs={"pk": altro_incarico.volontario_id})
    assert client.get(url).status_code == 404


def test_manager_di_altra_casa_riceve_404(client, altro_community_manager, incarico):
    client.force_login(altro_community_manager)
    url = reverse("volontari:tutor_volontario", kwargs={"pk": incarico.volontario_id})
    assert client.get(url).status_code == 404
    url = reverse("volontari:tutor_ore_gruppo", kwargs={"pk": incarico.opportunita_id})
    assert client.get(url).status_code == 404


def test_volontario_non_registra_ore_in_incarichi_altrui(client, volontario, altro_incarico):
    client.force_login(volontario.user)
    risposta = client.post(
        reverse("volontari:registra_ore"),
        {
            "incarico": altro_incarico.pk,
            "data": "2025-03-04",
            "ore": "2",
            "attivita_svolta": "x",
        },
    )
    assert "incarico" in risposta.context["form"].errors
    assert not altro_incarico.ore.exists()


def test_altro_tutor_non_vede_le_ore_nella_coda(client, altro_tutor, incarico):
    crea_ore(incarico)
    client.force_login(altro_tutor)
    risposta = client.get(reverse("volontari:tutor"))
    assert list(risposta.context["pagina"].object_list) == []
