"""`generate_scale_data --volunteers --ledger-entries`: synthetic volunteers for benchmarks."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from portal.ruoli import GRUPPO_TUTOR
from volontari.management.scala import EMAIL_TUTOR
from volontari.models import OreVolontariato, Volontario

pytestmark = pytest.mark.django_db


def _genera() -> None:
    call_command(
        "generate_scale_data",
        places=5,
        services=5,
        volunteers=30,
        ledger_entries=200,
        seed=2,
        allow_production=True,
        reset=True,
        stdout=io.StringIO(),
    )


def test_volontari_e_ore_sintetici_deterministici():
    _genera()
    primo = list(
        OreVolontariato.objects.order_by(
            "incarico__volontario__codice_fiscale", "data"
        ).values_list("incarico__volontario__codice_fiscale", "data", "ore", "stato")
    )
    assert Volontario.objects.count() == 30
    assert len(primo) >= 150
    _genera()
    secondo = list(
        OreVolontariato.objects.order_by(
            "incarico__volontario__codice_fiscale", "data"
        ).values_list("incarico__volontario__codice_fiscale", "data", "ore", "stato")
    )
    assert secondo == primo


def test_i_tutor_sintetici_sono_nel_gruppo_tutor(client, django_user_model):
    _genera()
    tutor = django_user_model.objects.filter(email__startswith=EMAIL_TUTOR.partition("{}")[0])
    assert tutor.exists()
    assert not tutor.exclude(groups__name=GRUPPO_TUTOR).exists()
    client.force_login(tutor.first())
    assert client.get("/volontariato/tutor/").status_code == 200
