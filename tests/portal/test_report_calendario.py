"""The beat schedule: each job is there and does its job once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from portal.celery import app
from portal.models import RichiestaReport
from portal.report import tasks
from quartieri.models import Luogo
from tests.factories import crea_accordo, crea_attivita, crea_luogo, crea_polizza

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("voce", "task"),
    [
        ("portal-recupera-report", "portal.recupera_report"),
        ("portal-report-mensili-case", "portal.report_mensili_case"),
        ("portal-bilancio-annuale", "portal.bilancio_annuale"),
        ("portal-programmi-settimanali", "portal.programmi_settimanali"),
        ("portal-promemoria-resoconti", "portal.promemoria_resoconti"),
        ("portal-avvisi-scadenze", "portal.avvisi_scadenze"),
        ("portal-avvisi-polizze", "portal.avvisi_polizze"),
    ],
)
def test_voce_nel_calendario(voce, task):
    assert app.conf.beat_schedule[voce]["task"] == task
    assert task in app.tasks


def test_orari_del_calendario():
    calendario = app.conf.beat_schedule
    mensili = calendario["portal-report-mensili-case"]["schedule"]
    assert mensili.day_of_month == {1}
    bilancio = calendario["portal-bilancio-annuale"]["schedule"]
    assert (bilancio.day_of_month, bilancio.month_of_year) == ({10}, {1})
    assert calendario["portal-programmi-settimanali"]["schedule"].day_of_week == {5}


def test_report_mensili_di_ogni_casa_una_volta(
    casa, altra_casa, django_capture_on_commit_callbacks
):
    crea_luogo(nome="Centro sociale", tipo=Luogo.Tipo.CENTRO_SOCIALE)
    with django_capture_on_commit_callbacks(execute=True), time_machine_il(dt.date(2025, 4, 1)):
        assert tasks.report_mensili_case.apply().get() == 4
        tasks.report_mensili_case.apply()
    richieste = RichiestaReport.objects.all()
    assert richieste.count() == 4
    assert {r.parametri["mese"] for r in richieste} == {3}
    assert {r.stato for r in richieste} == {"completato"}
    assert mail.outbox == []  # nobody asked: the scheduler has no requester to write to


def test_bilancio_del_10_gennaio(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), time_machine_il(dt.date(2026, 1, 10)):
        tasks.bilancio_annuale.apply()
        tasks.bilancio_annuale.apply()
    assert sorted(RichiestaReport.objects.values_list("parametri__formato", flat=True)) == [
        "pdf",
        "xlsx",
    ]
    assert {r.parametri["anno"] for r in RichiestaReport.objects.all()} == {2025}


def test_programmi_del_venerdi_per_la_settimana_dopo(casa, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), time_machine_il(dt.date(2025, 3, 14)):
        assert tasks.programmi_settimanali.apply().get() == 1
        tasks.programmi_settimanali.apply()
    richiesta = RichiestaReport.objects.get()
    assert richiesta.parametri["settimana"] == "2025-03-17"
    assert richiesta.stato == "completato"


def test_promemoria_dei_resoconti_una_volta_a_settimana(casa, altra_casa, community_manager):
    inizio = timezone.now() - dt.timedelta(days=2)
    crea_attivita(casa, titolo="Tombola senza resoconto", inizio=inizio)
    crea_attivita(casa, titolo="Futura", inizio=timezone.now() + dt.timedelta(days=2))
    assert tasks.promemoria_resoconti.apply().get() == 1
    assert tasks.promemoria_resoconti.apply().get() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [community_manager.email]
    assert "Tombola senza resoconto" in mail.outbox[0].body
    assert "Futura" not in mail.outbox[0].body


def test_avviso_di_scadenza_60_giorni_prima(staff):
    oggi = timezone.localdate()
    accordo = crea_accordo(titolo="Orti in comune", data_fine=oggi + dt.timedelta(days=50))
    crea_accordo(titolo="Lontano", data_fine=oggi + dt.timedelta(days=200))
    crea_luogo(
        nome="Casa in scadenza",
        convenzione_inizio=oggi - dt.timedelta(days=900),
        convenzione_fine=oggi + dt.timedelta(days=60),
    )
    assert tasks.avvisi_scadenze.apply().get() == 2
    assert tasks.avvisi_scadenze.apply().get() == 0
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == [staff.email]
    assert accordo.titolo in mail.outbox[0].body
    assert "Casa in scadenza" in mail.outbox[1].body


def test_avviso_polizza_in_scadenza_senza_seguito(staff):
    oggi = timezone.localdate()
    crea_polizza(
        numero="IN-SCADENZA",
        copertura_dal=oggi - dt.timedelta(days=300),
        copertura_al=oggi + dt.timedelta(days=10),
    )
    assert tasks.avvisi_polizze.apply().get() == 1
    assert tasks.avvisi_polizze.apply().get() == 0
    assert "IN-SCADENZA" in mail.outbox[0].body


def test_polizza_seguita_da_un_altra_non_allarma(staff):
    oggi = timezone.localdate()
    crea_polizza(
        copertura_dal=oggi - dt.timedelta(days=300), copertura_al=oggi + dt.timedelta(days=10)
    )
    crea_polizza(
        copertura_dal=oggi + dt.timedelta(days=11), copertura_al=oggi + dt.timedelta(days=400)
    )
    assert tasks.avvisi_polizze.apply().get() == 0
    assert mail.outbox == []


def time_machine_il(giorno: dt.date):
    import time_machine

    return time_machine.travel(
        dt.datetime.combine(giorno, dt.time(6), timezone.get_default_timezone()), tick=True
    )
