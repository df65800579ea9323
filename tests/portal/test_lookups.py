"""UnoDi: the rows of a list of ids, as Django's `in`, in one parameter on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from portal.lookups import UnoDi
from quartieri.models import Ente
from tests.factories import crea_ente

pytestmark = pytest.mark.django_db


def _nomi(ids) -> list[str]:
    return list(
        Ente.objects.filter(UnoDi(F("pk"), ids)).order_by("nome").values_list("nome", flat=True)
    )


def test_le_righe_sono_quelle_di_in():
    enti = [crea_ente(nome=f"Ente {n}") for n in range(4)]
    scelti = [enti[0].pk, enti[2].pk, None]

    assert _nomi(scelti) == ["Ente 0", "Ente 2"]
    assert _nomi(scelti) == list(
        Ente.objects.filter(pk__in=scelti).order_by("nome").values_list("nome", flat=True)
    )
    assert _nomi([enti[3].pk]) == ["Ente 3"]


def test_nessun_id_nessuna_riga_senza_interrogare_il_database():
    crea_ente()

    with CaptureQueriesContext(connection) as interrogazioni:
        assert _nomi([]) == []
        assert _nomi([None]) == []

    assert len(interrogazioni) == 0


@pytest.mark.postgres
def test_su_postgresql_il_testo_non_cresce_con_gli_id():
    enti = [crea_ente() for _ in range(30)]

    with CaptureQueriesContext(connection) as interrogazioni:
        assert len(_nomi([e.pk for e in enti[:2]])) == 2
        assert len(_nomi([e.pk for e in enti])) == 30

    pochi, tanti = (q["sql"] for q in interrogazioni.captured_queries)
    # The ids are one array: the query's text differs only in the array's literal.
    assert pochi.split("= ANY(")[0] == tanti.split("= ANY(")[0]
    assert " IN (" not in tanti
