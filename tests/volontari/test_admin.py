from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import crea_ore
from volontari.models import OreVolontariato

pytestmark = pytest.mark.django_db


def _url(voce, azione="change"):
    return reverse(f"admin:volontari_orevolontariato_{azione}", args=[voce.pk])


def test_elenchi_dell_admin_si_aprono(client, staff, incarico):
    crea_ore(incarico)
    client.force_login(staff)
    for modello in ("opportunita", "polizza", "volontario", "candidatura", "incarico"):
        assert client.get(reverse(f"admin:volontari_{modello}_changelist")).status_code == 200
    risposta = client.get(
        reverse("admin:volontari_orevolontariato_changelist"), {"q": "Rossi", "stato": "in_attesa"}
    )
    assert risposta.status_code == 200


def test_ore_approvate_in_sola_lettura_nell_admin(client, staff, incarico):
    voce = crea_ore(incarico, stato=OreVolontariato.Stato.APPROVATA, approvata_il=timezone.now())
    client.force_login(staff)
    pagina = client.get(_url(voce))
    assert pagina.status_code == 200
    assert 'name="ore"' not in pagina.content.decode()
    client.post(_url(voce), {"incarico": incarico.pk, "data": "2024-03-05", "ore": "9"})
    assert client.post(_url(voce, "delete"), {"post": "yes"}).status_code == 403
    voce.refresh_from_db()
    assert voce.ore == Decimal("2")


def test_ore_in_attesa_modificabili_e_azione_approva(client, staff, incarico):
    voce = crea_ore(incarico)
    client.force_login(staff)
    assert 'name="ore"' in client.get(_url(voce)).content.decode()
    client.post(
        reverse("admin:volontari_orevolontariato_changelist"),
        {"action": "approva", "_selected_action": [voce.pk]},
    )
    voce.refresh_from_db()
    assert voce.stato == "approvata"
    assert voce.approvata_da == staff


def test_lo_staff_non_approva_le_proprie_ore_dall_admin(client, staff, opportunita):
    from tests.factories import crea_incarico, crea_volontario

    voce = crea_ore(crea_incarico(volontario=crea_volontario(staff), opportunita=opportunita))
    client.force_login(staff)
    risposta = client.post(
        reverse("admin:volontari_orevolontariato_changelist"),
        {"action": "approva", "_selected_action": [voce.pk]},
        follow=True,
    )
    assert "non puoi approvarle" in risposta.content.decode()
    voce.refresh_from_db()
    assert voce.stato == "in_attesa"


def test_salvare_ore_come_approvate_dall_admin_non_le_approva(client, staff, incarico):
    """State changes go through the services (the action, the tutor queue): posted by hand,
    `stato=approvata` used to reach the database without a decision date (IntegrityError)."""
    voce = crea_ore(incarico)
    client.force_login(staff)
    dati = {
        "incarico": incarico.pk,
        "data": "2024-03-05",
        "ore": "3",
        "attivita_svolta": "Prestito libri.",
        "stato": "approvata",
    }
    risposta = client.post(_url(voce), dati)
    assert risposta.status_code == 302
    voce.refresh_from_db()
    assert (voce.stato, voce.ore) == ("in_attesa", Decimal("3"))
    aggiunta = client.post(reverse("admin:volontari_orevolontariato_add"), dati)
    assert aggiunta.status_code == 200
    assert "già" in str(aggiunta.context["adminform"].form.errors)
    assert OreVolontariato.objects.count() == 1
    dati["data"] = "2024-03-06"
    assert client.post(reverse("admin:volontari_orevolontariato_add"), dati).status_code == 302
    assert set(OreVolontariato.objects.values_list("stato", flat=True)) == {"in_attesa"}


def test_incarico_con_ore_approvate_non_cambia_volontario_nell_admin(client, staff, incarico):
    from tests.factories import crea_volontario

    url = reverse("admin:volontari_incarico_change", args=[incarico.pk])
    altro = crea_volontario()
    dati = {
        "volontario": altro.pk,
        "opportunita": incarico.opportunita_id,
        "data_inizio": "2024-01-01",
        "data_fine": "",
    }
    client.force_login(staff)
    # Without approved hours the enrolment can still be corrected.
    assert client.post(url, dati).status_code == 302
    incarico.refresh_from_db()
    assert incarico.volontario == altro
    crea_ore(incarico, stato=OreVolontariato.Stato.APPROVATA, approvata_il=timezone.now())
    dati["volontario"] = crea_volontario().pk
    assert client.post(url, dati).status_code == 302
    incarico.refresh_from_db()
    assert incarico.volontario == altro
