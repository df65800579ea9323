"""/numeri/: headline figures from records, server-side SVG charts with data tables."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
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
    """Queries: places and services today, planned activity dates and meetings,
    agreements by status, inhabitants reached;
    this year's agreements by status, projects, signatories, collaboration hours,
    inhabitants, volunteers, activities, participants, desk contacts; nine yearly
    series; the per-area table; plus the session-less menu and page."""
    _rete(casa, numero)
    with django_assert_max_num_queries(28):
        assert client.get(URL).status_code == 200


def test_contano_solo_le_date_passate_e_non_annullate(client, casa):
    """A date still to come or cancelled is not an activity held; planned ones are shown apart."""
    from quartieri.models import Occorrenza
    from tests.quartieri.partecipazione_dati import crea_organismo, crea_riunione

    fuso = timezone.get_default_timezone()
    with time_machine.travel(dt.datetime(2026, 6, 10, 12, tzinfo=fuso), tick=False):
        crea_attivita(casa, inizio=dt.datetime(2026, 3, 2, 17, tzinfo=fuso))
        annullata = crea_attivita(casa, inizio=dt.datetime(2026, 3, 9, 17, tzinfo=fuso))
        Occorrenza.objects.filter(attivita=annullata).update(annullata=True)
        crea_attivita(casa, inizio=dt.datetime(2026, 9, 1, 17, tzinfo=fuso))
        crea_attivita(casa, inizio=dt.datetime(2027, 1, 20, 17, tzinfo=fuso))
        organismo = crea_organismo()
        crea_riunione(organismo, inizio=dt.datetime(2026, 2, 1, 18, tzinfo=fuso))
        crea_riunione(organismo, inizio=dt.datetime(2027, 2, 1, 18, tzinfo=fuso))
        crea_accordo(data_inizio=dt.date(2027, 1, 1), data_fine=dt.date(2028, 1, 1))

        contesto = client.get(URL).context
        csv = b"".join(client.get(reverse("portal:open_data_numeri_csv")).streaming_content)

    assert contesto["quest_anno"]["attivita_svolte"] == 1
    assert contesto["rete"]["attivita_in_programma"] == 2
    assert contesto["rete"]["riunioni_in_programma"] == 1
    assert contesto["anni"] == [2026]
    righe = {r["chiave"]: r["valori"] for r in contesto["righe"]}
    assert righe["attivita_svolte"] == [1]
    assert righe["riunioni"] == [1]
    assert righe["accordi_avviati"] == [0]
    assert "2027" not in csv.decode("utf-8-sig")


def test_la_serie_annuale_non_salta_gli_anni_senza_dati(client, casa):
    fuso = timezone.get_default_timezone()
    with time_machine.travel(dt.datetime(2026, 6, 10, 12, tzinfo=fuso), tick=False):
        crea_attivita(casa, inizio=dt.datetime(2023, 3, 2, 17, tzinfo=fuso))
        crea_attivita(casa, inizio=dt.datetime(2025, 3, 2, 17, tzinfo=fuso))
        contesto = client.get(URL).context
        dati = json.loads(
            b"".join(client.get(reverse("portal:open_data_numeri_json")).streaming_content)
        )

    assert contesto["anni"] == [2023, 2024, 2025, 2026]
    righe = {r["chiave"]: r["valori"] for r in contesto["righe"]}
    assert righe["attivita_svolte"] == [1, 0, 1, 0]
    assert [riga["anno"] for riga in dati["anni"]] == [2023, 2024, 2025, 2026]
