"""The recovery of the applications' e-mails whose task never reached the broker.

A lost send is played by capturing the on-commit callbacks and not running them.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from portal.celery import ATTESA_RECUPERO, FINESTRA_RECUPERO
from volontari import services

pytestmark = pytest.mark.django_db

ADESSO = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)
DOPO = ADESSO + ATTESA_RECUPERO + dt.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def _orologio():
    with time_machine.travel(ADESSO, tick=False):
        yield


def test_avviso_ai_tutor_perso_inviato_dal_recupero_una_volta(
    volontario, opportunita, tutor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.candidati(volontario=volontario, opportunita=opportunita)
    assert services.recupera_avvisi_candidature(adesso=ADESSO) == 0
    assert services.recupera_avvisi_candidature(adesso=DOPO) == 1
    assert services.recupera_avvisi_candidature(adesso=DOPO) == 0
    assert [m.to for m in mail.outbox] == [[tutor.email]]
    assert "Nuova candidatura" in mail.outbox[0].subject


def test_esito_perso_inviato_dal_recupero_una_volta(
    volontario, opportunita, tutor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        candidatura = services.candidati(volontario=volontario, opportunita=opportunita)
    later = ADESSO + dt.timedelta(hours=1)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=False):
        services.rifiuta_candidatura(
            candidatura=candidatura, utente=tutor, risposta="Posti finiti."
        )
    dovuto = later + ATTESA_RECUPERO + dt.timedelta(seconds=1)
    assert services.recupera_avvisi_candidature(adesso=later) == 0
    assert services.recupera_avvisi_candidature(adesso=dovuto) == 1
    assert services.recupera_avvisi_candidature(adesso=dovuto) == 0
    assert [m.to for m in mail.outbox] == [[tutor.email], [volontario.user.email]]
    assert "Posti finiti." in mail.outbox[-1].body


def test_candidature_ritirate_o_vecchie_non_sono_recuperate(
    volontario, opportunita, tutor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ritirata = services.candidati(volontario=volontario, opportunita=opportunita)
        services.ritira_candidatura(candidatura=ritirata, utente=volontario.user)
    assert services.recupera_avvisi_candidature(adesso=DOPO) == 0
    with django_capture_on_commit_callbacks(execute=False):
        services.candidati(volontario=volontario, opportunita=opportunita)
    assert (
        services.recupera_avvisi_candidature(
            adesso=ADESSO + FINESTRA_RECUPERO + dt.timedelta(seconds=1)
        )
        == 0
    )
    assert mail.outbox == []


def test_recupero_con_una_query_per_tipo_di_email(
    volontario, opportunita, django_assert_num_queries
):
    """Two queries: the applications the tutors have not heard of, the answers not sent."""
    with django_assert_num_queries(2):
        assert services.recupera_avvisi_candidature(adesso=DOPO) == 0
