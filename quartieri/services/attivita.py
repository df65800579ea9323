"""Writes that enforce the rules of activities, registrations, logs and desk contacts.

Every function is atomic: when a rule is broken it raises ValidationError
(Italian messages, keyed by field where one is to blame) or PermissionDenied,
and nothing is written. E-mails leave through Celery tasks enqueued on commit
(the functions that send them are in quartieri/services/avvisi_attivita.py).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import versioni
from portal.celery import invia_task
from quartieri.models import (
    Attivita,
    CategoriaServizio,
    ContattoSportello,
    EccezioneOrario,
    Iscrizione,
    Luogo,
    Occorrenza,
    Resoconto,
    Servizio,
)
from quartieri.orari import chiusura_della_data, date_sulle_chiusure, descrivi_chiusura
from quartieri.versioni import PROSSIME_ATTIVITA

if TYPE_CHECKING:
    from collections.abc import Iterable

    from portal.models import Argomento, User


def _verifica_gestibile(luogo: Luogo, utente: User) -> None:
    if not luogo.gestibile_da(utente):
        raise PermissionDenied(_("Non gestisci questo luogo."))


# --- Activities and their occurrences ---------------------------------------


def _eccezioni_dal(luogo: Luogo, giorno: dt.date) -> list[EccezioneOrario]:
    return list(EccezioneOrario.objects.filter(luogo=luogo, data_fine__gte=giorno))


def _rifiuta_chiusura_totale(luogo: Luogo, inizio: dt.datetime, fine: dt.datetime) -> None:
    """Refuse a date on a day its place is closed all day; other exceptions only warn."""
    eccezione = chiusura_della_data(
        inizio, fine, _eccezioni_dal(luogo, timezone.localtime(inizio).date())
    )
    if eccezione is not None and eccezione.tipo == EccezioneOrario.Tipo.CHIUSURA:
        raise ValidationError(
            {
                "inizio": _("%(giorno)s: %(chiusura)s. Scegli un altro giorno.")
                % {
                    "giorno": timezone.localtime(inizio).strftime("%d/%m/%Y"),
                    "chiusura": descrivi_chiusura(eccezione, luogo),
                }
            }
        )


@transaction.atomic
def salva_attivita(
    *, attivita: Attivita, argomenti: Iterable[Argomento] | None = None, utente: User
) -> Attivita:
    """Create or edit an activity at a place `utente` manages and its topics; lay out its dates."""
    _verifica_gestibile(attivita.luogo, utente)
    posti_aggiunti = False
    precedente = None
    if attivita.pk is not None:
        # The place an activity belongs to is checked on the stored row too:
        # moving it from a place one does not manage would be a way around the rule.
        precedente = Attivita.objects.select_related("luogo").get(pk=attivita.pk)
        _verifica_gestibile(precedente.luogo, utente)
        controlla_capienza(attivita)
        posti_aggiunti = precedente.capienza is not None and (
            attivita.capienza is None or attivita.capienza > precedente.capienza
        )
    else:
        attivita.created_by = utente
    attivita.full_clean()
    data_cambiata = precedente is None or (precedente.inizio, precedente.fine) != (
        attivita.inizio,
        attivita.fine,
    )
    if not attivita.settimanale and data_cambiata:
        _rifiuta_chiusura_totale(attivita.luogo, attivita.inizio, attivita.fine)
    attivita.save()
    if argomenti is not None:
        attivita.argomenti.set(argomenti)
    genera_occorrenze(attivita=attivita)
    if posti_aggiunti:
        con_attesa = attivita.occorrenze.filter(
            inizio__gt=timezone.now(), iscrizioni__stato=Iscrizione.Stato.IN_ATTESA
        ).values("pk")
        for occorrenza in Occorrenza.objects.select_for_update().filter(pk__in=con_attesa):
            occorrenza.attivita = attivita
            _promuovi_dalla_lista(occorrenza)
    return attivita


def controlla_capienza(attivita: Attivita) -> None:
    """Refuse fewer places than the seats already confirmed at an upcoming date."""
    if attivita.capienza is None:
        return
    occupati = (
        attivita.occorrenze.filter(inizio__gt=timezone.now())
        .annotate(
            n=Sum("iscrizioni__persone", filter=Q(iscrizioni__stato=Iscrizione.Stato.CONFERMATA))
        )
        .filter(n__isnull=False)
        .order_by("-n")
        .values_list("n", flat=True)
        .first()
    )
    if occupati and attivita.capienza < occupati:
        raise ValidationError(
            {
                "capienza": ngettext(
                    "C'è già %(n)d iscritto confermato a una delle prossime date: "
                    "i posti non possono essere meno di %(n)d.",
                    "Ci sono già %(n)d iscritti confermati a una delle prossime date: "
                    "i posti non possono essere meno di %(n)d.",
                    occupati,
                )
                % {"n": occupati}
            }
        )


@transaction.atomic
def genera_occorrenze(*, attivita: Attivita) -> None:
    """Bring the stored dates of a saved activity in line with the series' rule.

    Dates are matched by their day, so an edit that changes the time keeps each
    occurrence (and its iCalendar UID). Past, moved and cancelled occurrences are
    left as they are; a date that leaves the series is deleted only when nobody
    registered and nothing was logged.
    """
    adesso = timezone.now()
    previste = attivita.date_della_serie()
    esistenti = list(attivita.occorrenze.annotate(n_iscrizioni=Count("iscrizioni")))
    if not attivita.settimanale and len(esistenti) == 1:
        # A one-off activity has one occurrence, which follows it wherever it goes.
        per_giorno = {timezone.localtime(previste[0][0]).date(): esistenti[0]}
    else:
        per_giorno = {timezone.localtime(o.inizio_originale).date(): o for o in esistenti}
    da_creare, da_aggiornare = [], []
    giorni_previsti = set()
    for inizio, fine in previste:
        giorno = timezone.localtime(inizio).date()
        giorni_previsti.add(giorno)
        occorrenza = per_giorno.get(giorno)
        if occorrenza is None:
            da_creare.append(
                Occorrenza(attivita=attivita, inizio=inizio, fine=fine, inizio_originale=inizio)
            )
        elif not attivita.settimanale or _rigenerabile(occorrenza, adesso):
            occorrenza.inizio = occorrenza.inizio_originale = inizio
            occorrenza.fine = fine
            da_aggiornare.append(occorrenza)
    da_eliminare = [
        o.pk
        for giorno, o in per_giorno.items()
        if giorno not in giorni_previsti
        and _rigenerabile(o, adesso)
        and o.n_iscrizioni == 0
        and not Resoconto.objects.filter(occorrenza=o).exists()
    ]
    if attivita.settimanale and da_creare:
        # A new date of a series on a day its place is closed all day is laid
        # out already cancelled, with the closure as the reason: the series
        # stays whole and nobody is told to come to a closed door.
        primo = timezone.localtime(da_creare[0].inizio).date()
        for occorrenza, eccezione in date_sulle_chiusure(
            da_creare, _eccezioni_dal(attivita.luogo, primo)
        ):
            if eccezione.tipo == EccezioneOrario.Tipo.CHIUSURA:
                occorrenza.annullata = True
                occorrenza.motivo_annullamento = descrivi_chiusura(eccezione, attivita.luogo)[:200]
    Occorrenza.objects.filter(pk__in=da_eliminare).delete()
    Occorrenza.objects.bulk_update(da_aggiornare, ["inizio", "fine", "inizio_originale"])
    Occorrenza.objects.bulk_create(da_creare)
    versioni.rinnova_alla_scrittura(PROSSIME_ATTIVITA)


def _rigenerabile(occorrenza: Occorrenza, adesso: dt.datetime) -> bool:
    return occorrenza.inizio > adesso and not occorrenza.spostata and not occorrenza.annullata


@transaction.atomic
def annulla_attivita(*, attivita: Attivita, utente: User, motivo: str = "") -> int:
    """Cancel every future date of an activity, telling the registered; return how many."""
    _verifica_gestibile(attivita.luogo, utente)
    adesso = timezone.now()
    da_annullare = list(
        attivita.occorrenze.select_for_update()
        .filter(inizio__gt=adesso, annullata=False)
        .values_list("pk", flat=True)
    )
    Occorrenza.objects.filter(pk__in=da_annullare).update(
        annullata=True, motivo_annullamento=motivo[:200], variata_il=adesso
    )
    versioni.rinnova_alla_scrittura(PROSSIME_ATTIVITA)
    _avvisa_iscritti(da_annullare, "annullamento", adesso)
    return len(da_annullare)


@transaction.atomic
def annulla_occorrenza(*, occorrenza: Occorrenza, utente: User, motivo: str = "") -> Occorrenza:
    """Cancel one date of an activity; the registered of a future date are told by e-mail."""
    _verifica_gestibile(occorrenza.attivita.luogo, utente)
    if hasattr(occorrenza, "resoconto"):
        raise ValidationError(_("Questa data ha già un resoconto: non si può annullare."))
    # Cancelling again only edits the reason: the registered were told already.
    nuovo_annullamento = not occorrenza.annullata
    adesso = timezone.now()
    occorrenza.annullata = True
    occorrenza.motivo_annullamento = motivo
    campi = ["annullata", "motivo_annullamento"]
    if nuovo_annullamento:
        occorrenza.variata_il = adesso
        campi.append("variata_il")
    occorrenza.full_clean()
    occorrenza.save(update_fields=campi)
    if nuovo_annullamento and occorrenza.inizio > adesso:
        _avvisa_iscritti([occorrenza.pk], "annullamento", adesso)
    return occorrenza


def date_sulle_eccezioni(
    *, occorrenze: QuerySet[Occorrenza], luogo: Luogo, adesso: dt.datetime
) -> list[tuple[Occorrenza, EccezioneOrario]]:
    """The upcoming dates among `occorrenze` (of `luogo`) that one of its exceptions
    affects, each with that exception."""
    # The database keeps only the dates on an exception's days; chiusura_della_data
    # then weighs each against the special hours, as it does for unsaved dates.
    return date_sulle_chiusure(
        occorrenze.filter(inizio__gt=adesso).nei_giorni_di_eccezione(),
        _eccezioni_dal(luogo, timezone.localdate(adesso)),
    )


def date_in_chiusura(
    *, luogo: Luogo, adesso: dt.datetime
) -> list[tuple[Occorrenza, EccezioneOrario]]:
    """The upcoming dates of a place, not cancelled, that one of its exceptions affects."""
    occorrenze = (
        Occorrenza.objects.filter(attivita__luogo=luogo, annullata=False)
        .select_related("attivita")
        .con_posti()
        .order_by("inizio", "pk")
    )
    return date_sulle_eccezioni(occorrenze=occorrenze, luogo=luogo, adesso=adesso)


@transaction.atomic
def annulla_date_in_chiusura(*, luogo: Luogo, pk_occorrenze: list[int], utente: User) -> int:
    """Cancel the chosen upcoming dates that fall on the place's closures, each with the
    closure as its reason; the registered are told as for any cancellation."""
    _verifica_gestibile(luogo, utente)
    scelte = set(pk_occorrenze)
    numero = 0
    for occorrenza, eccezione in date_in_chiusura(luogo=luogo, adesso=timezone.now()):
        if occorrenza.pk in scelte:
            occorrenza.attivita.luogo = luogo
            annulla_occorrenza(
                occorrenza=occorrenza,
                utente=utente,
                motivo=descrivi_chiusura(eccezione, luogo)[:200],
            )
            numero += 1
    return numero


@transaction.atomic
def sposta_occorrenza(
    *, occorrenza: Occorrenza, utente: User, inizio: dt.datetime, fine: dt.datetime
) -> Occorrenza:
    """Move one date to another time, telling the registered; the series keeps its rule."""
    _verifica_gestibile(occorrenza.attivita.luogo, utente)
    vecchio_inizio, vecchio_fine = occorrenza.inizio, occorrenza.fine
    variata = occorrenza.annullata or (inizio, fine) != (vecchio_inizio, vecchio_fine)
    adesso = timezone.now()
    # A date moved into the past corrects the record: the place's closures do not matter then.
    if inizio > adesso:
        _rifiuta_chiusura_totale(occorrenza.attivita.luogo, inizio, fine)
    occorrenza.inizio = inizio
    occorrenza.fine = fine
    occorrenza.annullata = False
    occorrenza.motivo_annullamento = ""
    campi = ["inizio", "fine", "annullata", "motivo_annullamento"]
    if variata:
        occorrenza.variata_il = adesso
        occorrenza.inizio_precedente = vecchio_inizio
        occorrenza.fine_precedente = vecchio_fine
        campi += ["variata_il", "inizio_precedente", "fine_precedente"]
    occorrenza.full_clean()
    occorrenza.save(update_fields=campi)
    # A date moved into the past is a correction of the record: nobody can come any more.
    if variata and inizio > adesso:
        _avvisa_iscritti(
            [occorrenza.pk],
            "spostamento",
            adesso,
            vecchio_inizio.isoformat(),
            vecchio_fine.isoformat(),
        )
    return occorrenza


# --- Registrations -----------------------------------------------------------


@transaction.atomic
def iscrivi(*, occorrenza: Occorrenza, utente: User, persone: int = 1) -> Iscrizione:
    """Register `utente` with `persone` people in all: seats if left, else the waiting list."""
    if not utente.is_authenticated:
        raise PermissionDenied(_("Accedi per iscriverti."))
    # Locking the occurrence row serialises registrations to the same date, so
    # two people can never take the last seat at once.
    occorrenza = (
        Occorrenza.objects.select_for_update(of=("self",))
        .select_related("attivita")
        .get(pk=occorrenza.pk)
    )
    attivita = occorrenza.attivita
    if not attivita.iscrizione_richiesta:
        raise ValidationError(_("Questa attività non richiede l'iscrizione."))
    if occorrenza.annullata:
        raise ValidationError(_("Questa data è stata annullata."))
    if occorrenza.inizio <= timezone.now():
        raise ValidationError(_("Le iscrizioni a questa data sono chiuse."))
    if occorrenza.iscrizioni.attive().filter(utente=utente).exists():
        raise ValidationError(_("Sei già iscritto a questa data."))
    if not 1 <= persone <= attivita.massimo_persone_per_iscrizione:
        raise ValidationError(
            {
                "persone": ngettext(
                    "A questa attività si iscrive al massimo %(n)d persona per volta.",
                    "A questa attività si iscrivono al massimo %(n)d persone per volta.",
                    attivita.massimo_persone_per_iscrizione,
                )
                % {"n": attivita.massimo_persone_per_iscrizione}
            }
        )
    iscrizione = Iscrizione(
        occorrenza=occorrenza,
        utente=utente,
        persone=persone,
        stato=Iscrizione.Stato.CONFERMATA
        if _posti_per(occorrenza, persone)
        else Iscrizione.Stato.IN_ATTESA,
    )
    iscrizione.full_clean()
    iscrizione.save()
    _accoda("conferma", iscrizione.pk)
    return iscrizione


def _posti_per(occorrenza: Occorrenza, persone: int) -> bool:
    """True if a new registration of `persone` gets seats now (caller holds the lock)."""
    capienza = occorrenza.attivita.capienza
    if capienza is None:
        return True
    # Whoever waits comes first: a newcomer never takes seats the head of the list awaits.
    if occorrenza.iscrizioni.in_attesa().exists():
        return False
    return occorrenza.iscrizioni.confermate().posti() + persone <= capienza


@transaction.atomic
def annulla_iscrizione(*, iscrizione: Iscrizione, utente: User) -> Iscrizione:
    """Cancel one's own registration; a freed seat goes to the first on the waiting list."""
    if iscrizione.utente_id != utente.pk:
        raise PermissionDenied(_("Puoi annullare solo le tue iscrizioni."))
    occorrenza = Occorrenza.objects.select_for_update(of=("self",)).get(pk=iscrizione.occorrenza_id)
    iscrizione = Iscrizione.objects.get(pk=iscrizione.pk)
    if iscrizione.stato == Iscrizione.Stato.ANNULLATA:
        raise ValidationError(_("Questa iscrizione è già annullata."))
    iscrizione.stato = Iscrizione.Stato.ANNULLATA
    iscrizione.annullata_il = timezone.now()
    iscrizione.save(update_fields=["stato", "annullata_il"])
    if occorrenza.inizio > timezone.now():
        _promuovi_dalla_lista(occorrenza)
    return iscrizione


