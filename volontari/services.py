"""Writes of the volontari app: profile, applications, enrolments and the hours ledger.

Error messages never repeat a codice fiscale or other personal data: they
end up in forms, logs and error reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.celery import ATTESA_RECUPERO, FINESTRA_RECUPERO, invia_task
from portal.indirizzo import url_pubblico
from portal.templatetags.plurali import per_plurale
from quartieri.models import Resoconto
from volontari.models import (
    Candidatura,
    Incarico,
    Opportunita,
    OreVolontariato,
    Polizza,
    Volontario,
)
from volontari.models.ore import MASSIMO_ORE_AL_GIORNO, resoconto_con_ore_registrabile_da

if TYPE_CHECKING:
    from portal.models import User


# --- Profile ----------------------------------------------------------------


@transaction.atomic
def salva_profilo(*, volontario: Volontario, adesso: dt.datetime | None = None) -> Volontario:
    """Validate and save a volunteer's profile, dating the privacy consent when first given."""
    if volontario.consenso_privacy and volontario.consenso_privacy_il is None:
        volontario.consenso_privacy_il = adesso or timezone.now()
    volontario.full_clean()
    volontario.save()
    return volontario


# --- Applications and enrolments -------------------------------------------


def _verifica_idoneita(volontario: Volontario, data: dt.date, campo: str | None = None) -> None:
    idoneo, motivo = volontario.idoneo_il(data)
    if not idoneo:
        raise ValidationError({campo: motivo} if campo else motivo, code="non_idoneo")


@transaction.atomic
def candidati(
    *,
    volontario: Volontario,
    opportunita: Opportunita,
    messaggio: str = "",
    oggi: dt.date | None = None,
) -> Candidatura:
    """Apply to an open opportunity; the tutors are told by e-mail."""
    oggi = oggi or timezone.localdate()
    # The lock serialises a double click: the second request sees the first application.
    Volontario.objects.select_for_update().filter(pk=volontario.pk).first()
    if not opportunita.aperta:
        raise ValidationError(_("Questa opportunità non accetta nuove candidature."))
    _verifica_idoneita(volontario, oggi)
    if volontario.incarichi.attivi(oggi).filter(opportunita=opportunita).exists():
        raise ValidationError(_("Fai già parte di questa opportunità."))
    if volontario.candidature.da_valutare().filter(opportunita=opportunita).exists():
        raise ValidationError(_("Hai già una candidatura in attesa per questa opportunità."))
    candidatura = Candidatura(volontario=volontario, opportunita=opportunita, messaggio=messaggio)
    candidatura.full_clean()
    candidatura.save()
    _accoda("avviso_candidatura", candidatura.pk)
    return candidatura


def _candidatura_da_decidere(candidatura: Candidatura, utente: User) -> Candidatura:
    bloccata = (
        Candidatura.objects.select_for_update(of=("self",))
        .select_related("opportunita", "volontario")
        .get(pk=candidatura.pk)
    )
    if not bloccata.decidibile_da(utente):
        raise PermissionDenied
    if bloccata.stato != Candidatura.Stato.INVIATA:
        raise ValidationError(_("A questa candidatura è già stata data una risposta."))
    return bloccata


@transaction.atomic
def accetta_candidatura(
    *,
    candidatura: Candidatura,
    utente: User,
    risposta: str = "",
    data_inizio: dt.date | None = None,
) -> Incarico:
    """Accept an application: it becomes an enrolment from `data_inizio` (today by default)."""
    candidatura = _candidatura_da_decidere(candidatura, utente)
    data_inizio = data_inizio or timezone.localdate()
    opportunita = Opportunita.objects.select_for_update().get(pk=candidatura.opportunita_id)
    _verifica_idoneita(candidatura.volontario, data_inizio)
    if opportunita.incarichi.attivi(data_inizio).count() >= opportunita.posti:
        raise ValidationError(_("I posti di questa opportunità sono tutti occupati."))
    if candidatura.volontario.incarichi.filter(
        opportunita=opportunita, data_fine__isnull=True
    ).exists():
        raise ValidationError(_("Il volontario fa già parte di questa opportunità."))
    candidatura.stato = Candidatura.Stato.ACCETTATA
    candidatura.risposta = risposta
    candidatura.decisa_da = utente
    candidatura.decisa_il = timezone.now()
    candidatura.full_clean()
    candidatura.save()
    incarico = Incarico(
        volontario=candidatura.volontario,
        opportunita=opportunita,
        candidatura=candidatura,
        data_inizio=data_inizio,
    )
    incarico.full_clean()
    incarico.save()
    _accoda("esito_candidatura", candidatura.pk)
    return incarico


