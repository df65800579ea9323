"""Requesting, producing and delivering reports.

A request is keyed by kind, parameters and who may share it: asking twice for
the same report gives back the same row. Its task is sent once the row is
committed; if the broker cannot take it the row stays queued and is sent again
by the recovery. The worker claims the row, writes the file streaming to a
temporary file while a heartbeat says it is alive, stores it and e-mails the
requester once. A report whose heartbeat stopped (its worker died) is taken
over by the next delivery of its task or by the recovery, which every worker
runs every SORVEGLIANZA_SECONDI (portal/celery.py) and beat every minute; after
MASSIMO_TENTATIVI starts it is declared failed and may be asked for again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import smtplib
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import redis
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.celery import invia_task
from portal.indirizzo import url_pubblico
from portal.models import RichiestaReport
from portal.report.registro import PARAMETRI_NOTI, TipoReport, tipo_report
from portal.ruoli import e_community_manager, e_staff_comunale

if TYPE_CHECKING:
    from portal.models import User

logger = logging.getLogger(__name__)

# Failures that pass by themselves: the task retries with backoff instead of failing.
ERRORI_TRANSITORI = (
    OperationalError,
    InterfaceError,
    redis.ConnectionError,
    redis.TimeoutError,
    smtplib.SMTPException,
    ConnectionError,
)
# A running report writes its heartbeat this often; one silent for BATTITO_SCADUTO
# lost its worker. With the workers' watchdog every SORVEGLIANZA_SECONDI, a report
# is stuck at most about a minute after its worker dies.
BATTITO_OGNI_SECONDI = 5
BATTITO_SCADUTO = dt.timedelta(seconds=20)
SORVEGLIANZA_SECONDI = 10
# A message the broker holds but no worker took within its visibility timeout is lost.
MARGINE_MESSAGGIO_PERSO = dt.timedelta(minutes=2)
# After this many starts a report that never finishes is declared failed.
MASSIMO_TENTATIVI = 3


class ReportNonGenerabile(Exception):
    """A generator cannot produce the report; the message (Italian, no personal data) says why."""


# --- Requests ---------------------------------------------------------------


def normalizza_parametri(tipo: TipoReport, parametri: dict) -> dict:
    """The parameters the kind uses, validated and in canonical form."""
    errori: dict[str, str] = {}
    normalizzati: dict[str, object] = {}
    for nome in PARAMETRI_NOTI:
        valore = parametri.get(nome)
        if valore in (None, ""):
            if nome in tipo.richiesti:
                errori[nome] = _("Questo dato serve per questo tipo di report.")
            continue
        if nome not in tipo.richiesti | tipo.facoltativi | {"formato"}:
            continue
        try:
            normalizzati[nome] = _converti(nome, valore)
        except (TypeError, ValueError):
            errori[nome] = _("Valore non valido.")
    formato = normalizzati.get("formato") or tipo.formati[0]
    if formato not in tipo.formati:
        errori["formato"] = _("Questo report si produce in: %(formati)s.") % {
            "formati": ", ".join(f.upper() for f in tipo.formati)
        }
    normalizzati["formato"] = formato
    mese = normalizzati.get("mese")
    if mese is not None and not 1 <= mese <= 12:
        errori["mese"] = _("Il mese va da 1 a 12.")
    anno = normalizzati.get("anno")
    if anno is not None and not 2000 <= anno <= 2100:
        errori["anno"] = _("Indica un anno tra il 2000 e il 2100.")
    if errori:
        raise ValidationError(errori)
    return normalizzati


def _converti(nome: str, valore: object) -> object:
    if nome == "formato":
        return str(valore).lower()
    if nome == "settimana":
        giorno = dt.date.fromisoformat(str(valore))
        # A week is always named by its Monday.
        return (giorno - dt.timedelta(days=giorno.weekday())).isoformat()
    return int(valore)


def _ambito_richiedente(utente: User | None) -> str:
    # Staff (and the scheduler) share one copy of each report; anyone else gets their own.
    if utente is None or e_staff_comunale(utente):
        return "staff"
    return f"utente-{utente.pk}"


def chiave_idempotenza(tipo: str, parametri: dict, utente: User | None) -> str:
    """The same kind, parameters and requester scope give the same key."""
    materiale = json.dumps(
        {"tipo": tipo, "parametri": parametri, "richiedente": _ambito_richiedente(utente)},
        sort_keys=True,
    )
    return hashlib.sha256(materiale.encode()).hexdigest()


def verifica_permesso(*, tipo: TipoReport, parametri: dict, utente: User | None) -> None:
    """Staff request any report; a community manager only their own places' Casa reports."""
    if utente is None or e_staff_comunale(utente):
        return
    if not (tipo.per_community_manager and e_community_manager(utente)):
        raise PermissionDenied(_("Non puoi richiedere questo tipo di report."))
    from quartieri.models import Luogo

    if not Luogo.objects.gestibili_da(utente).filter(pk=parametri.get("luogo")).exists():
        raise PermissionDenied(_("Puoi richiedere solo i report dei luoghi che gestisci."))


