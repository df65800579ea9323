"""A Casa's monthly report (for the gestore and the Comune) and its weekly poster."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.indirizzo import url_pubblico
from portal.models import RichiestaReport
from portal.report.generatori.comuni import luogo as carica_luogo
from portal.report.generatori.comuni import nome_file
from portal.report.periodi import mese, mezzanotte
from portal.report.registro import TipoReport, registra_tipo
from portal.report.scrittura import scrivi_pdf, scrivi_xlsx

ZERO = Decimal("0")


def dati_mensili(luogo, anno: int, numero_mese: int) -> dict:
    """Every figure of a Casa's month, each counted or summed in the database."""
    from quartieri.models import (
        ContattoSportello,
        EccezioneOrario,
        Iscrizione,
        Occorrenza,
        Resoconto,
        Servizio,
    )
    from volontari.models import OreVolontariato

    primo, successivo = mese(anno, numero_mese)
    dal, al = mezzanotte(primo), mezzanotte(successivo)
    occorrenze = Occorrenza.objects.filter(attivita__luogo=luogo, inizio__gte=dal, inizio__lt=al)
    conteggi = occorrenze.aggregate(
        svolte=Count("pk", filter=Q(annullata=False)),
        annullate=Count("pk", filter=Q(annullata=True)),
        con_resoconto=Count("pk", filter=Q(annullata=False, resoconto__isnull=False)),
    )
    resoconti = Resoconto.objects.filter(occorrenza__in=occorrenze).aggregate(
        totale=Coalesce(Sum("partecipanti_totale"), 0),
        under14=Coalesce(Sum("partecipanti_under14"), 0),
        da14a64=Coalesce(Sum("partecipanti_14_64"), 0),
        over65=Coalesce(Sum("partecipanti_over65"), 0),
        volontari=Coalesce(Sum("volontari_coinvolti"), 0),
        ore=Coalesce(Sum("ore_volontariato"), ZERO),
    )
    ore_registro = (
        OreVolontariato.objects.approvate()
        .filter(incarico__opportunita__luogo=luogo, data__gte=primo, data__lt=successivo)
        .aggregate(
            ore=Coalesce(Sum("ore"), ZERO),
            volontari=Count("incarico__volontario", distinct=True),
        )
    )
    iscrizioni = Iscrizione.objects.filter(occorrenza__in=occorrenze).aggregate(
        confermate=Count("pk", filter=Q(stato=Iscrizione.Stato.CONFERMATA)),
        in_attesa=Count("pk", filter=Q(stato=Iscrizione.Stato.IN_ATTESA)),
        annullate=Count("pk", filter=Q(stato=Iscrizione.Stato.ANNULLATA)),
    )
    contatti = ContattoSportello.objects.filter(luogo=luogo).nel_periodo(dal, al)
    attivita = list(
        occorrenze.filter(annullata=False)
        .order_by()
        .values("attivita__titolo", "attivita__tipo")
        .annotate(
            date=Count("pk"),
            partecipanti=Coalesce(Sum("resoconto__partecipanti_totale"), 0),
            ore_volontariato=Coalesce(Sum("resoconto__ore_volontariato"), ZERO),
        )
        .order_by("attivita__titolo")
    )
    tipi = dict(_tipi_attivita())
    for riga in attivita:
        riga["tipo"] = tipi.get(riga["attivita__tipo"], riga["attivita__tipo"])
    servizi = list(
        Servizio.objects.filter(luogo=luogo, pubblicato=True)
        .values("titolo", "categoria__nome")
        .annotate(
            contatti=Count(
                "contatti_sportello",
                filter=Q(contatti_sportello__momento__gte=dal, contatti_sportello__momento__lt=al),
            )
        )
        .order_by("categoria__nome", "titolo")
    )
    chiusure = list(
        EccezioneOrario.objects.filter(
            luogo=luogo,
            tipo=EccezioneOrario.Tipo.CHIUSURA,
            data_inizio__lt=successivo,
            data_fine__gte=primo,
        )
        .order_by("data_inizio")
        .values("data_inizio", "data_fine", "motivo")
    )
    return {
        "luogo": luogo,
        "anno": anno,
        "mese": numero_mese,
        "inizio_mese": primo,
        "attivita_svolte": conteggi["svolte"],
        "attivita_annullate": conteggi["annullate"],
        "attivita_con_resoconto": conteggi["con_resoconto"],
        "partecipanti": resoconti,
        "ore_volontariato_resoconti": resoconti["ore"],
        "ore_volontariato_registro": ore_registro["ore"],
        "volontari_registro": ore_registro["volontari"],
        "iscrizioni": iscrizioni,
        "contatti_sportello": contatti.count(),
        "contatti_inviati_al_comune": contatti.filter(inviato_a_ufficio_comunale=True).count(),
        "attivita": attivita,
        "servizi": servizi,
        "chiusure": chiusure,
    }


