"""The e-mails about activity registrations: confirmation, a freed seat, the
reminder, a date cancelled or moved.

Each is sent by a Celery task (quartieri/tasks.py) that the writes in
quartieri/services/attivita.py enqueue on commit. Each function first claims the
registration row (a timestamp, or the change it tells about), so a retried or
duplicated task never sends twice. An e-mail whose task could not be sent (the
broker was down) is still owed by those stamps: recupera_avvisi_iscrizioni sends
its task again.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.celery import ATTESA_RECUPERO, FINESTRA_RECUPERO, invia_task
from portal.indirizzo import url_pubblico
from quartieri.models import Iscrizione


def _invia(iscrizione: Iscrizione, modello: str, oggetto: str, **altro_contesto) -> None:
    occorrenza = iscrizione.occorrenza
    contesto = {
        "iscrizione": iscrizione,
        "occorrenza": occorrenza,
        "attivita": occorrenza.attivita,
        "luogo": occorrenza.attivita.luogo,
        "url": url_pubblico(occorrenza.get_absolute_url()),
        "SITE_NAME": settings.SITE_NAME,
        **altro_contesto,
    }
    send_mail(
        f"[{settings.SITE_NAME}] {oggetto}",
        render_to_string(modello, contesto),
        None,
        [iscrizione.utente.email],
    )


def _reclama(iscrizione_id: int, campo: str, **filtri) -> Iscrizione | None:
    """Lock the registration if its mail is still to be sent; None if sent or being sent."""
    return (
        Iscrizione.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("utente", "occorrenza__attivita__luogo")
        .filter(pk=iscrizione_id, **{f"{campo}__isnull": True}, **filtri)
        .first()
    )


@transaction.atomic
def invia_conferma_iscrizione(*, iscrizione_id: int) -> bool:
    """Send the registration (or waiting-list) confirmation once; True if sent now."""
    iscrizione = _reclama(
        iscrizione_id, "conferma_inviata_il", stato__in=["confermata", "in_attesa"]
    )
    if iscrizione is None:
        return False
    if iscrizione.stato == Iscrizione.Stato.CONFERMATA:
        oggetto = _("Iscrizione confermata: %(titolo)s")
    else:
        oggetto = _("Sei in lista d'attesa: %(titolo)s")
    _invia(
        iscrizione,
        "emails/attivita_conferma.txt",
        oggetto % {"titolo": iscrizione.occorrenza.attivita.titolo},
    )
    iscrizione.conferma_inviata_il = timezone.now()
    iscrizione.save(update_fields=["conferma_inviata_il"])
    return True


@transaction.atomic
def invia_promozione_iscrizione(*, iscrizione_id: int) -> bool:
    """Tell someone promoted from the waiting list that they have a seat, once."""
    iscrizione = _reclama(iscrizione_id, "promozione_inviata_il", stato="confermata")
    if iscrizione is None:
        return False
    _invia(
        iscrizione,
        "emails/attivita_promozione.txt",
        _("Si è liberato un posto: %(titolo)s") % {"titolo": iscrizione.occorrenza.attivita.titolo},
    )
    iscrizione.promozione_inviata_il = timezone.now()
    iscrizione.save(update_fields=["promozione_inviata_il"])
    return True


@transaction.atomic
def invia_promemoria(*, iscrizione_id: int) -> bool:
    """Send the day-before reminder of one confirmed registration, once."""
    iscrizione = (
        Iscrizione.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("utente", "occorrenza__attivita__luogo")
        .da_ricordare()
        .filter(pk=iscrizione_id)
        .first()
    )
    if iscrizione is None:
        return False
    _invia(
        iscrizione,
        "emails/attivita_promemoria.txt",
        _("Domani: %(titolo)s") % {"titolo": iscrizione.occorrenza.attivita.titolo},
    )
    iscrizione.promemoria_inviato_il = timezone.now()
    iscrizione.save(update_fields=["promemoria_inviato_il"])
    return True


def _reclama_variazione(iscrizione_id: int, variata_il: dt.datetime, **filtri) -> Iscrizione | None:
    """Lock an active registration not yet told of `variata_il`, if still the date's last change."""
    # Keyed on the change, not on a "sent" stamp: a date moved twice is told twice, while a
    # repeated message, or one overtaken by a newer change, finds nothing to claim.
    return (
        Iscrizione.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("utente", "occorrenza__attivita__luogo")
        .attive()
        .filter(pk=iscrizione_id, occorrenza__variata_il=variata_il, **filtri)
        .exclude(variazione_comunicata=variata_il)
        .exclude(utente__email="")
        .first()
    )