def _riutilizzabile(richiesta: RichiestaReport, tipo: TipoReport, adesso: dt.datetime) -> bool:
    if richiesta.stato in (RichiestaReport.Stato.IN_CODA, RichiestaReport.Stato.IN_CORSO):
        return True
    if richiesta.stato != RichiestaReport.Stato.COMPLETATO:
        return False
    fine = tipo.fine_periodo(richiesta.parametri)
    if fine is not None and richiesta.completato_il >= fine:
        return True
    # The period is still open (or the kind is a snapshot): refreshed at most once a day.
    return timezone.localdate(richiesta.completato_il) == timezone.localdate(adesso)


@transaction.atomic
def richiedi_report(*, tipo: str, parametri: dict, utente: User | None) -> RichiestaReport:
    """Queue a report, or give back the same one already queued, running or fresh."""
    try:
        tipo_registrato = tipo_report(tipo)
    except KeyError:
        raise ValidationError({"tipo": _("Tipo di report sconosciuto.")}) from None
    parametri = normalizza_parametri(tipo_registrato, parametri)
    verifica_permesso(tipo=tipo_registrato, parametri=parametri, utente=utente)
    chiave = chiave_idempotenza(tipo, parametri, utente)
    adesso = timezone.now()
    esistente = RichiestaReport.objects.select_for_update().filter(chiave_idempotenza=chiave)
    richiesta = esistente.first()
    if richiesta is None:
        richiesta = RichiestaReport(
            tipo=tipo,
            parametri=parametri,
            richiesto_da=utente,
            chiave_idempotenza=chiave,
            task_id=str(uuid.uuid4()),
        )
        richiesta.full_clean()
        try:
            with transaction.atomic():
                richiesta.save()
        except IntegrityError:
            # Someone asked for the same report at the same instant: theirs is ours.
            return esistente.get()
    elif _riutilizzabile(richiesta, tipo_registrato, adesso):
        if richiesta.in_attesa_del_servizio:
            # Its first send failed: try again now that it was asked for again.
            accoda(richiesta)
        return richiesta
    else:
        # Failed, or done on an earlier day while its period was still open: produce it again.
        richiesta.stato = RichiestaReport.Stato.IN_CODA
        richiesta.progresso = 0
        richiesta.errore = ""
        richiesta.tentativi = 0
        richiesta.iniziato_il = richiesta.battito_il = None
        richiesta.completato_il = richiesta.durata = None
        richiesta.email_inviata_il = None
        richiesta.richiesto_da = utente or richiesta.richiesto_da
        richiesta.task_id = str(uuid.uuid4())
        richiesta.full_clean(exclude=["file"])
        richiesta.save()
    accoda(richiesta)
    return richiesta