def _promuovi_dalla_lista(occorrenza: Occorrenza) -> None:
    """Give freed seats to the waiting list in order (caller holds the lock).

    Strictly first come, first served: a family of three at the head of the
    list is not overtaken by a single person behind it when two seats free up.
    """
    capienza = occorrenza.attivita.capienza
    liberi = None if capienza is None else capienza - occorrenza.iscrizioni.confermate().posti()
    for iscrizione in occorrenza.iscrizioni.in_attesa():
        if liberi is not None:
            if iscrizione.persone > liberi:
                break
            liberi -= iscrizione.persone
        iscrizione.stato = Iscrizione.Stato.CONFERMATA
        iscrizione.promossa_il = timezone.now()
        iscrizione.save(update_fields=["stato", "promossa_il"])
        _accoda("promozione", iscrizione.pk)


def _avvisa_iscritti(
    occorrenze: list[int], nome_task: str, variata_il: dt.datetime, *argomenti: str
) -> None:
    """Enqueue one e-mail per active registration to `occorrenze` about the change `variata_il`."""
    # Both the confirmed and the waiting list: the latter were promised news of a seat.
    iscrizioni = (
        Iscrizione.objects.attive()
        .filter(occorrenza__in=occorrenze)
        .exclude(utente__email="")
        .values_list("pk", flat=True)
    )
    for iscrizione_id in iscrizioni:
        _accoda(nome_task, iscrizione_id, variata_il.isoformat(), *argomenti)


