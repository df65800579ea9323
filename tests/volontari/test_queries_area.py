"""Query counts of the personal area: they do not grow with the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from quartieri.models import Iscrizione
from tests.conftest import crea_utente
from tests.factories import crea_attivita, crea_incarico, crea_opportunita
from volontari.models import Candidatura, OreVolontariato

pytestmark = pytest.mark.django_db

ADESSO = dt.datetime(2025, 12, 20, 10, tzinfo=dt.UTC)


def _riempi(volontario, casa, incarichi: int, giorni: int) -> None:
    """`incarichi` enrolments, each with an entry a day for `giorni` days, half approved."""
    voci = []
    for n in range(incarichi):
        opportunita = crea_opportunita(casa, titolo=f"Opportunità {n}")
        incarico = crea_incarico(volontario, opportunita, data_inizio=dt.date(2023, 1, 1))
        Candidatura.objects.create(
            volontario=volontario, opportunita=opportunita, stato=Candidatura.Stato.ACCETTATA
        )
        for giorno in range(giorni):
            approvata = giorno % 2 == 0
            voci.append(
                OreVolontariato(
                    incarico=incarico,
                    data=dt.date(2025, 1, 1) + dt.timedelta(days=giorno),
                    ore=Decimal("1.5"),
                    attivita_svolta="Turno",
                    stato="approvata" if approvata else "in_attesa",
                    approvata_il=ADESSO if approvata else None,
                )
            )
    OreVolontariato.objects.bulk_create(voci)


def _iscrivi(utente, casa, quante: int) -> None:
    """`quante` coming registrations, every other one on a waiting list, and as many past."""
    for n in range(quante):
        for giorni in (3 + n, -3 - n):
            occorrenza = crea_attivita(
                casa,
                iscrizione_richiesta=True,
                capienza=1 if n % 2 else None,
                inizio=timezone.now() + dt.timedelta(days=giorni),
            ).occorrenze.get()
            if n % 2:
                Iscrizione.objects.create(
                    occorrenza=occorrenza, utente=crea_utente(f"primo{n}{giorni}@esempio.test")
                )
            Iscrizione.objects.create(
                occorrenza=occorrenza, utente=utente, stato="in_attesa" if n % 2 else "confermata"
            )


@time_machine.travel(ADESSO, tick=False)
@pytest.mark.parametrize(("incarichi", "giorni"), [(1, 1), (4, 300)])
def test_area_personale_con_numero_costante_di_query(
    client, volontario, casa, django_assert_max_num_queries, incarichi, giorni
):
    """Queries: user with roles (1), my coming and my past activity registrations with
    date, activity and place (2), my places in waiting lists (1, I am on some), the
    profile (1), enrolments with opportunity and place (1), hours by month (1), hours by
    opportunity with its project (1), the latest entries (1), the latest applications
    with their opportunity (1). The session comes from the cache."""
    _riempi(volontario, casa, incarichi, giorni)
    _iscrivi(volontario.user, casa, incarichi)
    client.force_login(volontario.user)
    with django_assert_max_num_queries(10):
        risposta = client.get(reverse("volontari:area_personale"))
    assert risposta.status_code == 200
    assert len(risposta.context["per_opportunita"]) == incarichi


@time_machine.travel(ADESSO, tick=False)
@pytest.mark.parametrize(("incarichi", "giorni"), [(1, 1), (4, 300)])
def test_attestato_con_numero_costante_di_query(
    client, volontario, casa, django_assert_max_num_queries, incarichi, giorni
):
    """Queries: session (1), user (1), the profile (1), approved hours by opportunity (1)."""
    _riempi(volontario, casa, incarichi, giorni)
    client.force_login(volontario.user)
    with django_assert_max_num_queries(4):
        risposta = client.get(
            reverse("volontari:certificato"), {"dal": "2025-01-01", "al": "2025-12-20"}
        )
    assert risposta.status_code == 200


@pytest.mark.parametrize("iscrizioni", [1, 6])
def test_senza_profilo_bastano_cinque_query(
    client, cittadino, casa, django_assert_max_num_queries, iscrizioni
):
    """Queries: session (1), user (1), my coming and past activity registrations with date,
    activity and place (2), my waiting-list places (1, with 6 I am on some), the (missing)
    profile (1)."""
    _iscrivi(cittadino, casa, iscrizioni)
    client.force_login(cittadino)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("volontari:area_personale")).status_code == 200