def _tipi_attivita():
    from quartieri.models import Attivita

    return Attivita.Tipo.choices


def _riepilogo(dati: dict) -> list[tuple[str, object]]:
    partecipanti = dati["partecipanti"]
    return [
        (_("Attività svolte"), dati["attivita_svolte"]),
        (_("Attività annullate"), dati["attivita_annullate"]),
        (_("Attività con resoconto"), dati["attivita_con_resoconto"]),
        (_("Partecipanti"), partecipanti["totale"]),
        (_("Partecipanti sotto i 14 anni"), partecipanti["under14"]),
        (_("Partecipanti tra 14 e 64 anni"), partecipanti["da14a64"]),
        (_("Partecipanti con 65 anni o più"), partecipanti["over65"]),
        (_("Volontari coinvolti nelle attività"), partecipanti["volontari"]),
        (_("Ore di volontariato nei resoconti"), dati["ore_volontariato_resoconti"]),
        (_("Ore di volontariato approvate nel registro"), dati["ore_volontariato_registro"]),
        (_("Volontari con ore approvate"), dati["volontari_registro"]),
        (_("Iscrizioni confermate"), dati["iscrizioni"]["confermate"]),
        (_("Iscrizioni in lista d'attesa"), dati["iscrizioni"]["in_attesa"]),
        (_("Iscrizioni annullate"), dati["iscrizioni"]["annullate"]),
        (_("Contatti allo sportello"), dati["contatti_sportello"]),
        (_("Contatti indirizzati a un ufficio del Comune"), dati["contatti_inviati_al_comune"]),
        (_("Chiusure straordinarie"), len(dati["chiusure"])),
    ]


def genera_mensile(parametri: dict, avanza: Callable[[int], None], percorso: Path) -> str:
    """The monthly report of a Casa, as PDF or XLSX."""
    luogo = carica_luogo(parametri["luogo"])
    dati = dati_mensili(luogo, parametri["anno"], parametri["mese"])
    avanza(60)
    formato = parametri["formato"]
    if formato == "xlsx":
        scrivi_xlsx(
            percorso,
            [
                (_("Riepilogo"), [_("Voce"), _("Valore")], _riepilogo(dati)),
                (
                    _("Attività"),
                    [
                        _("Attività"),
                        _("Tipo"),
                        _("Date svolte"),
                        _("Partecipanti"),
                        _("Ore volontari"),
                    ],
                    (
                        (
                            r["attivita__titolo"],
                            r["tipo"],
                            r["date"],
                            r["partecipanti"],
                            r["ore_volontariato"],
                        )
                        for r in dati["attivita"]
                    ),
                ),
                (
                    _("Servizi"),
                    [_("Servizio"), _("Categoria"), _("Contatti allo sportello")],
                    ((s["titolo"], s["categoria__nome"], s["contatti"]) for s in dati["servizi"]),
                ),
                (
                    _("Chiusure"),
                    [_("Dal"), _("Al"), _("Motivo")],
                    ((c["data_inizio"], c["data_fine"], c["motivo"]) for c in dati["chiusure"]),
                ),
            ],
        )
    else:
        scrivi_pdf(
            percorso,
            "portal/report/pdf/mensile_casa.html",
            {**dati, "riepilogo": _riepilogo(dati), "generato_il": timezone.now()},
        )
    return nome_file(
        "report", luogo.slug, f"{parametri['anno']}-{parametri['mese']:02d}", formato=formato
    )