@transaction.atomic
def rifiuta_candidatura(*, candidatura: Candidatura, utente: User, risposta: str) -> Candidatura:
    """Decline an application with a message to the volunteer."""
    if not risposta.strip():
        raise ValidationError(
            {"risposta": _("Scrivi al volontario perché la candidatura non è accolta.")}
        )
    candidatura = _candidatura_da_decidere(candidatura, utente)
    candidatura.stato = Candidatura.Stato.RIFIUTATA
    candidatura.risposta = risposta
    candidatura.decisa_da = utente
    candidatura.decisa_il = timezone.now()
    candidatura.full_clean()
    candidatura.save()
    _accoda("esito_candidatura", candidatura.pk)
    return candidatura


@transaction.atomic
def ritira_candidatura(*, candidatura: Candidatura, utente: User) -> Candidatura:
    """The volunteer withdraws an application not yet answered."""
    candidatura = Candidatura.objects.select_for_update().get(pk=candidatura.pk)
    if candidatura.volontario.user_id != utente.pk:
        raise PermissionDenied
    if candidatura.stato != Candidatura.Stato.INVIATA:
        raise ValidationError(_("A questa candidatura è già stata data una risposta."))
    candidatura.stato = Candidatura.Stato.RITIRATA
    candidatura.save(update_fields=["stato"])
    return candidatura


@transaction.atomic
def termina_incarico(*, incarico: Incarico, utente: User, data_fine: dt.date) -> Incarico:
    """End an enrolment on `data_fine` (the register records it: D.Lgs. 117/2017, art. 17)."""
    incarico = Incarico.objects.select_for_update().get(pk=incarico.pk)
    if not (incarico.gestibile_da(utente) or incarico.volontario.user_id == utente.pk):
        raise PermissionDenied
    if incarico.data_fine is not None:
        raise ValidationError(_("Questo incarico è già terminato."))
    if incarico.ore.filter(data__gt=data_fine).che_contano().exists():
        raise ValidationError(
            {"data_fine": _("Ci sono ore registrate dopo questa data: scegli una data successiva.")}
        )
    incarico.data_fine = data_fine
    incarico.full_clean()
    incarico.save(update_fields=["data_fine"])
    return incarico


# --- The hours ledger ------------------------------------------------------


def puo_registrare_per(incarico: Incarico, utente: User) -> bool:
    """The volunteer logs their own hours; tutors, the place's managers and staff theirs."""
    return incarico.volontario.user_id == utente.pk or incarico.gestibile_da(utente)


def _ore_del_giorno(volontario_id: int, data: dt.date) -> Decimal:
    return (
        OreVolontariato.objects.che_contano()
        .filter(incarico__volontario_id=volontario_id, data=data)
        .totale()
    )


