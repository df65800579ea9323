"""`load_demo` fills the portal for `make run` and a second run changes nothing."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _conteggi() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_load_demo_e_idempotente(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    primo = _conteggi()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _conteggi() == primo
    from portal.demo import ACCOUNT_DEMO
    from portal.models import User

    email_demo = {a.email for a in ACCOUNT_DEMO}
    assert User.objects.filter(email__in=email_demo).count() == len(email_demo)


def test_account_demo_possono_accedere(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    risposta = client.post(
        "/account/login/", {"login": "staff@example.org", "password": "Staff-Demo-2026"}
    )
    assert risposta.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_su_un_database_vuoto_dice_cosa_ha_creato_in_ordine(settings):
    import io

    settings.DEBUG = True
    uscita = io.StringIO()
    call_command("load_demo", stdout=uscita)
    righe = uscita.getvalue().splitlines()
    testo = "\n".join(righe)
    assert "già presenti" not in testo
    assert "Incarichi: 3" in righe
    # Places come before their activities, agreements before the volunteering.
    indice = {riga.split(":")[0]: numero for numero, riga in enumerate(righe) if ":" in riga}
    assert indice["Comuni"] < indice["Luoghi"] < indice["Attività"]
    assert indice["Attività"] < indice["Accordi di cittadinanza"] < indice["Volontari"]
