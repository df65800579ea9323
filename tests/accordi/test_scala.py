"""`generate_scale_data --agreements`: synthetic agreements for the benchmark."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from accordi.models import TRANSIZIONI, Accordo, Firmatario, Progetto, StatoAccordo

pytestmark = pytest.mark.django_db


def _genera(*argomenti: str) -> str:
    uscita = io.StringIO()
    call_command("generate_scale_data", *argomenti, stdout=uscita)
    return uscita.getvalue()


def test_genera_accordi_progetti_e_firmatari(settings, staff):
    settings.DEBUG = True
    _genera(
        "--places", "20", "--services", "0",
        "--agreements", "12", "--projects", "40", "--signatories", "150",
    )  # fmt: skip
    assert Accordo.objects.count() == 12
    assert Progetto.objects.count() == 40
    assert Firmatario.objects.count() == 150
    for accordo in Accordo.objects.prefetch_related("transizioni"):
        stato = StatoAccordo.ASCOLTO
        for transizione in accordo.transizioni.all():
            assert transizione.a in TRANSIZIONI[stato]
            stato = transizione.a
        assert stato == accordo.stato


def test_reset_cancella_gli_accordi_sintetici(settings, staff):
    settings.DEBUG = True
    _genera("--places", "10", "--services", "0", "--agreements", "3", "--projects", "5")
    _genera("--reset", "--places", "0", "--services", "0")
    assert not Accordo.objects.exists()


def test_servono_i_luoghi_sintetici(settings, staff):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="luoghi sintetici"):
        _genera("--places", "0", "--services", "0", "--agreements", "3")