@transaction.atomic
def invia_avviso_annullamento(*, iscrizione_id: int, variata_il: dt.datetime) -> bool:
    """Tell a registered person their date was cancelled, once per cancellation."""
    iscrizione = _reclama_variazione(iscrizione_id, variata_il, occorrenza__annullata=True)
    if iscrizione is None:
        return False
    _invia(
        iscrizione,
        "emails/attivita_annullamento.txt",
        _("Data annullata: %(titolo)s") % {"titolo": iscrizione.occorrenza.attivita.titolo},
    )
    iscrizione.variazione_comunicata = variata_il
    iscrizione.save(update_fields=["variazione_comunicata"])
    return True


@transaction.atomic
def invia_avviso_spostamento(
    *,
    iscrizione_id: int,
    variata_il: dt.datetime,
    vecchio_inizio: dt.datetime,
    vecchio_fine: dt.datetime,
) -> bool:
    """Tell a registered person their date was moved, with the old and new time, once per move."""
    iscrizione = _reclama_variazione(iscrizione_id, variata_il, occorrenza__annullata=False)
    if iscrizione is None:
        return False
    _invia(
        iscrizione,
        "emails/attivita_spostamento.txt",
        _("Data spostata: %(titolo)s") % {"titolo": iscrizione.occorrenza.attivita.titolo},
        vecchio_inizio=vecchio_inizio,
        vecchio_fine=vecchio_fine,
    )
    iscrizione.variazione_comunicata = variata_il
    iscrizione.save(update_fields=["variazione_comunicata"])
    return True


def iscrizioni_da_ricordare(*, adesso: dt.datetime) -> list[int]:
    """Ids of registrations to dates starting tomorrow (local day) whose reminder is due."""
    domani = timezone.localtime(adesso).date() + dt.timedelta(days=1)
    fuso = timezone.get_default_timezone()
    dal = dt.datetime.combine(domani, dt.time.min, fuso)
    al = dt.datetime.combine(domani + dt.timedelta(days=1), dt.time.min, fuso)
    return list(
        Iscrizione.objects.da_ricordare()
        .filter(occorrenza__inizio__gte=dal, occorrenza__inizio__lt=al)
        .values_list("pk", flat=True)
    )


def recupera_avvisi_iscrizioni(*, adesso: dt.datetime) -> int:
    """Send again the tasks of the registration e-mails still owed (their send failed,
    the broker was down); return how many. One query per kind of e-mail."""
    # Imported here: tasks.py imports this module to call its services.
    from quartieri import tasks

    dal, al = adesso - FINESTRA_RECUPERO, adesso - ATTESA_RECUPERO
    # Only about dates still ahead and still standing (a cancellation excepted).
    ancora_utili = Iscrizione.objects.exclude(utente__email="").filter(
        occorrenza__inizio__gt=adesso
    )
    conferme = ancora_utili.filter(
        stato__in=[Iscrizione.Stato.CONFERMATA, Iscrizione.Stato.IN_ATTESA],
        conferma_inviata_il__isnull=True,
        created_at__range=(dal, al),
        occorrenza__annullata=False,
    ).values_list("pk", flat=True)
    promozioni = ancora_utili.filter(
        stato=Iscrizione.Stato.CONFERMATA,
        promozione_inviata_il__isnull=True,
        promossa_il__range=(dal, al),
        occorrenza__annullata=False,
    ).values_list("pk", flat=True)
    # Told of a change only if registered before it, as when the change was made.
    variazioni = (
        ancora_utili.attive()
        .filter(
            Q(variazione_comunicata__isnull=True)
            | Q(variazione_comunicata__lt=F("occorrenza__variata_il")),
            occorrenza__variata_il__range=(dal, al),
            created_at__lt=F("occorrenza__variata_il"),
        )
        .values_list(
            "pk",
            "occorrenza__annullata",
            "occorrenza__variata_il",
            "occorrenza__inizio_precedente",
            "occorrenza__fine_precedente",
        )
    )
    inviati = [invia_task(tasks.invia_conferma_iscrizione, pk) for pk in conferme]
    inviati += [invia_task(tasks.invia_promozione_iscrizione, pk) for pk in promozioni]
    for pk, annullata, variata_il, inizio_precedente, fine_precedente in variazioni:
        if annullata:
            inviati.append(invia_task(tasks.invia_avviso_annullamento, pk, variata_il.isoformat()))
        elif inizio_precedente is not None:
            inviati.append(
                invia_task(
                    tasks.invia_avviso_spostamento,
                    pk,
                    variata_il.isoformat(),
                    inizio_precedente.isoformat(),
                    fine_precedente.isoformat(),
                )
            )
    return sum(inviati)