def accoda(richiesta: RichiestaReport) -> None:
    """Hand the request to a worker once the transaction that saved it commits.

    `accodato_il` is written only once the broker took the task: a request
    without it is waiting for the service, and the recovery sends it again.
    """
    from portal.report.tasks import genera_report

    richiesta_id, task_id = richiesta.pk, richiesta.task_id
    RichiestaReport.objects.filter(pk=richiesta_id).update(accodato_il=None)
    richiesta.accodato_il = None

    def avvia() -> None:
        inviata = RichiestaReport.objects.filter(pk=richiesta_id)
        if genera_report.app.conf.task_always_eager:
            inviata.update(accodato_il=timezone.now())
            _esegui_in_linea(richiesta_id, task_id)
            return
        if invia_task(genera_report, richiesta_id, task_id=task_id):
            inviata.update(accodato_il=timezone.now())
        else:
            logger.warning("Report %s stays queued until the recovery sends it", richiesta_id)

    transaction.on_commit(avvia)


def _esegui_in_linea(richiesta_id: int, task_id: str) -> None:
    """Run the task inline (the embedded default), retries included.

    Celery's eager apply() runs one retry itself and raises the next one into
    the caller (the web request): catch it and go on from that attempt.
    """
    from celery.exceptions import Retry

    from portal.report.tasks import MASSIMO_RETRY, genera_report

    tentativo = 0
    while tentativo <= MASSIMO_RETRY:
        try:
            genera_report.apply((richiesta_id,), task_id=task_id, retries=tentativo, throw=False)
        except Retry:
            tentativo += 2
        else:
            return


# --- Production ---------------------------------------------------------------


def _abbandonati(adesso: dt.datetime) -> Q:
    """Running reports whose worker stopped beating (rows from before the heartbeat: started)."""
    soglia = adesso - BATTITO_SCADUTO
    return Q(stato=RichiestaReport.Stato.IN_CORSO) & (
        Q(battito_il__lt=soglia) | Q(battito_il__isnull=True, iniziato_il__lt=soglia)
    )


def _fallisci_per_tentativi(richiesta: RichiestaReport, adesso: dt.datetime) -> None:
    """Its worker died MASSIMO_TENTATIVI times (a report that kills it, say): stop there."""
    richiesta.stato = RichiestaReport.Stato.FALLITO
    richiesta.errore = _(
        "Il report si è interrotto %(volte)d volte senza finire: "
        "controlla i worker e richiedilo di nuovo."
    ) % {"volte": richiesta.tentativi}
    richiesta.completato_il = adesso
    richiesta.save(update_fields=["stato", "errore", "completato_il"])


@transaction.atomic
def _prendi_in_carico(richiesta_id: int) -> RichiestaReport | None:
    """Mark the request running, unless it is done, failed or running on a live worker.

    A running request whose heartbeat stopped is taken over; one that already
    had MASSIMO_TENTATIVI starts is declared failed instead.
    """
    adesso = timezone.now()
    richiesta = (
        RichiestaReport.objects.select_for_update()
        .filter(Q(stato=RichiestaReport.Stato.IN_CODA) | _abbandonati(adesso), pk=richiesta_id)
        .first()
    )
    if richiesta is None:
        return None
    if richiesta.stato == RichiestaReport.Stato.IN_CORSO and (
        richiesta.tentativi >= MASSIMO_TENTATIVI
    ):
        _fallisci_per_tentativi(richiesta, adesso)
        return None
    richiesta.stato = RichiestaReport.Stato.IN_CORSO
    richiesta.iniziato_il = richiesta.battito_il = adesso
    richiesta.progresso = 0
    richiesta.tentativi += 1
    richiesta.save(update_fields=["stato", "iniziato_il", "battito_il", "progresso", "tentativi"])
    return richiesta


