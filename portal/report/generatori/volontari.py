"""Volunteer hours (by service, project, tutor and month) and the register of volunteers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import RichiestaReport
from portal.report.generatori.comuni import con_avanzamento, nome_file
from portal.report.periodi import anno as periodo_anno
from portal.report.periodi import mezzanotte
from portal.report.registro import TipoReport, registra_tipo
from portal.report.scrittura import scrivi_csv, scrivi_xlsx

RIGHE_PER_BLOCCO = 2000


def _colonne(voce: str) -> list[str]:
    return [voce, _("Ore approvate"), _("Volontari"), _("Registrazioni")]


def raggruppamenti(anno: int) -> list[tuple[str, str, list[tuple]]]:
    """(sheet, column label, rows) for each grouping of the year's approved hours."""
    from volontari.models import Opportunita, OreVolontariato

    inizio, fine = periodo_anno(anno)
    ore = OreVolontariato.objects.approvate().filter(data__gte=inizio, data__lt=fine).order_by()
    misure = {
        "ore": Sum("ore"),
        "volontari": Count("incarico__volontario", distinct=True),
        "registrazioni": Count("pk"),
    }
    servizi = dict(Opportunita.Servizio.choices)
    per_servizio = [
        (
            servizi.get(r["voce"], r["voce"]) if r["voce"] else _("Progetti degli accordi"),
            r["ore"],
            r["volontari"],
            r["registrazioni"],
        )
        for r in ore.values(voce=F("incarico__opportunita__servizio_comunale"))
        .annotate(**misure)
        .order_by("voce")
    ]
    per_progetto = [
        (f"{r['codice']} – {r['voce']}", r["ore"], r["volontari"], r["registrazioni"])
        for r in ore.filter(incarico__opportunita__progetto__isnull=False)
        .values(
            voce=F("incarico__opportunita__progetto__titolo"),
            codice=F("incarico__opportunita__progetto__accordo__codice"),
        )
        .annotate(**misure)
        .order_by("codice", "voce")
    ]
    # An opportunity's hours count for each of its tutors (usually two per service).
    per_tutor = [
        (
            " ".join(filter(None, [r["nome"], r["cognome"]])) or r["email"],
            r["ore"],
            r["volontari"],
            r["registrazioni"],
        )
        for r in ore.filter(incarico__opportunita__tutor__isnull=False)
        .values(
            nome=F("incarico__opportunita__tutor__first_name"),
            cognome=F("incarico__opportunita__tutor__last_name"),
            email=F("incarico__opportunita__tutor__email"),
        )
        .annotate(**misure)
        .order_by("cognome", "nome", "email")
    ]
    per_mese = [
        (r["mese"].strftime("%Y-%m"), r["ore"], r["volontari"], r["registrazioni"])
        for r in ore.annotate(mese=TruncMonth("data"))
        .values("mese")
        .annotate(**misure)
        .order_by("mese")
    ]
    return [
        (_("Per servizio"), _("Servizio"), per_servizio),
        (_("Per progetto"), _("Progetto"), per_progetto),
        (_("Per tutor"), _("Tutor"), per_tutor),
        (_("Per mese"), _("Mese"), per_mese),
    ]


def genera_ore(parametri: dict, avanza: Callable[[int], None], percorso: Path) -> str:
    """The year's approved volunteer hours, grouped four ways, as XLSX or CSV."""
    gruppi = raggruppamenti(parametri["anno"])
    avanza(70)
    if parametri["formato"] == "csv":
        scrivi_csv(
            percorso,
            [
                _("Raggruppamento"),
                _("Voce"),
                _("Ore approvate"),
                _("Volontari"),
                _("Registrazioni"),
            ],
            ((titolo, *riga) for titolo, _colonna, righe in gruppi for riga in righe),
        )
    else:
        scrivi_xlsx(
            percorso, [(titolo, _colonne(colonna), righe) for titolo, colonna, righe in gruppi]
        )
    return nome_file("ore-volontariato", parametri["anno"], formato=parametri["formato"])


def fine_anno(parametri: dict) -> dt.datetime:
    return mezzanotte(dt.date(parametri["anno"] + 1, 1, 1))


registra_tipo(
    TipoReport(
        codice=RichiestaReport.Tipo.ORE_VOLONTARIATO,
        formati=("xlsx", "csv"),
        genera=genera_ore,
        richiesti=frozenset({"anno"}),
        fine_periodo=fine_anno,
    )
)


def _righe_registro(incarichi) -> Iterator[list]:
    from volontari.views.registro import CAMPI

    for riga in incarichi.values_list(*CAMPI).iterator(chunk_size=RIGHE_PER_BLOCCO):
        yield list(riga)


def genera_registro_volontari(
    parametri: dict, avanza: Callable[[int], None], percorso: Path
) -> str:
    """The register of volunteers (D.Lgs. 117/2017, art. 17), in volontari's own layout."""
    from volontari.models import Incarico
    from volontari.views.registro import intestazioni

    incarichi = Incarico.objects.filter(volontario__anonimizzato_il__isnull=True).order_by(
        "volontario__cognome", "volontario__nome", "volontario__pk", "data_inizio", "pk"
    )
    # Occasional volunteers are kept in their own section of the register.
    sezioni = [
        (_("Volontari non occasionali"), incarichi.filter(volontario__occasionale=False)),
        (_("Volontari occasionali"), incarichi.filter(volontario__occasionale=True)),
    ]
    totale = incarichi.count()
    if parametri["formato"] == "csv":
        scrivi_csv(
            percorso,
            [_("Sezione"), *intestazioni()],
            con_avanzamento(
                ([titolo, *riga] for titolo, qs in sezioni for riga in _righe_registro(qs)),
                totale,
                avanza,
            ),
        )
    else:
        scrivi_xlsx(
            percorso,
            [
                (titolo, intestazioni(), con_avanzamento(_righe_registro(qs), totale, avanza))
                for titolo, qs in sezioni
            ],
        )
    return nome_file(
        "registro-volontari", timezone.localdate().isoformat(), formato=parametri["formato"]
    )


registra_tipo(
    TipoReport(
        codice=RichiestaReport.Tipo.REGISTRO_VOLONTARI,
        formati=("xlsx", "csv"),
        genera=genera_registro_volontari,
    )
)
