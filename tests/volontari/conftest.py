"""Volunteering fixtures: an opportunity at `casa` followed by `tutor`, an enrolled volunteer."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import crea_utente
from tests.factories import crea_incarico, crea_opportunita, crea_polizza, crea_volontario


@pytest.fixture
def opportunita(casa, tutor):
    """A library opportunity at `casa`, followed by `tutor`, insured."""
    opportunita = crea_opportunita(casa, tutor=tutor, titolo="Lettura ad alta voce")
    crea_polizza()
    return opportunita


@pytest.fixture
def volontario(db):
    """A signed-in citizen with a complete volunteer profile."""
    user = crea_utente("volontario@esempio.test", first_name="Mario", last_name="Rossi")
    return crea_volontario(user, nome="Mario", cognome="Rossi")


@pytest.fixture
def incarico(volontario, opportunita):
    return crea_incarico(volontario, opportunita, data_inizio=dt.date(2024, 1, 1))


@pytest.fixture
def altro_tutor(db):
    from portal.ruoli import GRUPPO_TUTOR

    return crea_utente("altro.tutor@comune.test", gruppo=GRUPPO_TUTOR, first_name="Otto")


@pytest.fixture
def altro_incarico(altra_casa, altro_tutor):
    """Another volunteer in another tutor's opportunity at `altra_casa`."""
    user = crea_utente("altro.volontario@esempio.test")
    opportunita = crea_opportunita(altra_casa, tutor=altro_tutor, titolo="Musei")
    return crea_incarico(crea_volontario(user), opportunita)