def _questo_tentativo(richiesta: RichiestaReport):
    """The request's row while this start still owns it (no other worker took it over)."""
    return RichiestaReport.objects.filter(
        pk=richiesta.pk, stato=RichiestaReport.Stato.IN_CORSO, tentativi=richiesta.tentativi
    )


class _Battito:
    """Writes the running request's heartbeat every BATTITO_OGNI_SECONDI, from a thread:
    a generator may spend minutes in one step (a PDF rendering) without reporting progress."""

    def __init__(self, richiesta: RichiestaReport) -> None:
        self._richiesta = richiesta
        self._fine = threading.Event()
        self._thread = threading.Thread(target=self._batti, daemon=True, name="battito-report")

    def __enter__(self) -> None:
        self._thread.start()

    def __exit__(self, *errore: object) -> None:
        self._fine.set()
        self._thread.join()

    def _batti(self) -> None:
        try:
            while not self._fine.wait(BATTITO_OGNI_SECONDI):
                try:
                    _questo_tentativo(self._richiesta).update(battito_il=timezone.now())
                except ERRORI_TRANSITORI:
                    # The database is away: the next beat tries again.
                    logger.warning("Heartbeat of report %s not written", self._richiesta.pk)
        finally:
            # This thread's own database connection.
            connection.close()


def _avanzamento(richiesta: RichiestaReport):
    ultimo = [-1]

    def avanza(percento: int) -> None:
        # A cheap UPDATE, only when the figure changes: the staff page polls it.
        percento = max(0, min(99, int(percento)))
        if percento != ultimo[0]:
            ultimo[0] = percento
            _questo_tentativo(richiesta).update(progresso=percento, battito_il=timezone.now())

    return avanza


def esegui_report(
    *, richiesta: RichiestaReport, ultimo_tentativo: bool = False, con_battito: bool = False
) -> bool:
    """Produce the request's file; True if produced now.

    `con_battito` (on a worker) writes the heartbeat from a thread while the file
    is produced. A transient failure (database, Redis, mail server) puts the
    request back in the queue and is raised for the task to retry, unless it was
    the last try. Any other failure records a short error without personal data.
    """
    richiesta = _prendi_in_carico(richiesta.pk)
    if richiesta is None:
        return False
    tipo = tipo_report(richiesta.tipo)
    partenza = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="report-") as cartella:
            percorso = Path(cartella) / "report"
            # Reports are documents of the Comune, in Italian whatever the worker's locale.
            with (
                translation.override(settings.LANGUAGE_CODE),
                _Battito(richiesta) if con_battito else contextlib.nullcontext(),
            ):
                nome = tipo.genera(dict(richiesta.parametri), _avanzamento(richiesta), percorso)
            with percorso.open("rb") as contenuto:
                _completa(richiesta, nome, File(contenuto), time.monotonic() - partenza)
    except ERRORI_TRANSITORI as errore:
        if ultimo_tentativo:
            _fallisci(
                richiesta,
                _("Servizio non raggiungibile (%(tipo)s), riprova più tardi.")
                % {"tipo": type(errore).__name__},
            )
            return False
        _questo_tentativo(richiesta).update(stato=RichiestaReport.Stato.IN_CODA, progresso=0)
        raise
    except ReportNonGenerabile as errore:
        _fallisci(richiesta, str(errore))
        return False
    except Exception as errore:
        # The message of an unexpected error may quote data: only its type is stored,
        # the traceback goes to the worker's log for the developers.
        logger.exception("Report %s failed", richiesta.pk)
        _fallisci(
            richiesta,
            _("Errore interno (%(tipo)s): i dettagli sono nel registro del worker.")
            % {"tipo": type(errore).__name__},
        )
        return False
    return True


