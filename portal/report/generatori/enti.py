"""The registry of organisations: public fields only, as in the open data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import RichiestaReport
from portal.report.generatori.comuni import con_avanzamento, nome_file
from portal.report.registro import TipoReport, registra_tipo
from portal.report.scrittura import scrivi_csv, scrivi_xlsx

RIGHE_PER_BLOCCO = 1000


def colonne() -> list[str]:
    return [
        _("Nome"),
        _("Forma giuridica"),
        _("Codice fiscale"),
        _("Sezione RUNTS"),
        _("Numero RUNTS"),
        _("Comune"),
        _("Quartiere"),
        _("Settori"),
        _("E-mail"),
        _("Telefono"),
        _("Sito"),
    ]


def righe_enti(quartiere: int | None = None) -> tuple[int, Iterator[list]]:
    """How many organisations are in the registry, and their rows (read in chunks)."""
    from accordi.models import enti_nel_registro

    enti = enti_nel_registro()
    if quartiere:
        enti = enti.filter(quartiere=quartiere)
    enti = (
        enti.select_related("comune", "quartiere")
        .prefetch_related("settori")
        .order_by("nome", "pk")
    )

    def righe() -> Iterator[list]:
        for ente in enti.iterator(chunk_size=RIGHE_PER_BLOCCO):
            # Contacts only with the organisation's consent, as on its public page.
            pubblici = ente.contatti_pubblici
            yield [
                ente.nome,
                ente.get_forma_giuridica_display(),
                ente.codice_fiscale,
                ente.get_sezione_runts_display() if ente.sezione_runts else "",
                ente.numero_runts,
                ente.comune.nome,
                ente.quartiere.nome if ente.quartiere_id else "",
                "; ".join(s.nome for s in ente.settori.all()),
                ente.email if pubblici else "",
                ente.telefono if pubblici else "",
                ente.sito if pubblici else "",
            ]

    return enti.count(), righe()


def genera_registro_enti(parametri: dict, avanza: Callable[[int], None], percorso: Path) -> str:
    """The registry of organisations as CSV or XLSX."""
    totale, righe = righe_enti(parametri.get("quartiere"))
    righe = con_avanzamento(righe, totale, avanza)
    if parametri["formato"] == "csv":
        scrivi_csv(percorso, colonne(), righe)
    else:
        scrivi_xlsx(percorso, [(_("Registro degli enti"), colonne(), righe)])
    return nome_file(
        "registro-enti", timezone.localdate().isoformat(), formato=parametri["formato"]
    )


registra_tipo(
    TipoReport(
        codice=RichiestaReport.Tipo.REGISTRO_ENTI,
        formati=("csv", "xlsx"),
        genera=genera_registro_enti,
        facoltativi=frozenset({"quartiere"}),
    )
)