def _blocca_volontari(ids: Iterable[int]) -> None:
    # Locked in pk order so two group entries sharing volunteers cannot deadlock.
    list(
        Volontario.objects.select_for_update()
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _controlla_giorno(incarico: Incarico, data: dt.date, oggi: dt.date) -> None:
    if data > oggi:
        raise ValidationError({"data": _("Non si registrano ore per un giorno futuro.")})
    if not incarico.attivo_il(data):
        raise ValidationError({"data": _("In quel giorno l'incarico non era attivo.")})
    _verifica_idoneita(incarico.volontario, data, "data")
    if not Polizza.objects.copre(data, incarico.opportunita):
        raise ValidationError(
            {
                "data": _(
                    "In quel giorno nessuna polizza assicurativa copriva questa attività: "
                    "la legge non consente di prestare servizio senza assicurazione "
                    "(D.Lgs. 117/2017, art. 18). Scrivi al tutor."
                )
            }
        )


def _controlla_massimo(volontario_id: int, data: dt.date, ore: Decimal) -> None:
    gia = _ore_del_giorno(volontario_id, data)
    if gia + ore > MASSIMO_ORE_AL_GIORNO:
        raise ValidationError(
            {
                "ore": ngettext(
                    "In quel giorno è già registrata %(gia)s ora: al massimo se ne contano "
                    "12 al giorno, in tutto.",
                    "In quel giorno sono già registrate %(gia)s ore: al massimo se ne contano "
                    "12 al giorno, in tutto.",
                    per_plurale(gia),
                )
                % {"gia": f"{gia:g}".replace(".", ",")}
            }
        )


def _crea_voce(voce: OreVolontariato) -> OreVolontariato:
    voce.full_clean(validate_constraints=False)
    try:
        # A savepoint: the unique index is the last word when two requests race.
        with transaction.atomic():
            voce.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"data": _("Le ore di questo giorno per questo incarico sono già registrate.")},
            code="doppia",
        ) from exc
    return voce


def _nuova_voce(
    *,
    incarico: Incarico,
    data: dt.date,
    ore: Decimal,
    attivita_svolta: str,
    utente: User,
    resoconto: Resoconto | None,
    oggi: dt.date,
) -> OreVolontariato:
    _controlla_giorno(incarico, data, oggi)
    if (
        incarico.ore.filter(data=data, corregge__isnull=True)
        .exclude(stato=OreVolontariato.Stato.RIFIUTATA)
        .exists()
    ):
        raise ValidationError(
            {"data": _("Le ore di questo giorno per questo incarico sono già registrate.")},
            code="doppia",
        )
    _controlla_massimo(incarico.volontario_id, data, ore)
    return _crea_voce(
        OreVolontariato(
            incarico=incarico,
            data=data,
            ore=ore,
            attivita_svolta=attivita_svolta,
            inserita_da=utente,
            resoconto=resoconto,
        )
    )


@transaction.atomic
def registra_ore(
    *,
    incarico: Incarico,
    data: dt.date,
    ore: Decimal,
    attivita_svolta: str,
    utente: User,
    resoconto: Resoconto | None = None,
    oggi: dt.date | None = None,
) -> OreVolontariato:
    """Log one day's hours in an enrolment; the entry waits for a tutor's approval."""
    if not puo_registrare_per(incarico, utente):
        raise PermissionDenied
    _blocca_volontari([incarico.volontario_id])
    return _nuova_voce(
        incarico=incarico,
        data=data,
        ore=ore,
        attivita_svolta=attivita_svolta,
        utente=utente,
        resoconto=resoconto,
        oggi=oggi or timezone.localdate(),
    )


@transaction.atomic
def registra_ore_gruppo(
    *,
    righe: Sequence[tuple[Incarico, Decimal]],
    data: dt.date,
    attivita_svolta: str,
    utente: User,
    resoconto: Resoconto | None = None,
    oggi: dt.date | None = None,
) -> list[OreVolontariato]:
    """Log one activity for several volunteers at once: all entries or none."""
    if not righe:
        raise ValidationError(_("Indica almeno un volontario e le sue ore."))
    if any(not incarico.gestibile_da(utente) for incarico, _ore in righe):
        raise PermissionDenied
    _blocca_volontari(incarico.volontario_id for incarico, _ore in righe)
    oggi = oggi or timezone.localdate()
    voci, errori = [], []
    for incarico, ore in righe:
        try:
            voci.append(
                _nuova_voce(
                    incarico=incarico,
                    data=data,
                    ore=ore,
                    attivita_svolta=attivita_svolta,
                    utente=utente,
                    resoconto=resoconto,
                    oggi=oggi,
                )
            )
        except ValidationError as exc:
            errori.extend(f"{incarico.volontario}: {messaggio}" for messaggio in exc.messages)
    if errori:
        raise ValidationError(errori)
    return voci


