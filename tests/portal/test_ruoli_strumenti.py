"""Each role finds its tools (issue 13): the links in the user menu and the personal
area, the report requests in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_lo_staff_vede_le_richieste_di_report_nell_admin(client, staff):
    client.force_login(staff)
    assert client.get(reverse("admin:portal_richiestareport_changelist")).status_code == 200


def test_chi_non_e_staff_non_vede_le_richieste_di_report_nell_admin(client, community_manager):
    client.force_login(community_manager)
    risposta = client.get(reverse("admin:portal_richiestareport_changelist"))
    assert risposta.status_code == 302
    assert risposta.url.startswith(reverse("admin:login"))


def test_l_indice_dell_admin_porta_ai_report(client, staff):
    client.force_login(staff)
    testo = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("portal:report")}"' in testo


def _menu_account(testo: str) -> str:
    inizio = testo.index('class="portal-account-menu"')
    return testo[inizio : testo.index("</details>", inizio)]


# persona -> (area tutor, gestione, report, admin) in the user menu and the personal area.
ATTESI = {
    "cittadino": (False, False, False, False),
    "tutor": (True, False, False, False),
    "community_manager": (True, True, True, False),
    "staff": (True, True, True, True),
}


@pytest.mark.parametrize("persona", ATTESI)
def test_ogni_ruolo_trova_i_suoi_strumenti_nel_menu_e_nell_area_personale(client, request, persona):
    utente = request.getfixturevalue(persona)
    client.force_login(utente)
    testo = client.get(reverse("volontari:area_personale")).content.decode()
    menu = _menu_account(testo)
    area = testo[testo.index("<main") : testo.index("</main>")]
    indirizzi = (
        reverse("volontari:tutor"),
        reverse("gestione:home"),
        reverse("portal:report"),
        reverse("admin:index"),
    )
    for indirizzo, atteso in zip(indirizzi, ATTESI[persona], strict=True):
        assert (f'href="{indirizzo}"' in menu) is atteso, (persona, indirizzo, "menu")
        assert (f'href="{indirizzo}"' in area) is atteso, (persona, indirizzo, "area")