def fine_mese(parametri: dict) -> dt.datetime:
    return mezzanotte(mese(parametri["anno"], parametri["mese"])[1])


registra_tipo(
    TipoReport(
        codice=RichiestaReport.Tipo.MENSILE_CASA,
        formati=("pdf", "xlsx"),
        genera=genera_mensile,
        richiesti=frozenset({"luogo", "anno", "mese"}),
        per_community_manager=True,
        fine_periodo=fine_mese,
    )
)


# --- Weekly poster ------------------------------------------------------------

# The poster goes on the door: one A4 page, whatever the week. A day shows at
# most this many dates and says how many more there are (the QR code leads to
# them all); with two columns of days, seven full days still fit the page.
MASSIMO_DATE_PER_GIORNO = 4


def qr_svg(url: str) -> str:
    """A QR code as inline SVG (segno: pure Python, no image files)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=3, border=2, omitsize=False)


def dati_settimana(luogo, lunedi: dt.date) -> dict:
    """The week's public activities, opening hours and closures of a Casa."""
    from quartieri.models import EccezioneOrario, Occorrenza
    from quartieri.orari import fasce_del_giorno

    dal, al = mezzanotte(lunedi), mezzanotte(lunedi + dt.timedelta(days=7))
    occorrenze = list(
        Occorrenza.objects.filter(attivita__luogo=luogo, attivita__pubblica=True)
        .nel_periodo(dal, al)
        .select_related("attivita")
        .order_by("inizio", "pk")
    )
    fasce = list(luogo.fasce_orarie.all())
    eccezioni = list(
        luogo.eccezioni.filter(data_inizio__lt=lunedi + dt.timedelta(days=7), data_fine__gte=lunedi)
    )
    giorni = []
    for numero in range(7):
        giorno = lunedi + dt.timedelta(days=numero)
        del_giorno = [o for o in occorrenze if timezone.localtime(o.inizio).date() == giorno]
        giorni.append(
            {
                "data": giorno,
                "orari": fasce_del_giorno(giorno, fasce, eccezioni),
                "chiuso": any(
                    e.tipo == EccezioneOrario.Tipo.CHIUSURA
                    and e.data_inizio <= giorno <= e.data_fine
                    for e in eccezioni
                ),
                "occorrenze": del_giorno[:MASSIMO_DATE_PER_GIORNO],
                "altre": max(0, len(del_giorno) - MASSIMO_DATE_PER_GIORNO),
            }
        )
    url_luogo = url_pubblico(luogo.get_absolute_url())
    url_calendario = url_pubblico(reverse("quartieri:luogo_ics", kwargs={"slug": luogo.slug}))
    return {
        "luogo": luogo,
        "lunedi": lunedi,
        "domenica": lunedi + dt.timedelta(days=6),
        "giorni": giorni,
        "chiusure": [e for e in eccezioni if e.tipo == EccezioneOrario.Tipo.CHIUSURA],
        "url_luogo": url_luogo,
        "url_calendario": url_calendario,
        "qr_luogo": qr_svg(url_luogo),
        "qr_calendario": qr_svg(url_calendario),
    }


def genera_programma(parametri: dict, avanza: Callable[[int], None], percorso: Path) -> str:
    """The A4 poster of a Casa's week."""
    luogo = carica_luogo(parametri["luogo"])
    lunedi = dt.date.fromisoformat(parametri["settimana"])
    dati = dati_settimana(luogo, lunedi)
    avanza(50)
    scrivi_pdf(percorso, "portal/report/pdf/programma_settimanale.html", dati)
    return nome_file("programma", luogo.slug, lunedi.isoformat(), formato="pdf")


def fine_settimana(parametri: dict) -> dt.datetime:
    return mezzanotte(dt.date.fromisoformat(parametri["settimana"]) + dt.timedelta(days=7))


registra_tipo(
    TipoReport(
        codice=RichiestaReport.Tipo.PROGRAMMA_SETTIMANALE,
        formati=("pdf",),
        genera=genera_programma,
        richiesti=frozenset({"luogo", "settimana"}),
        per_community_manager=True,
        fine_periodo=fine_settimana,
    )
)