@transaction.atomic
def registra_ore_da_resoconto(
    *,
    resoconto: Resoconto,
    righe: Sequence[tuple[Incarico, Decimal]],
    utente: User,
    oggi: dt.date | None = None,
) -> list[OreVolontariato]:
    """Log the volunteers' hours of an activity log as ledger entries linked to it."""
    if not resoconto_con_ore_registrabile_da(resoconto, utente):
        raise PermissionDenied
    occorrenza = resoconto.occorrenza
    return registra_ore_gruppo(
        righe=righe,
        data=timezone.localtime(occorrenza.inizio).date(),
        attivita_svolta=occorrenza.attivita.titolo,
        utente=utente,
        resoconto=resoconto,
        oggi=oggi,
    )


@transaction.atomic
def correggi_ore(
    *,
    originale: OreVolontariato,
    delta: Decimal,
    motivo: str,
    utente: User,
) -> OreVolontariato:
    """Correct an approved entry with a new one carrying a signed delta and a reason."""
    incarico = originale.incarico
    if not puo_registrare_per(incarico, utente):
        raise PermissionDenied
    _blocca_volontari([incarico.volontario_id])
    originale = OreVolontariato.objects.get(pk=originale.pk)
    if not originale.approvata or originale.corregge_id is not None:
        raise ValidationError(_("Si corregge solo una registrazione originale già approvata."))
    corretto = originale.ore + (
        originale.correzioni.che_contano().aggregate(t=Sum("ore"))["t"] or Decimal("0")
    )
    if corretto + delta < 0:
        raise ValidationError(
            {"ore": _("Dopo la correzione le ore di quel giorno sarebbero meno di zero.")}
        )
    if delta > 0:
        _controlla_massimo(incarico.volontario_id, originale.data, delta)
    return _crea_voce(
        OreVolontariato(
            incarico=incarico,
            data=originale.data,
            ore=delta,
            attivita_svolta=originale.attivita_svolta,
            corregge=originale,
            motivo_correzione=motivo,
            inserita_da=utente,
        )
    )


