"""Disservice reports: taking one in, answering it, forgetting the reporter in time.

The e-mails are sent by Celery tasks (quartieri/tasks.py) enqueued on commit.
Each first claims its row (a timestamp still empty), so a retried or duplicated
task never sends twice; a task that could not be sent (the broker was down) is
sent again by recupera_avvisi_segnalazioni, which finds the empty timestamps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.celery import ATTESA_RECUPERO, FINESTRA_RECUPERO, invia_task
from portal.ruoli import e_staff_comunale
from quartieri.models import Segnalazione

if TYPE_CHECKING:
    from portal.models import User

logger = logging.getLogger(__name__)

# Anyone may report without an account: a few reports an hour from one address is
# plenty for a person, and stops a script from flooding the staff's queue.
SEGNALAZIONI_PER_ORA = 5
# The reporter's e-mail and photo are kept while the report is handled and for a
# year after it is closed (answers to follow-ups), then erased (GDPR art. 5.1.e).
CONSERVAZIONE_DATI_PERSONALI = dt.timedelta(days=365)


def _chiave_limite(indirizzo_ip: str) -> str:
    # Only a hash of the address is stored, and only for an hour.
    return "segnalazioni:" + hashlib.sha256(indirizzo_ip.encode()).hexdigest()[:24]


def _conta_invio(indirizzo_ip: str) -> int:
    """Count one more report from this address in the current hour; 0 if the cache is down."""
    chiave = _chiave_limite(indirizzo_ip)
    try:
        cache.add(chiave, 0, timeout=3600)
        return cache.incr(chiave)
    except Exception:  # noqa: BLE001 - any cache failure: accept the report rather than lose it
        logger.warning("Limite segnalazioni non verificabile: cache non raggiungibile")
        return 0


@transaction.atomic
def registra_segnalazione(*, dati: Mapping[str, Any], indirizzo_ip: str) -> Segnalazione:
    """Record a citizen's report; e-mail them its reference number if they left an address."""
    if _conta_invio(indirizzo_ip) > SEGNALAZIONI_PER_ORA:
        raise ValidationError(
            _("Hai inviato troppe segnalazioni in poco tempo. Riprova tra un'ora.")
        )
    segnalazione = Segnalazione(**dati)
    segnalazione.full_clean()
    segnalazione.save()
    if segnalazione.email:
        from quartieri.tasks import invia_conferma_segnalazione

        # A broker that is down must not turn the saved report into an error page:
        # the recovery (recupera_avvisi_segnalazioni) sends the e-mail later.
        transaction.on_commit(lambda: invia_task(invia_conferma_segnalazione, segnalazione.pk))
    return segnalazione


@transaction.atomic
def rispondi_segnalazione(
    *, segnalazione: Segnalazione, stato: str, risposta: str, utente: User
) -> Segnalazione:
    """Council staff set a report's state and reply; a new reply is e-mailed to the reporter."""
    if not e_staff_comunale(utente):
        raise PermissionDenied(_("Solo il personale del Comune gestisce le segnalazioni."))
    risposta = risposta.strip()
    nuova_risposta = risposta != segnalazione.risposta.strip()
    segnalazione.stato = stato
    segnalazione.risposta = risposta
    if nuova_risposta:
        segnalazione.risposta_inviata_il = None
    segnalazione.full_clean()
    segnalazione.save()
    if nuova_risposta and risposta and segnalazione.email:
        from quartieri.tasks import invia_risposta_segnalazione

        transaction.on_commit(lambda: invia_task(invia_risposta_segnalazione, segnalazione.pk))
    return segnalazione


def _reclama(segnalazione_id: int, campo: str) -> Segnalazione | None:
    """Lock the report if its mail is still to be sent; None if sent, being sent or moot."""
    return (
        Segnalazione.objects.select_for_update(skip_locked=True)
        .filter(pk=segnalazione_id, **{f"{campo}__isnull": True})
        .exclude(email="")
        .first()
    )


def _invia(segnalazione: Segnalazione, modello: str, oggetto: str) -> None:
    send_mail(
        f"[{settings.SITE_NAME}] {oggetto}",
        render_to_string(modello, {"segnalazione": segnalazione, "SITE_NAME": settings.SITE_NAME}),
        None,
        [segnalazione.email],
    )


@transaction.atomic
def invia_conferma_segnalazione(*, segnalazione_id: int) -> bool:
    """E-mail the reporter the reference number of their report; False if nothing to send."""
    segnalazione = _reclama(segnalazione_id, "conferma_inviata_il")
    if segnalazione is None:
        return False
    _invia(
        segnalazione,
        "emails/segnalazione_ricevuta.txt",
        _("Segnalazione %(riferimento)s ricevuta") % {"riferimento": segnalazione.riferimento},
    )
    segnalazione.conferma_inviata_il = timezone.now()
    segnalazione.save(update_fields=["conferma_inviata_il"])
    return True


@transaction.atomic
def invia_risposta_segnalazione(*, segnalazione_id: int) -> bool:
    """E-mail the reporter the staff's reply; False if nothing (new) to send."""
    segnalazione = _reclama(segnalazione_id, "risposta_inviata_il")
    if segnalazione is None or not segnalazione.risposta:
        return False
    _invia(
        segnalazione,
        "emails/segnalazione_risposta.txt",
        _("Risposta alla segnalazione %(riferimento)s") % {"riferimento": segnalazione.riferimento},
    )
    segnalazione.risposta_inviata_il = timezone.now()
    segnalazione.save(update_fields=["risposta_inviata_il"])
    return True


def recupera_avvisi_segnalazioni(*, adesso: dt.datetime) -> int:
    """Send again the tasks of the reports' e-mails still owed (their send failed, the
    broker was down); return how many. One query per kind of e-mail."""
    # Imported here: tasks.py imports this module to call its services.
    from quartieri.tasks import invia_conferma_segnalazione, invia_risposta_segnalazione

    periodo = (adesso - FINESTRA_RECUPERO, adesso - ATTESA_RECUPERO)
    con_email = Segnalazione.objects.exclude(email="")
    conferme = con_email.filter(
        conferma_inviata_il__isnull=True, created_at__range=periodo
    ).values_list("pk", flat=True)
    # A reply is the last change of its row (rispondi_segnalazione saves it).
    risposte = (
        con_email.filter(risposta_inviata_il__isnull=True, updated_at__range=periodo)
        .exclude(risposta="")
        .values_list("pk", flat=True)
    )
    inviati = [invia_task(invia_conferma_segnalazione, pk) for pk in conferme]
    inviati += [invia_task(invia_risposta_segnalazione, pk) for pk in risposte]
    return sum(inviati)


@transaction.atomic
def cancella_dati_personali_segnalazioni(*, adesso: dt.datetime) -> int:
    """Erase e-mail and photo of reports closed longer than the retention period."""
    scadute = list(
        Segnalazione.objects.select_for_update()
        .filter(
            stato__in=Segnalazione.STATI_CHIUSI,
            updated_at__lt=adesso - CONSERVAZIONE_DATI_PERSONALI,
        )
        .exclude(email="", foto="")
    )
    for segnalazione in scadute:
        if segnalazione.foto:
            # The file goes after the commit: a rollback must not leave a row without its file.
            nome, storage = segnalazione.foto.name, segnalazione.foto.storage
            transaction.on_commit(lambda nome=nome, storage=storage: storage.delete(nome))
        segnalazione.email = ""
        segnalazione.foto = ""
        segnalazione.save(update_fields=["email", "foto"])
    return len(scadute)
