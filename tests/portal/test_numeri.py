"""/numeri/: headline figures from records, server-side SVG charts with data tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import crea_accordo, crea_attivita, crea_incarico, crea_opportunita, crea_ore

pytestmark = pytest.mark.django_db

URL = reverse("portal:numeri")


def _rete(casa, numero: int) -> None:
    anno = timezone.localdate().year
    inizio = dt.datetime(anno, 1, 15, 17, tzinfo=timezone.get_default_timezone())
    incarico = crea_incarico(opportunita=crea_opportunita(casa))
    for n in range(numero):
        crea_attivita(casa, inizio=inizio + dt.timedelta(days=n))
        crea_accordo(data_inizio=dt.date(anno - n % 3, 1, 1), data_fine=dt.date(anno + 1, 1, 1))
        crea_ore(
            incarico,
            data=dt.date(anno - n % 3, 2, 1 + n),
            ore=Decimal("1.5"),
            stato="approvata",
            approvata_il=timezone.now(),
        )


def test_numeri_dal_registro(client, casa):
    _rete(casa, 3)
    risposta = client.get(URL)
    assert risposta.status_code == 200
    contesto = risposta.context
    assert contesto["rete"]["luoghi"] == 1
    assert contesto["quest_anno"]["attivita_svolte"] == 3
    assert contesto["quest_anno"]["accordi"] == 3
    assert contesto["quest_anno"]["ore_volontariato"] == Decimal("1.5")
    anno = timezone.localdate().year
    assert contesto["anni"] == [anno - 2, anno - 1, anno]
    righe = {r["chiave"]: r["valori"] for r in contesto["righe"]}
    assert righe["accordi_avviati"] == [1, 1, 1]
    assert righe["attivita_svolte"] == [0, 0, 3]
    html = risposta.content.decode()
    assert html.count('role="img"') == 5
    assert '<title id="grafico-stati-titolo">' in html
    assert html.count("<caption>") >= 5


def test_numeri_senza_dati(client, db):
    assert client.get(URL).status_code == 200


def test_amministrazione_punta_ai_numeri(client, db):
    assert f'href="{URL}"' in client.get(reverse("portal:amministrazione")).content.decode()


@pytest.mark.parametrize("numero", [1, 12])
def test_query_costanti(client, casa, django_assert_max_num_queries, numero):
    """Queries: places and services today, agreements by status, inhabitants reached;
    this year's agreements by status, projects, signatories, collaboration hours,
    inhabitants, volunteers, activities, participants, desk contacts; nine yearly
    series; the per-area table; plus the session-less menu and page."""
    _rete(casa, numero)
    with django_assert_max_num_queries(26):
        assert client.get(URL).status_code == 200