def _accoda(nome_task: str, iscrizione_id: int, *argomenti: str) -> None:
    # Imported here: tasks.py imports this module to call its services.
    from quartieri import tasks

    task = {
        "conferma": tasks.invia_conferma_iscrizione,
        "promozione": tasks.invia_promozione_iscrizione,
        "annullamento": tasks.invia_avviso_annullamento,
        "spostamento": tasks.invia_avviso_spostamento,
    }[nome_task]
    # A broker that is down must not turn the saved registration into an error page.
    transaction.on_commit(lambda: invia_task(task, iscrizione_id, *argomenti))


# --- Activity logs ------------------------------------------------------------


@transaction.atomic
def registra_resoconto(*, resoconto: Resoconto, utente: User) -> Resoconto:
    """Record (or correct) what happened at an occurrence, keeping every version."""
    occorrenza = resoconto.occorrenza
    if resoconto.pk is None:
        _verifica_gestibile(occorrenza.attivita.luogo, utente)
        if occorrenza.annullata:
            raise ValidationError(_("Questa data è stata annullata: non ha un resoconto."))
        if occorrenza.inizio > timezone.now():
            raise ValidationError(_("Il resoconto si registra dopo l'inizio dell'attività."))
        resoconto.autore = utente
    else:
        salvato = Resoconto.objects.select_related("occorrenza__attivita__luogo").get(
            pk=resoconto.pk
        )
        if not salvato.modificabile_da(utente):
            raise PermissionDenied(
                _("Il resoconto si può correggere solo dal suo autore, entro 7 giorni.")
            )
    resoconto.full_clean()
    # simple_history reads the author of each version from here outside a request too.
    resoconto._history_user = utente
    resoconto.save()
    return resoconto


# --- Desk contacts ------------------------------------------------------------


@transaction.atomic
def registra_contatto(
    *,
    luogo: Luogo,
    utente: User,
    servizio: Servizio | None = None,
    categoria: CategoriaServizio | None = None,
    durata: str = ContattoSportello.Durata.DA_5_A_15,
    lingua: str = ContattoSportello.Lingua.ITALIANO,
    inviato_a_ufficio_comunale: bool = False,
    momento: dt.datetime | None = None,
) -> ContattoSportello:
    """Count one contact at a desk of a place `utente` manages; no personal data."""
    _verifica_gestibile(luogo, utente)
    if momento is not None and momento > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"momento": _("Un contatto non può essere nel futuro.")})
    contatto = ContattoSportello(
        luogo=luogo,
        servizio=servizio,
        categoria=categoria if servizio is None else servizio.categoria,
        durata=durata,
        lingua=lingua,
        inviato_a_ufficio_comunale=inviato_a_ufficio_comunale,
        momento=momento or timezone.now(),
        registrato_da=utente,
    )
    contatto.full_clean()
    contatto.save()
    return contatto