def _voci_da_decidere(voci: Iterable[int], utente: User) -> list[OreVolontariato]:
    ids = sorted(set(voci))
    if not ids:
        raise ValidationError(_("Scegli almeno una registrazione."))
    bloccate = list(
        OreVolontariato.objects.approvabili_da(utente)
        .select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if len(bloccate) != len(ids):
        # Some entry was decided meanwhile, or is not this user's to decide.
        raise ValidationError(
            _("Alcune registrazioni non sono più in attesa o non puoi approvarle: ricarica.")
        )
    return bloccate


@transaction.atomic
def approva_ore(*, voci: Iterable[int], utente: User) -> int:
    """Approve pending entries (by pk) at once; approved entries never change afterwards."""
    bloccate = _voci_da_decidere(voci, utente)
    adesso = timezone.now()
    for voce in bloccate:
        voce.stato = OreVolontariato.Stato.APPROVATA
        voce.approvata_da = utente
        voce.approvata_il = adesso
        voce.full_clean(validate_constraints=False)
    OreVolontariato.objects.bulk_update(bloccate, ["stato", "approvata_da", "approvata_il"])
    return len(bloccate)


@transaction.atomic
def rifiuta_ore(*, voci: Iterable[int], utente: User, motivo: str) -> int:
    """Reject pending entries (by pk) at once, telling the volunteer why."""
    if not motivo.strip():
        raise ValidationError(
            {"motivo": _("Spiega al volontario perché le ore non sono approvate.")}
        )
    bloccate = _voci_da_decidere(voci, utente)
    adesso = timezone.now()
    for voce in bloccate:
        voce.stato = OreVolontariato.Stato.RIFIUTATA
        voce.motivo_rifiuto = motivo
        voce.approvata_da = utente
        voce.approvata_il = adesso
        voce.full_clean(validate_constraints=False)
    OreVolontariato.objects.bulk_update(
        bloccate, ["stato", "motivo_rifiuto", "approvata_da", "approvata_il"]
    )
    return len(bloccate)


# --- E-mails ---------------------------------------------------------------


def _accoda(nome_task: str, candidatura_id: int) -> None:
    # Imported here: tasks.py imports this module to call its services.
    from volontari import tasks

    task = {
        "avviso_candidatura": tasks.invia_avviso_candidatura,
        "esito_candidatura": tasks.invia_esito_candidatura,
    }[nome_task]
    # A broker that is down must not turn the saved answer into an error page.
    transaction.on_commit(lambda: invia_task(task, candidatura_id))


def recupera_avvisi_candidature(*, adesso: dt.datetime) -> int:
    """Send again the tasks of the applications' e-mails still owed (their send failed,
    the broker was down); return how many. One query per kind of e-mail."""
    # Imported here: tasks.py imports this module to call its services.
    from volontari import tasks

    periodo = (adesso - FINESTRA_RECUPERO, adesso - ATTESA_RECUPERO)
    # The tutors need hearing only of an application still waiting for them.
    avvisi = Candidatura.objects.filter(
        stato=Candidatura.Stato.INVIATA,
        avviso_tutor_inviato_il__isnull=True,
        created_at__range=periodo,
    ).values_list("pk", flat=True)
    esiti = Candidatura.objects.filter(
        stato__in=[Candidatura.Stato.ACCETTATA, Candidatura.Stato.RIFIUTATA],
        esito_inviato_il__isnull=True,
        decisa_il__range=periodo,
    ).values_list("pk", flat=True)
    inviati = [invia_task(tasks.invia_avviso_candidatura, pk) for pk in avvisi]
    inviati += [invia_task(tasks.invia_esito_candidatura, pk) for pk in esiti]
    return sum(inviati)


def _reclama(candidatura_id: int, campo: str, **filtri) -> Candidatura | None:
    """Lock the application if its mail is still to be sent; None if sent or being sent."""
    return (
        Candidatura.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("volontario__user", "opportunita")
        .filter(pk=candidatura_id, **{f"{campo}__isnull": True}, **filtri)
        .first()
    )


def _contesto(candidatura: Candidatura) -> dict:
    return {
        "candidatura": candidatura,
        "opportunita": candidatura.opportunita,
        "SITE_NAME": settings.SITE_NAME,
        "url_tutor": url_pubblico(reverse("volontari:tutor")),
    }


@transaction.atomic
def invia_avviso_candidatura(*, candidatura_id: int) -> bool:
    """Tell the opportunity's tutors about a new application, once; True if sent now."""
    candidatura = _reclama(candidatura_id, "avviso_tutor_inviato_il")
    if candidatura is None:
        return False
    destinatari = list(
        candidatura.opportunita.tutor.filter(is_active=True).values_list("email", flat=True)
    )
    if destinatari:
        send_mail(
            f"[{settings.SITE_NAME}] "
            + _("Nuova candidatura: %(titolo)s") % {"titolo": candidatura.opportunita.titolo},
            render_to_string("emails/volontari_candidatura.txt", _contesto(candidatura)),
            None,
            destinatari,
        )
    candidatura.avviso_tutor_inviato_il = timezone.now()
    candidatura.save(update_fields=["avviso_tutor_inviato_il"])
    return bool(destinatari)


@transaction.atomic
def invia_esito_candidatura(*, candidatura_id: int) -> bool:
    """Tell the volunteer whether the application was accepted, once; True if sent now."""
    candidatura = _reclama(
        candidatura_id,
        "esito_inviato_il",
        stato__in=[Candidatura.Stato.ACCETTATA, Candidatura.Stato.RIFIUTATA],
    )
    if candidatura is None:
        return False
    utente = candidatura.volontario.user
    if utente is not None and utente.is_active:
        if candidatura.stato == Candidatura.Stato.ACCETTATA:
            oggetto = _("Candidatura accolta: %(titolo)s")
        else:
            oggetto = _("Candidatura non accolta: %(titolo)s")
        send_mail(
            f"[{settings.SITE_NAME}] " + oggetto % {"titolo": candidatura.opportunita.titolo},
            render_to_string("emails/volontari_esito.txt", _contesto(candidatura)),
            None,
            [utente.email],
        )
    candidatura.esito_inviato_il = timezone.now()
    candidatura.save(update_fields=["esito_inviato_il"])
    return utente is not None
