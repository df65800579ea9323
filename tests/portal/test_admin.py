"""Only council staff get into the Django admin."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_staff_comunale_entra_nell_admin(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("persona", ["cittadino", "community_manager", "tutor"])
def test_altri_ruoli_sono_respinti_dall_admin(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    risposta = client.get("/admin/")
    assert risposta.status_code == 302
    assert risposta["Location"].startswith("/admin/login/")


def test_anonimo_e_mandato_al_login_dell_admin(client):
    risposta = client.get("/admin/")
    assert risposta.status_code == 302


def test_staff_vede_le_valutazioni_delle_pagine(client, staff):
    client.post("/valuta-pagina/", {"pagina": "/privacy/", "valutazione": "4", "commento": "ok"})
    client.force_login(staff)
    risposta = client.get("/admin/portal/valutazionepagina/")
    assert risposta.status_code == 200
    assert "/privacy/" in risposta.content.decode()
