"""The role predicates of portal.ruoli, persona by persona."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from portal.ruoli import usa_area_gestione

pytestmark = pytest.mark.django_db

# persona -> may work in the management area and in /report/
AREA_GESTIONE = {
    "anonimo": False,
    "cittadino": False,
    "tutor": False,
    "community_manager": True,
    "staff": True,
}


@pytest.mark.parametrize("persona", AREA_GESTIONE)
def test_usa_area_gestione_per_ruolo(request, persona):
    utente = AnonymousUser() if persona == "anonimo" else request.getfixturevalue(persona)
    assert usa_area_gestione(utente) is AREA_GESTIONE[persona]


def test_un_account_disattivato_non_usa_l_area_gestione(community_manager):
    community_manager.is_active = False
    assert usa_area_gestione(community_manager) is False


@pytest.mark.parametrize("persona", ["cittadino", "tutor", "community_manager", "staff"])
def test_la_pagina_dei_report_ammette_chi_usa_l_area_gestione(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    risposta = client.get(reverse("portal:report"))
    assert risposta.status_code == (200 if AREA_GESTIONE[persona] else 403)
