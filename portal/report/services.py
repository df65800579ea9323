"""Requesting, producing and delivering reports.

A request is keyed by kind, parameters and who may share it: asking twice for
the same report gives back the same row. The worker claims the row, writes the
file streaming to a temporary file, stores it and e-mails the requester once.
A report left running by a dead worker is found by a beat task and run again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import smtplib
import tempfile
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import redis
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

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
# A report found running (or queued) for longer than this was abandoned by its worker.
MARGINE_RECUPERO = dt.timedelta(minutes=2)
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
        return richiesta
    else:
        # Failed, or done on an earlier day while its period was still open: produce it again.
        richiesta.stato = RichiestaReport.Stato.IN_CODA
        richiesta.progresso = 0
        richiesta.errore = ""
        richiesta.tentativi = 0
        richiesta.iniziato_il = richiesta.completato_il = richiesta.durata = None
        richiesta.email_inviata_il = None
        richiesta.richiesto_da = utente or richiesta.richiesto_da
        richiesta.task_id = str(uuid.uuid4())
        richiesta.full_clean(exclude=["file"])
        richiesta.save()
    accoda(richiesta)
    return richiesta


def accoda(richiesta: RichiestaReport) -> None:
    """Hand the request to a worker once the transaction that saved it commits."""
    from portal.report.tasks import genera_report

    richiesta_id, task_id = richiesta.pk, richiesta.task_id
    RichiestaReport.objects.filter(pk=richiesta_id).update(accodato_il=timezone.now())

    def avvia() -> None:
        if genera_report.app.conf.task_always_eager:
            _esegui_in_linea(richiesta_id, task_id)
        else:
            genera_report.apply_async((richiesta_id,), task_id=task_id)

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


def _soglia_abbandono(adesso: dt.datetime) -> dt.datetime:
    return adesso - dt.timedelta(seconds=settings.CELERY_TASK_SOFT_TIME_LIMIT) - MARGINE_RECUPERO


@transaction.atomic
def _prendi_in_carico(richiesta_id: int) -> RichiestaReport | None:
    """Mark the request running, unless it is done, failed or running on a live worker."""
    adesso = timezone.now()
    richiesta = (
        RichiestaReport.objects.select_for_update()
        .filter(
            Q(stato=RichiestaReport.Stato.IN_CODA)
            | Q(stato=RichiestaReport.Stato.IN_CORSO, iniziato_il__lt=_soglia_abbandono(adesso)),
            pk=richiesta_id,
        )
        .first()
    )
    if richiesta is None:
        return None
    richiesta.stato = RichiestaReport.Stato.IN_CORSO
    richiesta.iniziato_il = adesso
    richiesta.progresso = 0
    richiesta.tentativi += 1
    richiesta.save(update_fields=["stato", "iniziato_il", "progresso", "tentativi"])
    return richiesta


def _avanzamento(richiesta_id: int):
    ultimo = [-1]

    def avanza(percento: int) -> None:
        # A cheap UPDATE, only when the figure changes: the staff page polls it.
        percento = max(0, min(99, int(percento)))
        if percento != ultimo[0]:
            ultimo[0] = percento
            RichiestaReport.objects.filter(pk=richiesta_id).update(progresso=percento)

    return avanza


def esegui_report(*, richiesta: RichiestaReport, ultimo_tentativo: bool = False) -> bool:
    """Produce the request's file; True if produced now.

    A transient failure (database, Redis, mail server) puts the request back in
    the queue and is raised for the task to retry, unless it was the last try.
    Any other failure records a short error without personal data.
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
            with translation.override(settings.LANGUAGE_CODE):
                nome = tipo.genera(dict(richiesta.parametri), _avanzamento(richiesta.pk), percorso)
            with percorso.open("rb") as contenuto:
                _completa(richiesta, nome, File(contenuto), time.monotonic() - partenza)
    except ERRORI_TRANSITORI as errore:
        if ultimo_tentativo:
            _fallisci(
                richiesta.pk,
                _("Servizio non raggiungibile (%(tipo)s), riprova più tardi.")
                % {"tipo": type(errore).__name__},
            )
            return False
        RichiestaReport.objects.filter(pk=richiesta.pk).update(
            stato=RichiestaReport.Stato.IN_CODA, progresso=0
        )
        raise
    except ReportNonGenerabile as errore:
        _fallisci(richiesta.pk, str(errore))
        return False
    except Exception as errore:
        # The message of an unexpected error may quote data: only its type is stored,
        # the traceback goes to the worker's log for the developers.
        logger.exception("Report %s failed", richiesta.pk)
        _fallisci(
            richiesta.pk,
            _("Errore interno (%(tipo)s): i dettagli sono nel registro del worker.")
            % {"tipo": type(errore).__name__},
        )
        return False
    return True


@transaction.atomic
def _completa(richiesta: RichiestaReport, nome: str, contenuto: File, secondi: float) -> None:
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


def _fallisci(richiesta_id: int, messaggio: str) -> None:
    RichiestaReport.objects.filter(pk=richiesta_id).update(
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
        "url": settings.SITE_URL + reverse("portal:report"),
        "url_file": settings.SITE_URL
        + reverse("portal:report_scarica", kwargs={"pk": richiesta.pk}),
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
    """Re-queue reports a dead worker left running (or whose message was lost); fail the
    ones that already had MASSIMO_TENTATIVI starts. Returns how many of each."""
    adesso = adesso or timezone.now()
    soglia = _soglia_abbandono(adesso)
    abbandonati = RichiestaReport.objects.filter(
        Q(stato=RichiestaReport.Stato.IN_CORSO, iniziato_il__lt=soglia)
        # A queued request nobody picked up within the broker's visibility timeout.
        | Q(
            stato=RichiestaReport.Stato.IN_CODA,
            accodato_il__lt=adesso
            - dt.timedelta(seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]),
        )
    )
    riaccodati = falliti = 0
    for pk in abbandonati.values_list("pk", flat=True):
        with transaction.atomic():
            richiesta = abbandonati.select_for_update(skip_locked=True).filter(pk=pk).first()
            if richiesta is None:
                continue
            if richiesta.tentativi >= MASSIMO_TENTATIVI:
                richiesta.stato = RichiestaReport.Stato.FALLITO
                richiesta.errore = _(
                    "Il report si è interrotto %(volte)d volte senza finire: "
                    "controlla i worker e richiedilo di nuovo."
                ) % {"volte": richiesta.tentativi}
                richiesta.completato_il = adesso
                richiesta.save(update_fields=["stato", "errore", "completato_il"])
                falliti += 1
                continue
            richiesta.stato = RichiestaReport.Stato.IN_CODA
            richiesta.progresso = 0
            richiesta.task_id = str(uuid.uuid4())
            richiesta.save(update_fields=["stato", "progresso", "task_id"])
            accoda(richiesta)
            riaccodati += 1
    return {"riaccodati": riaccodati, "falliti": falliti}
