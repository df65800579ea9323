"""Bilancio della città collaborativa: a year (optionally an area) against the year before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import RichiestaReport
from portal.report import cifre
from portal.report.generatori.comuni import nome_file
from portal.report.grafici import barre
from portal.report.periodi import mezzanotte
from portal.report.registro import TipoReport, registra_tipo
from portal.report.scrittura import scrivi_pdf, scrivi_xlsx
from portal.report.services import ReportNonGenerabile


def voci_principali() -> list[tuple[str, str]]:
    """The headline figures, in the order the bilancio shows them."""
    return [
        ("accordi", _("Accordi di cittadinanza in vigore")),
        ("progetti", _("Progetti")),
        ("enti_firmatari", _("Enti e gruppi firmatari")),
        ("cittadini_firmatari", _("Cittadini firmatari")),
        ("volontari", _("Volontari con ore approvate")),
        ("ore_volontariato", _("Ore di volontariato approvate")),
        ("ore_collaborazione", _("Ore di collaborazione civica nei progetti")),
        ("abitanti_raggiunti", _("Abitanti raggiunti")),
        ("attivita_svolte", _("Attività svolte nelle Case")),
        ("partecipanti", _("Partecipanti alle attività")),
        ("contatti_sportello", _("Contatti agli sportelli")),
    ]


def dati_bilancio(anno: int, ambito: int | None, avanza: Callable[[int], None]) -> dict:
    """Every section of the bilancio, each computed by grouped queries."""
    from accordi.models import StatoAccordo
    from quartieri.models import AmbitoTerritoriale

    nome_ambito = None
    if ambito:
        trovato = AmbitoTerritoriale.objects.filter(pk=ambito).first()
        if trovato is None:
            raise ReportNonGenerabile(_("L'ambito territoriale del report non esiste più."))
        nome_ambito = trovato.nome
    attuale = cifre.cifre_anno(anno, ambito)
    avanza(30)
    precedente = cifre.cifre_anno(anno - 1, ambito)
    avanza(55)
    case = cifre.attivita_per_casa(anno, ambito)
    avanza(75)
    organismi = cifre.riunioni_per_organismo(anno, ambito)
    avanza(85)
    stati = [
        (
            etichetta,
            attuale["accordi_per_stato"].get(codice, 0),
            precedente["accordi_per_stato"].get(codice, 0),
        )
        for codice, etichetta in StatoAccordo.choices
    ]
    principali = [
        (etichetta, attuale[chiave], precedente[chiave], attuale[chiave] - precedente[chiave])
        for chiave, etichetta in voci_principali()
    ]
    return {
        "anno": anno,
        "anno_precedente": anno - 1,
        "ambito": nome_ambito,
        "principali": principali,
        "stati": stati,
        "case": case,
        "organismi": organismi,
    }


def _fogli(dati: dict):
    anno, precedente = dati["anno"], dati["anno_precedente"]
    return [
        (
            _("Sintesi"),
            [_("Voce"), str(anno), str(precedente), _("Differenza")],
            dati["principali"],
        ),
        (_("Accordi per stato"), [_("Stato"), str(anno), str(precedente)], dati["stati"]),
        (
            _("Case di Quartiere"),
            [_("Luogo"), _("Quartiere"), _("Attività svolte"), _("Partecipanti"), _("Contatti")],
            (
                (
                    c["nome"],
                    c["quartiere__nome"],
                    c["attivita_svolte"],
                    c["partecipanti"],
                    c["n_contatti"],
                )
                for c in dati["case"]
            ),
        ),
        (
            _("Organismi di partecipazione"),
            [_("Organismo"), _("Riunioni"), _("Partecipanti"), _("Presenze dei membri")],
            (
                (o["nome"], o["n_riunioni"], o["n_partecipanti"], o["presenze_membri"])
                for o in dati["organismi"]
            ),
        ),
    ]


def genera_bilancio(parametri: dict, avanza: Callable[[int], None], percorso: Path) -> str:
    """The yearly bilancio as XLSX (a sheet per section) or a printable PDF with charts."""
    anno, ambito, formato = parametri["anno"], parametri.get("ambito"), parametri["formato"]
    dati = dati_bilancio(anno, ambito, avanza)
    if formato == "xlsx":
        scrivi_xlsx(percorso, _fogli(dati))
    else:
        grafici = {
            "stati": barre(
                _("Accordi per stato nel %(anno)d") % {"anno": anno},
                [(etichetta, valore) for etichetta, valore, _prec in dati["stati"]],
                "grafico-stati",
            ),
            "case": barre(
                _("Attività svolte per Casa nel %(anno)d") % {"anno": anno},
                [(c["nome"], c["attivita_svolte"]) for c in dati["case"]],
                "grafico-case",
            ),
            "confronto": barre(
                _("Partecipanti e contatti: %(anno)d e %(precedente)d")
                % {"anno": anno, "precedente": anno - 1},
                [
                    (f"{etichetta} {anno}", valore)
                    for etichetta, valore, _p, _d in dati["principali"][-3:]
                ]
                + [
                    (f"{etichetta} {anno - 1}", precedente)
                    for etichetta, _v, precedente, _d in dati["principali"][-3:]
                ],
                "grafico-confronto",
            ),
        }
        scrivi_pdf(
            percorso,
            "portal/report/pdf/bilancio.html",
            {**dati, "grafici": grafici, "generato_il": timezone.now()},
        )
    return nome_file("bilancio", anno, dati["ambito"], formato=formato)


def fine_anno(parametri: dict) -> dt.datetime:
    return mezzanotte(dt.date(parametri["anno"] + 1, 1, 1))


registra_tipo(
    TipoReport(
        codice=RichiestaReport.Tipo.BILANCIO,
        formati=("xlsx", "pdf"),
        genera=genera_bilancio,
        richiesti=frozenset({"anno"}),
        facoltativi=frozenset({"ambito"}),
        fine_periodo=fine_anno,
    )
)
