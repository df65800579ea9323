"""Every write on agreements, projects and the registry that enforces a rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accordi.models import (
    TRANSIZIONI,
    Accordo,
    AggiornamentoProgetto,
    Indicatore,
    IscrizioneRegistro,
    Progetto,
    StatoAccordo,
    TransizioneAccordo,
    ValoreIndicatore,
)
from portal.ruoli import e_staff_comunale
from quartieri.models import Comune, Ente, Quartiere, Settore

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from portal.models import User


@transaction.atomic
def avanza_accordo(
    *, accordo: Accordo, nuovo_stato: str, utente: User, motivo: str
) -> TransizioneAccordo:
    """Move an agreement to its next lifecycle state, recording who, when and why."""
    if not e_staff_comunale(utente):
        raise PermissionDenied(_("Solo lo staff del Comune può cambiare lo stato di un accordo."))
    # Lock the row: two officers clicking at once must not both move it.
    bloccato = Accordo.objects.select_for_update().get(pk=accordo.pk)
    motivo = (motivo or "").strip()
    if not motivo:
        raise ValidationError({"motivo": _("Scrivi il motivo del cambio di stato.")})
    if nuovo_stato not in TRANSIZIONI[bloccato.stato]:
        consentiti = ", ".join(str(StatoAccordo(s).label) for s in TRANSIZIONI[bloccato.stato])
        raise ValidationError(
            {
                "nuovo_stato": _(
                    "Un accordo nello stato «%(da)s» non può passare a «%(a)s». %(consentiti)s"
                )
                % {
                    "da": StatoAccordo(bloccato.stato).label,
                    "a": _stato_leggibile(nuovo_stato),
                    "consentiti": (
                        _("Stati possibili: %(stati)s.") % {"stati": consentiti}
                        if consentiti
                        else _("Lo stato è definitivo.")
                    ),
                }
            }
        )
    if nuovo_stato == StatoAccordo.FIRMATO:
        _verifica_firmabile(bloccato)
    transizione = TransizioneAccordo(
        accordo=bloccato,
        da=bloccato.stato,
        a=nuovo_stato,
        utente=utente,
        momento=timezone.now(),
        motivo=motivo,
    )
    transizione.full_clean()
    bloccato.stato = nuovo_stato
    # simple_history records who made this version of the agreement, and why.
    bloccato._history_user = utente
    bloccato._change_reason = motivo
    # The signed PDF was validated when it was uploaded; re-reading it is not needed.
    bloccato.full_clean(exclude=["documento_firmato"])
    bloccato.save(update_fields=["stato", "updated_at"])
    transizione.save()
    accordo.stato = bloccato.stato
    return transizione


def _stato_leggibile(valore: str) -> str:
    try:
        return str(StatoAccordo(valore).label)
    except ValueError:
        return valore


def _verifica_firmabile(accordo: Accordo) -> None:
    errori = []
    if not accordo.documento_firmato:
        errori.append(_("Carica il PDF dell'accordo firmato prima di segnarlo come firmato."))
    if not accordo.firmatari.exists():
        errori.append(_("Aggiungi almeno un firmatario prima di segnare l'accordo come firmato."))
    if errori:
        raise ValidationError(errori)


@transaction.atomic
def registra_aggiornamento(
    *,
    progetto: Progetto,
    utente: User,
    data: dt.date,
    testo: str,
    ore_collaborazione: Decimal,
    abitanti_raggiunti: int | None = None,
    valori: Mapping[Indicatore, Decimal] | None = None,
) -> AggiornamentoProgetto:
    """Record a progress update of a project, with the values its indicators reached."""
    if not progetto.aggiornabile_da(utente):
        raise PermissionDenied(_("Non puoi aggiornare questo progetto."))
    if not progetto.accordo.in_attuazione:
        raise ValidationError(
            _(
                "Si possono registrare aggiornamenti solo per gli accordi firmati, "
                "in corso o in rendicontazione."
            )
        )
    aggiornamento = AggiornamentoProgetto(
        progetto=progetto,
        data=data,
        testo=testo,
        ore_collaborazione=ore_collaborazione,
        abitanti_raggiunti=abitanti_raggiunti,
        autore=utente,
    )
    aggiornamento.full_clean()
    aggiornamento.save()
    for indicatore, valore in (valori or {}).items():
        if valore is None:
            continue
        riga = ValoreIndicatore(aggiornamento=aggiornamento, indicatore=indicatore, valore=valore)
        riga.full_clean()
        riga.save()
    return aggiornamento


@transaction.atomic
def richiedi_iscrizione(
    *,
    comune: Comune,
    nome: str,
    forma_giuridica: str,
    email_contatto: str,
    codice_fiscale: str = "",
    sezione_runts: str = "",
    numero_runts: str = "",
    quartiere: Quartiere | None = None,
    settori: Iterable[Settore] = (),
    descrizione: str = "",
    sito: str = "",
    email: str = "",
    telefono: str = "",
    contatti_pubblici: bool = False,
) -> IscrizioneRegistro:
    """Create an organisation and its pending request to enter the public registry."""
    ente = Ente(
        comune=comune,
        nome=nome.strip(),
        slug=_slug_libero(nome),
        forma_giuridica=forma_giuridica,
        codice_fiscale=codice_fiscale.strip(),
        sezione_runts=sezione_runts,
        numero_runts=numero_runts.strip(),
        quartiere=quartiere,
        descrizione=descrizione,
        sito=sito,
        email=email,
        telefono=telefono.strip(),
        # The requester's consent: without it the contacts stay with staff.
        contatti_pubblici=contatti_pubblici,
    )
    ente.full_clean()
    ente.save()
    ente.settori.set(settori)
    iscrizione = IscrizioneRegistro(ente=ente, email_contatto=email_contatto)
    iscrizione.full_clean()
    iscrizione.save()
    return iscrizione


def _slug_libero(nome: str) -> str:
    base = slugify(nome)[:190] or "ente"
    slug, n = base, 2
    while Ente.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _decidi(iscrizione: IscrizioneRegistro, utente: User) -> IscrizioneRegistro:
    if not e_staff_comunale(utente):
        raise PermissionDenied(_("Solo lo staff del Comune decide le iscrizioni al registro."))
    bloccata = IscrizioneRegistro.objects.select_for_update().get(pk=iscrizione.pk)
    if bloccata.stato != IscrizioneRegistro.Stato.IN_ATTESA:
        raise ValidationError(
            _("La richiesta di %(ente)s è già stata decisa (%(stato)s).")
            % {"ente": bloccata.ente, "stato": bloccata.get_stato_display()}
        )
    return bloccata


@transaction.atomic
def approva_iscrizione(*, iscrizione: IscrizioneRegistro, utente: User) -> IscrizioneRegistro:
    """Approve a pending request: the organisation enters the public registry."""
    bloccata = _decidi(iscrizione, utente)
    bloccata.stato = IscrizioneRegistro.Stato.APPROVATA
    bloccata.decisa_il = timezone.now()
    bloccata.decisa_da = utente
    bloccata.full_clean()
    bloccata.save()
    return bloccata


@transaction.atomic
def respingi_iscrizione(
    *, iscrizione: IscrizioneRegistro, utente: User, motivo: str
) -> IscrizioneRegistro:
    """Reject a pending request, with the reason given to the requester."""
    bloccata = _decidi(iscrizione, utente)
    bloccata.stato = IscrizioneRegistro.Stato.RESPINTA
    bloccata.decisa_il = timezone.now()
    bloccata.decisa_da = utente
    bloccata.motivo_rifiuto = (motivo or "").strip()
    bloccata.full_clean()
    bloccata.save()
    return bloccata
