"""Requests, idempotency, retries, recovery and the one e-mail of the reports."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.utils import timezone

from portal.models import RichiestaReport
from portal.report import registro, services
from portal.report.tasks import genera_report, recupera_report

pytestmark = pytest.mark.django_db

MENSILE = RichiestaReport.Tipo.MENSILE_CASA


def _parametri(casa, formato="xlsx"):
    return {"luogo": casa.pk, "anno": 2025, "mese": 3, "formato": formato}


@pytest.fixture
def richiedi(django_capture_on_commit_callbacks):
    """richiedi_report, with the task enqueued on commit run inline as on the embedded default."""

    def _richiedi(**argomenti):
        with django_capture_on_commit_callbacks(execute=True):
            return services.richiedi_report(**argomenti)

    return _richiedi


def _sostituisci_generatore(monkeypatch, codice, genera):
    tipi = registro.tipi_registrati()
    monkeypatch.setitem(registro._TIPI, codice, dataclasses.replace(tipi[codice], genera=genera))


def test_stessa_richiesta_due_volte_un_solo_report(staff, casa, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        prima = services.richiedi_report(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seconda = services.richiedi_report(
            tipo=MENSILE, parametri={**_parametri(casa), "mese": "3"}, utente=staff
        )
    assert seconda.pk == prima.pk
    assert callbacks == []
    assert RichiestaReport.objects.count() == 1
    prima.refresh_from_db()
    assert prima.stato == RichiestaReport.Stato.COMPLETATO
    assert len(mail.outbox) == 1


def test_due_membri_dello_staff_condividono_il_report(richiedi, staff, casa):
    from tests.conftest import crea_utente

    collega = crea_utente("collega@comune.test", is_staff=True)
    prima = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
    seconda = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=collega)
    assert prima.pk == seconda.pk


def test_il_manager_ha_la_sua_copia(richiedi, staff, community_manager, casa):
    dello_staff = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
    del_manager = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=community_manager)
    assert dello_staff.pk != del_manager.pk


def test_report_di_un_periodo_aperto_si_rigenera_il_giorno_dopo(richiedi, staff, casa):
    with time_machine.travel(dt.datetime(2025, 3, 20, 10, tzinfo=dt.UTC)):
        prima = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
        prima.refresh_from_db()
        assert prima.stato == RichiestaReport.Stato.COMPLETATO
        completato = prima.completato_il
    with time_machine.travel(dt.datetime(2025, 3, 21, 10, tzinfo=dt.UTC)):
        seconda = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
    assert seconda.pk == prima.pk
    seconda.refresh_from_db()
    assert seconda.completato_il > completato


def test_report_di_un_periodo_chiuso_non_si_rigenera(richiedi, staff, casa):
    with time_machine.travel(dt.datetime(2025, 4, 2, 10, tzinfo=dt.UTC)):
        prima = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
        prima.refresh_from_db()
    with time_machine.travel(dt.datetime(2025, 5, 2, 10, tzinfo=dt.UTC)):
        seconda = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
    seconda.refresh_from_db()
    assert seconda.completato_il == prima.completato_il


def test_parametri_non_validi_danno_un_messaggio(richiedi, staff, casa):
    with pytest.raises(ValidationError) as errore:
        richiedi(tipo=MENSILE, parametri={"luogo": casa.pk, "anno": 2025, "mese": 13}, utente=staff)
    assert "mese" in errore.value.message_dict
    with pytest.raises(ValidationError) as errore:
        richiedi(tipo=MENSILE, parametri={**_parametri(casa), "formato": "csv"}, utente=staff)
    assert "formato" in errore.value.message_dict
    with pytest.raises(ValidationError):
        richiedi(tipo="inesistente", parametri={}, utente=staff)
    assert not RichiestaReport.objects.exists()


def test_manager_richiede_il_report_della_sua_casa(richiedi, community_manager, casa):
    richiesta = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=community_manager)
    assert richiesta.richiesto_da == community_manager


def test_manager_non_richiede_il_report_di_altra_casa(richiedi, community_manager, altra_casa):
    with pytest.raises(PermissionDenied):
        richiedi(tipo=MENSILE, parametri=_parametri(altra_casa), utente=community_manager)
    assert not RichiestaReport.objects.exists()


@pytest.mark.parametrize("tipo", ["bilancio", "registro_enti", "registro_volontari"])
def test_manager_non_richiede_report_della_citta(richiedi, community_manager, casa, tipo):
    with pytest.raises(PermissionDenied):
        richiedi(tipo=tipo, parametri={"anno": 2025, "luogo": casa.pk}, utente=community_manager)


def test_cittadino_non_richiede_report(richiedi, cittadino, casa):
    with pytest.raises(PermissionDenied):
        richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=cittadino)


def test_riprova_dopo_un_errore_di_connessione(richiedi, staff, casa, monkeypatch):
    originale = registro.tipo_report(MENSILE).genera
    chiamate = []

    def instabile(parametri, avanza, percorso):
        chiamate.append(1)
        if len(chiamate) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return originale(parametri, avanza, percorso)

    _sostituisci_generatore(monkeypatch, MENSILE, instabile)
    richiesta = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
    richiesta.refresh_from_db()
    assert len(chiamate) == 2
    assert richiesta.stato == RichiestaReport.Stato.COMPLETATO
    assert richiesta.tentativi == 2
    assert len(mail.outbox) == 1


def test_errori_transitori_all_ultimo_tentativo_fanno_fallire(richiedi, staff, casa, monkeypatch):
    def sempre_giu(parametri, avanza, percorso):
        raise OperationalError("could not connect to server")

    _sostituisci_generatore(monkeypatch, MENSILE, sempre_giu)
    richiesta = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
    richiesta.refresh_from_db()
    assert richiesta.stato == RichiestaReport.Stato.FALLITO
    assert "OperationalError" in richiesta.errore
    assert mail.outbox == []


def test_un_errore_registra_solo_il_tipo_senza_dati_personali(richiedi, staff, casa, monkeypatch):
    def rotto(parametri, avanza, percorso):
        raise ValueError("codice fiscale RSSMRA80A01H223Z non valido")

    _sostituisci_generatore(monkeypatch, MENSILE, rotto)
    richiesta = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
    richiesta.refresh_from_db()
    assert richiesta.stato == RichiestaReport.Stato.FALLITO
    assert "ValueError" in richiesta.errore
    assert "RSSMRA" not in richiesta.errore
    assert not richiesta.file


def test_una_richiesta_fallita_si_puo_ripetere(richiedi, staff, casa, monkeypatch):
    def rotto(parametri, avanza, percorso):
        raise ValueError("rotto")

    _sostituisci_generatore(monkeypatch, MENSILE, rotto)
    richiesta = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
    monkeypatch.undo()
    di_nuovo = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
    assert di_nuovo.pk == richiesta.pk
    di_nuovo.refresh_from_db()
    assert di_nuovo.stato == RichiestaReport.Stato.COMPLETATO
    assert di_nuovo.errore == ""


def test_l_avanzamento_si_salva_mentre_il_generatore_procede(richiedi, staff, casa, monkeypatch):
    visti = []

    def lento(parametri, avanza, percorso):
        for percento in (10, 50, 90):
            avanza(percento)
            visti.append(RichiestaReport.objects.get().progresso)
        percorso.write_bytes(b"x")
        return "prova.xlsx"

    _sostituisci_generatore(monkeypatch, MENSILE, lento)
    richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
    assert visti == [10, 50, 90]
    assert RichiestaReport.objects.get().progresso == 100


def test_la_mail_parte_una_volta_anche_se_il_task_riparte(richiedi, staff, casa):
    richiesta = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
    assert len(mail.outbox) == 1
    assert "pronto" in mail.outbox[0].subject
    genera_report.apply(args=[richiesta.pk])
    assert services.invia_email_report_pronto(richiesta_id=richiesta.pk) is False
    assert len(mail.outbox) == 1


def _bloccata(casa, *, tentativi=1, secondi_dal_battito=1800):
    """A report running on a worker whose last heartbeat was `secondi_dal_battito` ago."""
    adesso = timezone.now()
    return RichiestaReport.objects.create(
        tipo=MENSILE,
        parametri=_parametri(casa),
        stato=RichiestaReport.Stato.IN_CORSO,
        iniziato_il=adesso - dt.timedelta(minutes=40),
        battito_il=adesso - dt.timedelta(seconds=secondi_dal_battito),
        accodato_il=adesso - dt.timedelta(minutes=40),
        tentativi=tentativi,
        chiave_idempotenza=f"bloccata-{tentativi}-{secondi_dal_battito}",
    )


def test_report_lasciato_in_corso_da_un_worker_morto_riparte(
    casa, django_capture_on_commit_callbacks
):
    """Started long ago, both: only the one whose heartbeat stopped is run again."""
    bloccata = _bloccata(casa, secondi_dal_battito=25)
    vivo = _bloccata(casa, secondi_dal_battito=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert recupera_report.apply().get() == {"riaccodati": 1, "falliti": 0}
    bloccata.refresh_from_db()
    vivo.refresh_from_db()
    assert bloccata.stato == RichiestaReport.Stato.COMPLETATO
    assert bloccata.tentativi == 2
    assert vivo.stato == RichiestaReport.Stato.IN_CORSO


def test_report_interrotto_troppe_volte_fallisce(casa):
    bloccata = _bloccata(casa, tentativi=services.MASSIMO_TENTATIVI)
    assert services.recupera_report_abbandonati() == {"riaccodati": 0, "falliti": 1}
    bloccata.refresh_from_db()
    assert bloccata.stato == RichiestaReport.Stato.FALLITO
    assert "interrotto" in bloccata.errore


def test_un_task_duplicato_non_rifà_un_report_in_corso(casa):
    vivo = _bloccata(casa, secondi_dal_battito=3)
    assert services.esegui_report(richiesta=vivo) is False
    vivo.refresh_from_db()
    assert vivo.tentativi == 1


def test_il_task_riconsegnato_prende_in_carico_un_report_senza_battito(casa):
    """The broker hands back the task of a dead worker: it takes the report over."""
    bloccata = _bloccata(casa, secondi_dal_battito=25)
    assert services.esegui_report(richiesta=bloccata) is True
    bloccata.refresh_from_db()
    assert bloccata.stato == RichiestaReport.Stato.COMPLETATO
    assert bloccata.tentativi == 2


def test_il_task_riconsegnato_dopo_troppi_tentativi_segna_il_fallimento(casa):
    bloccata = _bloccata(casa, tentativi=services.MASSIMO_TENTATIVI, secondi_dal_battito=25)
    assert services.esegui_report(richiesta=bloccata) is False
    bloccata.refresh_from_db()
    assert bloccata.stato == RichiestaReport.Stato.FALLITO
    assert "interrotto" in bloccata.errore


def test_un_report_fallito_si_puo_richiedere_di_nuovo(richiedi, casa, staff):
    bloccata = _bloccata(casa, tentativi=services.MASSIMO_TENTATIVI)
    services.recupera_report_abbandonati()
    bloccata.refresh_from_db()
    bloccata.chiave_idempotenza = services.chiave_idempotenza(MENSILE, bloccata.parametri, staff)
    bloccata.save()
    richiesta = richiedi(tipo=MENSILE, parametri=_parametri(casa), utente=staff)
    assert richiesta.pk == bloccata.pk
    richiesta.refresh_from_db()
    assert richiesta.stato == RichiestaReport.Stato.COMPLETATO
    assert richiesta.tentativi == 1


def test_un_report_mai_consegnato_al_broker_viene_inviato_dal_recupero(
    casa, django_capture_on_commit_callbacks
):
    """Its send failed (broker down): the next recovery, within a minute, sends it."""
    mai_inviata = RichiestaReport.objects.create(
        tipo=MENSILE, parametri=_parametri(casa), chiave_idempotenza="mai-inviata"
    )
    assert mai_inviata.in_attesa_del_servizio
    with django_capture_on_commit_callbacks(execute=True):
        assert services.recupera_report_abbandonati() == {"riaccodati": 1, "falliti": 0}
    mai_inviata.refresh_from_db()
    assert mai_inviata.stato == RichiestaReport.Stato.COMPLETATO
    assert mai_inviata.accodato_il is not None


def test_il_recupero_corre_ogni_minuto():
    from celery.schedules import crontab
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["portal-recupera-report"]["schedule"] == crontab()
