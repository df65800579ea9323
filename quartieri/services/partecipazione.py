"""Writes of the participation bodies: meetings, requests to the Comune and their reminders.

Every function checks who acts (the predicates of quartieri.models.partecipazione)
and validates before saving, so the management pages and the admin share the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from quartieri.models import Membro, Organismo, Richiesta, Riunione, SollecitoInviato
from quartieri.models.partecipazione import STATI_IN_ATTESA

if TYPE_CHECKING:
    from portal.models import User


def lunedi(giorno: dt.date) -> dt.date:
    """The Monday of `giorno`'s week: the key of the weekly reminder."""
    return giorno - dt.timedelta(days=giorno.weekday())


def _controlla_gestore(organismo: Organismo, utente: User) -> None:
    if not organismo.gestibile_da(utente):
        raise PermissionDenied(_("Non coordini questo organismo."))


@transaction.atomic
def salva_riunione(*, riunione: Riunione, presenti: Iterable[Membro], utente: User) -> Riunione:
    """Create or update a meeting with the members present; only its body's coordinators."""
    _controlla_gestore(riunione.organismo, utente)
    presenti = list(presenti)
    if any(membro.organismo_id != riunione.organismo_id for membro in presenti):
        raise ValidationError(
            {"presenti": _("Tra i presenti c'è chi non fa parte dell'organismo.")}
        )
    riunione.full_clean()
    riunione.save()
    riunione.presenti.set(presenti)
    return riunione


@transaction.atomic
def registra_richiesta(*, richiesta: Richiesta, utente: User) -> Richiesta:
    """Save a request written by its body; the due date follows from the sending date."""
    if not (richiesta.organismo.gestibile_da(utente) or richiesta.rispondibile_da(utente)):
        raise PermissionDenied(_("Non puoi modificare questa richiesta."))
    if richiesta.inviata_il:
        richiesta.scadenza = richiesta.inviata_il + dt.timedelta(
            days=settings.RICHIESTE_GIORNI_RISPOSTA
        )
    richiesta.full_clean()
    richiesta.save()
    return richiesta


def _ricarica(richiesta: Richiesta) -> Richiesta:
    # Locked and re-read: two people acting on one request must not overwrite each other.
    return Richiesta.objects.select_for_update().get(pk=richiesta.pk)


@transaction.atomic
def prendi_in_carico(*, richiesta: Richiesta, utente: User) -> Richiesta:
    """The office acknowledges a request it received."""
    if not richiesta.rispondibile_da(utente):
        raise PermissionDenied(_("La richiesta è assegnata a un altro responsabile."))
    attuale = _ricarica(richiesta)
    if attuale.stato != Richiesta.Stato.INVIATA:
        raise ValidationError(_("Si può prendere in carico solo una richiesta appena inviata."))
    attuale.stato = Richiesta.Stato.PRESA_IN_CARICO
    attuale.full_clean()
    attuale.save(update_fields=["stato"])
    return attuale


@transaction.atomic
def rispondi(
    *, richiesta: Richiesta, testo: str, utente: User, oggi: dt.date | None = None
) -> Richiesta:
    """The office owner (or staff) answers a request still waiting for an answer."""
    if not richiesta.rispondibile_da(utente):
        raise PermissionDenied(_("La richiesta è assegnata a un altro responsabile."))
    attuale = _ricarica(richiesta)
    if attuale.stato == Richiesta.Stato.CHIUSA:
        raise ValidationError(_("La richiesta è chiusa: non si può più rispondere."))
    if attuale.stato not in STATI_IN_ATTESA:
        raise ValidationError(_("La richiesta ha già una risposta."))
    if not testo.strip():
        raise ValidationError({"risposta": _("Scrivi il testo della risposta.")})
    attuale.risposta = testo.strip()
    attuale.risposta_il = oggi or timezone.localdate()
    attuale.stato = Richiesta.Stato.RISPOSTA
    attuale.full_clean()
    attuale.save(update_fields=["risposta", "risposta_il", "stato"])
    return attuale


@transaction.atomic
def chiudi(*, richiesta: Richiesta, utente: User) -> Richiesta:
    """The body (or staff) closes a request: answered, withdrawn or no longer needed."""
    _controlla_gestore(richiesta.organismo, utente)
    attuale = _ricarica(richiesta)
    if attuale.stato == Richiesta.Stato.CHIUSA:
        raise ValidationError(_("La richiesta è già chiusa."))
    attuale.stato = Richiesta.Stato.CHIUSA
    attuale.save(update_fields=["stato"])
    return attuale


def responsabili_da_sollecitare(*, oggi: dt.date) -> list[int]:
    """Ids of the owners who have overdue requests and no reminder yet this week."""
    gia_sollecitati = SollecitoInviato.objects.filter(settimana=lunedi(oggi)).values("responsabile")
    return list(
        Richiesta.objects.scadute(oggi)
        .exclude(responsabile__in=gia_sollecitati)
        .order_by("responsabile")
        .values_list("responsabile", flat=True)
        .distinct()
    )


def invia_sollecito(*, responsabile_id: int, oggi: dt.date) -> bool:
    """E-mail one owner the list of their overdue requests, at most once a week; True if sent."""
    try:
        with transaction.atomic():
            scadute = list(
                Richiesta.objects.scadute(oggi)
                .filter(responsabile_id=responsabile_id)
                .select_related("organismo", "ufficio", "responsabile")
                .order_by("scadenza", "pk")
            )
            if not scadute:
                return False
            # The row is the lock: a retried or duplicated task finds it and sends nothing.
            # If the mail fails the row is rolled back with it, and the next run retries.
            SollecitoInviato.objects.create(
                responsabile_id=responsabile_id, settimana=lunedi(oggi), richieste=len(scadute)
            )
            responsabile = scadute[0].responsabile
            send_mail(
                f"[{settings.SITE_NAME}] "
                + _("Richieste delle consulte in attesa di risposta: %(n)d") % {"n": len(scadute)},
                render_to_string(
                    "emails/richieste_sollecito.txt",
                    {
                        "responsabile": responsabile,
                        "richieste": scadute,
                        "oggi": oggi,
                        "SITE_NAME": settings.SITE_NAME,
                    },
                ),
                None,
                [responsabile.email],
            )
    except IntegrityError:
        return False
    return True
