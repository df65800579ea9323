"""What the beat schedule does: scheduled reports and notices, each sent once.

A notice is sent in the transaction that stores its AvvisoInviato key, so a
task that runs twice (a retry, a second beat) sends nothing the second time.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.indirizzo import url_pubblico
from portal.models import AvvisoInviato, RichiestaReport, User
from portal.report.services import richiedi_report

GIORNI_PREAVVISO_SCADENZE = 60
GIORNI_PREAVVISO_POLIZZE = 30
MASSIMO_RIGHE_PROMEMORIA = 50


def _case():
    from quartieri.models import Luogo

    return Luogo.objects.pubblicati().filter(tipo=Luogo.Tipo.CASA_DI_QUARTIERE).order_by("pk")


def richiedi_report_mensili(*, oggi: dt.date) -> int:
    """Request last month's report of every published Casa, as PDF and XLSX."""
    mese_scorso = oggi.replace(day=1) - dt.timedelta(days=1)
    richieste = 0
    for luogo_id in _case().values_list("pk", flat=True):
        for formato in ("pdf", "xlsx"):
            richiedi_report(
                tipo=RichiestaReport.Tipo.MENSILE_CASA,
                parametri={
                    "luogo": luogo_id,
                    "anno": mese_scorso.year,
                    "mese": mese_scorso.month,
                    "formato": formato,
                },
                utente=None,
            )
            richieste += 1
    return richieste


def richiedi_bilancio(*, oggi: dt.date) -> int:
    """Request last year's bilancio della città collaborativa, as XLSX and PDF."""
    for formato in ("xlsx", "pdf"):
        richiedi_report(
            tipo=RichiestaReport.Tipo.BILANCIO,
            parametri={"anno": oggi.year - 1, "formato": formato},
            utente=None,
        )
    return 2


def richiedi_programmi_settimanali(*, oggi: dt.date) -> int:
    """Request next week's poster of every published Casa."""
    lunedi = oggi + dt.timedelta(days=7 - oggi.weekday())
    richieste = 0
    for luogo_id in _case().values_list("pk", flat=True):
        richiedi_report(
            tipo=RichiestaReport.Tipo.PROGRAMMA_SETTIMANALE,
            parametri={"luogo": luogo_id, "settimana": lunedi.isoformat(), "formato": "pdf"},
            utente=None,
        )
        richieste += 1
    return richieste


def _invia_una_volta(chiave: str, oggetto: str, testo: str, destinatari: list[str]) -> bool:
    """Send the mail unless `chiave` was already sent; True if sent now."""
    if not destinatari:
        return False
    try:
        with transaction.atomic():
            AvvisoInviato.objects.create(chiave=chiave)
            send_mail(f"[{settings.SITE_NAME}] {oggetto}", testo, None, destinatari)
    except IntegrityError:
        return False
    return True


def invia_promemoria_resoconti(*, adesso: dt.datetime) -> int:
    """E-mail each community manager the past activities of their places still without a log."""
    from quartieri.models import Occorrenza

    settimana = timezone.localdate(adesso) - dt.timedelta(days=timezone.localdate(adesso).weekday())
    da_registrare = Occorrenza.objects.da_registrare(adesso)
    manager = (
        da_registrare.filter(attivita__luogo__community_manager__is_active=True)
        .order_by()
        .values("attivita__luogo__community_manager")
        .annotate(numero=Count("pk", distinct=True))
    )
    inviati = 0
    for riga in manager:
        utente = User.objects.get(pk=riga["attivita__luogo__community_manager"])
        occorrenze = (
            da_registrare.filter(attivita__luogo__community_manager=utente)
            .select_related("attivita__luogo")
            .order_by("inizio")[:MASSIMO_RIGHE_PROMEMORIA]
        )
        testo = render_to_string(
            "emails/resoconti_da_registrare.txt",
            {
                "utente": utente,
                "numero": riga["numero"],
                "occorrenze": occorrenze,
                "url": url_pubblico("/gestione/"),
                "SITE_NAME": settings.SITE_NAME,
            },
        )
        inviati += _invia_una_volta(
            f"resoconti-{utente.pk}-{settimana.isoformat()}",
            _("Attività in attesa del resoconto: %(numero)d") % {"numero": riga["numero"]},
            testo,
            [utente.email],
        )
    return inviati


def _email_staff() -> list[str]:
    return list(
        User.objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )


def invia_avvisi_scadenze(*, oggi: dt.date) -> int:
    """Tell staff of agreements and convenzioni ending within 60 days, once for each end date."""
    from accordi.models import Accordo, StatoAccordo
    from quartieri.models import Luogo

    limite = oggi + dt.timedelta(days=GIORNI_PREAVVISO_SCADENZE)
    accordi = Accordo.objects.filter(data_fine__gte=oggi, data_fine__lte=limite).exclude(
        stato__in=[StatoAccordo.CHIUSO, StatoAccordo.RITIRATO]
    )
    luoghi = Luogo.objects.filter(convenzione_fine__gte=oggi, convenzione_fine__lte=limite)
    scadenze = [
        (f"scadenza-accordo-{a.pk}-{a.data_fine.isoformat()}", _("Accordo"), str(a), a.data_fine)
        for a in accordi.order_by("data_fine", "pk")
    ] + [
        (
            f"scadenza-convenzione-{luogo.pk}-{luogo.convenzione_fine.isoformat()}",
            _("Convenzione"),
            str(luogo),
            luogo.convenzione_fine,
        )
        for luogo in luoghi.order_by("convenzione_fine", "pk")
    ]
    return _avvisa_staff(
        scadenze,
        _("Scadenze entro %(giorni)d giorni") % {"giorni": GIORNI_PREAVVISO_SCADENZE},
    )


def invia_avvisi_polizze(*, oggi: dt.date) -> int:
    """Tell staff of volunteers' policies ending within 30 days with no policy after them."""
    from volontari.models import Polizza

    limite = oggi + dt.timedelta(days=GIORNI_PREAVVISO_POLIZZE)
    in_scadenza = Polizza.objects.filter(copertura_al__gte=oggi, copertura_al__lte=limite)
    scadenze = []
    for polizza in in_scadenza.order_by("copertura_al", "pk"):
        giorno_dopo = polizza.copertura_al + dt.timedelta(days=1)
        # A policy that another one continues leaves nobody uninsured: no alarm.
        if Polizza.objects.attive_il(giorno_dopo).filter(tutte_le_opportunita=True).exists():
            continue
        scadenze.append(
            (
                f"scadenza-polizza-{polizza.pk}-{polizza.copertura_al.isoformat()}",
                _("Polizza dei volontari"),
                str(polizza),
                polizza.copertura_al,
            )
        )
    return _avvisa_staff(scadenze, _("Assicurazione dei volontari in scadenza"))


def _avvisa_staff(scadenze: list[tuple[str, str, str, dt.date]], oggetto: str) -> int:
    """One mail per expiring item not yet notified; returns how many were sent."""
    destinatari = _email_staff()
    inviati = 0
    for chiave, tipo, nome, data in scadenze:
        testo = render_to_string(
            "emails/scadenza.txt",
            {"tipo": tipo, "nome": nome, "data": data, "SITE_NAME": settings.SITE_NAME},
        )
        inviati += _invia_una_volta(chiave, f"{oggetto}: {nome}", testo, destinatari)
    return inviati