@transaction.atomic
def _completa(richiesta: RichiestaReport, nome: str, contenuto: File, secondi: float) -> None:
    if not _questo_tentativo(richiesta).select_for_update().exists():
        # Another worker took the report over while this one seemed dead: its copy counts.
        logger.warning("Report %s was taken over: this copy is discarded", richiesta.pk)
        return
    vecchio = richiesta.file.name if richiesta.file else ""
    # A random folder: the file's address cannot be guessed, downloads go through the view.
    richiesta.file.save(f"{uuid.uuid4().hex}/{nome}", contenuto, save=False)
    richiesta.stato = RichiestaReport.Stato.COMPLETATO
    richiesta.progresso = 100
    richiesta.completato_il = timezone.now()
    richiesta.durata = dt.timedelta(seconds=round(secondi, 3))
    richiesta.errore = ""
    richiesta.save(
        update_fields=["file", "stato", "progresso", "completato_il", "durata", "errore"]
    )
    if vecchio:
        storage = richiesta.file.storage
        transaction.on_commit(lambda: storage.delete(vecchio))


def _fallisci(richiesta: RichiestaReport, messaggio: str) -> None:
    _questo_tentativo(richiesta).update(
        stato=RichiestaReport.Stato.FALLITO, errore=messaggio[:1000], completato_il=timezone.now()
    )


@transaction.atomic
def invia_email_report_pronto(*, richiesta_id: int) -> bool:
    """Tell the requester their report is ready, once; True if sent now."""
    richiesta = (
        RichiestaReport.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("richiesto_da")
        .filter(
            pk=richiesta_id,
            stato=RichiestaReport.Stato.COMPLETATO,
            email_inviata_il__isnull=True,
            richiesto_da__isnull=False,
        )
        .first()
    )
    if richiesta is None:
        return False
    contesto = {
        "richiesta": richiesta,
        "url": url_pubblico(reverse("portal:report")),
        "url_file": url_pubblico(reverse("portal:report_scarica", kwargs={"pk": richiesta.pk})),
        "SITE_NAME": settings.SITE_NAME,
    }
    send_mail(
        f"[{settings.SITE_NAME}] "
        + _("Report pronto: %(tipo)s") % {"tipo": richiesta.get_tipo_display()},
        render_to_string("emails/report_pronto.txt", contesto),
        None,
        [richiesta.richiesto_da.email],
    )
    richiesta.email_inviata_il = timezone.now()
    richiesta.save(update_fields=["email_inviata_il"])
    return True


# --- Recovery -------------------------------------------------------------------


def recupera_report_abbandonati(*, adesso: dt.datetime | None = None) -> dict[str, int]:
    """Send again the reports nobody is producing: queued but never handed to the broker,
    handed to it but lost, or running on a worker whose heartbeat stopped. Fail the ones
    that already had MASSIMO_TENTATIVI starts. Returns how many of each."""
    adesso = adesso or timezone.now()
    visibilita = dt.timedelta(
        seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    )
    abbandonati = RichiestaReport.objects.filter(
        _abbandonati(adesso)
        | Q(stato=RichiestaReport.Stato.IN_CODA, accodato_il__isnull=True)
        # The broker gives an unacknowledged message back after its visibility timeout:
        # one still not started well after that was lost (Redis restarted without it).
        | Q(
            stato=RichiestaReport.Stato.IN_CODA,
            accodato_il__lt=adesso - visibilita - MARGINE_MESSAGGIO_PERSO,
        )
    )
    riaccodati = falliti = 0
    for pk in abbandonati.values_list("pk", flat=True):
        with transaction.atomic():
            richiesta = abbandonati.select_for_update(skip_locked=True).filter(pk=pk).first()
            if richiesta is None:
                continue
            if richiesta.tentativi >= MASSIMO_TENTATIVI:
                _fallisci_per_tentativi(richiesta, adesso)
                falliti += 1
                continue
            richiesta.stato = RichiestaReport.Stato.IN_CODA
            richiesta.progresso = 0
            richiesta.task_id = str(uuid.uuid4())
            richiesta.save(update_fields=["stato", "progresso", "task_id"])
            accoda(richiesta)
            riaccodati += 1
    return {"riaccodati": riaccodati, "falliti": falliti}
