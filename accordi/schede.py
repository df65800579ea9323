"""An agreement's page, all but its numbers: rendered once per write, shared by every process.

What the page prints besides its numbers (title and state, places, story,
meetings, signatories, projects with their indicators, renewals) changes only
when a model of SCHEDE_ACCORDI is written, and rendering it from its 150-odd
rows was four fifths of a first visit. It is kept as parts shared by every
process (portal/parti_condivise.py) under the group's version and the state
shown, which follows the date; the workers render them beforehand
(`prepara_schede`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.template.loader import render_to_string
from django.utils import translation

from accordi.models import (
    Accordo,
    AggiornamentoProgetto,
    Firmatario,
    IncontroLaboratorio,
    Indicatore,
    Progetto,
    TransizioneAccordo,
    ValoreIndicatore,
    enti_nel_registro,
)
from accordi.versioni import SCHEDE_ACCORDI
from portal import parti_condivise, versioni
from quartieri.models import Ente

PARTI = {
    nome: f"accordi/_accordo_{nome}.html" for nome in ("testata", "indice", "descrizione", "storia")
}
# Set while a `prepara_schede` waits for a worker (portal.parti_condivise.chiedi_una_volta).
IN_CODA = "accordi:schede-in-coda"


def indicatori_con_ultimo_valore() -> QuerySet[Indicatore]:
    """Indicators annotated with `ultimo_valore`: the value stated in the latest update."""
    ultimo = (
        # The project's condition is redundant but lets the planner start from the
        # project's few updates instead of scanning them all.
        ValoreIndicatore.objects.filter(
            indicatore=OuterRef("pk"), aggiornamento__progetto=OuterRef("progetto")
        )
        .order_by("-aggiornamento__data", "-aggiornamento__pk")
        .values("valore")[:1]
    )
    return Indicatore.objects.annotate(ultimo_valore=Subquery(ultimo)).order_by("nome")


def _ultimi_aggiornamenti() -> QuerySet[AggiornamentoProgetto]:
    ultimo = (
        AggiornamentoProgetto.objects.filter(progetto=OuterRef("progetto"))
        .order_by("-data", "-pk")
        .values("pk")[:1]
    )
    return AggiornamentoProgetto.objects.filter(pk=Subquery(ultimo))


def _scheda(pk: int) -> Accordo:
    """The agreement with everything its kept parts print."""
    # Only the columns the page prints, here and in the signatories below.
    progetti = (
        Progetto.objects.select_related("tema")
        .only("accordo_id", "titolo", "famiglia", "stato", "tema__nome")
        .con_abitanti()
        .prefetch_related(
            Prefetch("indicatori", queryset=indicatori_con_ultimo_valore()),
            Prefetch("aggiornamenti", queryset=_ultimi_aggiornamenti(), to_attr="ultimi"),
        )
        .order_by("titolo", "pk")
    )
    return (
        Accordo.objects.con_numeri()
        .select_related("comune", "ambito", "architetto_di_quartiere", "rinnova")
        .prefetch_related(
            "quartieri",
            "temi",
            Prefetch(
                "transizioni",
                # Who moved the agreement stays with staff: the public sees when and why.
                queryset=TransizioneAccordo.objects.only(
                    "accordo_id", "da", "a", "momento", "motivo"
                ).order_by("momento", "pk"),
            ),
            Prefetch(
                "incontri",
                queryset=IncontroLaboratorio.objects.select_related("luogo").order_by("data", "pk"),
            ),
            Prefetch(
                "firmatari",
                queryset=Firmatario.objects.pubblici()
                .select_related("ente", "utente")
                .only(
                    "accordo_id",
                    "tipo",
                    "ruolo",
                    "nome_cittadino",
                    "consenso_pubblicazione",
                    "ente__nome",
                    "ente__slug",
                    "utente__first_name",
                    "utente__last_name",
                )
                # The registry's own rule, not a copy of it: one subquery per signatory.
                .annotate(
                    ente_con_pagina=Exists(
                        enti_nel_registro(Ente.objects.filter(pk=OuterRef("ente_id")))
                    )
                )
                .order_by("data_firma", "pk"),
                to_attr="firmatari_pubblici",
            ),
            Prefetch("progetti", queryset=progetti),
            Prefetch(
                "rinnovi",
                queryset=Accordo.objects.pubblici().order_by("data_inizio", "pk"),
                to_attr="rinnovi_pubblici",
            ),
        )
        .get(pk=pk)
    )


def _contesto(scheda: Accordo) -> dict[str, Any]:
    firmatari = scheda.firmatari_pubblici

    def del_tipo(tipo: str) -> list[Firmatario]:
        return [f for f in firmatari if f.tipo == tipo]

    tipi = Firmatario.Tipo
    return {
        "accordo": scheda,
        "scheda": scheda,
        "firmatari_comune": del_tipo(tipi.COMUNE),
        "firmatari_enti": del_tipo(tipi.ENTE),
        "firmatari_gruppi": del_tipo(tipi.GRUPPO_INFORMALE),
        "firmatari_cittadini": del_tipo(tipi.CITTADINO),
        "enti_con_pagina": {f.ente_id for f in firmatari if f.ente_con_pagina},
    }


def chiave(pk: int, lingua: str) -> str:
    """The shared cache's entry of agreement `pk`'s parts in `lingua`."""
    return f"accordo:{pk}:{lingua}"


def impronta(versione: str, accordo: Accordo) -> str:
    """What `accordo`'s kept parts must have been rendered under, SCHEDE_ACCORDI being at
    `versione`."""
    # The state shown follows today's date: the day an agreement falls due, the entry
    # rendered the day before is stale although nothing was written.
    return f"{versione}:{accordo.stato_mostrato}"


def _rendi(scheda: Accordo, versione: str, lingua: str) -> dict[str, str]:
    """Render the parts of `scheda` in `lingua` and keep them under `versione`."""
    with translation.override(lingua):
        contesto = _contesto(scheda)
        parti = {nome: render_to_string(modello, contesto) for nome, modello in PARTI.items()}
    parti_condivise.scrivi(chiave(scheda.pk, lingua), impronta(versione, scheda), parti=parti)
    return parti


def parti_della_pagina(accordo: Accordo, versione: str) -> dict[str, str]:
    """The kept parts of `accordo`'s page in the active language, rendered if not found.

    `versione` is SCHEDE_ACCORDI's, read before `accordo` was: parts rendered from rows
    read after a write are never kept under the version from before it.
    """
    lingua = translation.get_language()
    voce = parti_condivise.leggi(chiave(accordo.pk, lingua), impronta(versione, accordo))
    if voce is not None:
        return voce["parti"]
    return _rendi(_scheda(accordo.pk), versione, lingua)


def prepara_schede() -> int:
    """Render every public agreement's parts that are missing or stale, in every language,
    into the shared cache; return how many were rendered."""
    parti_condivise.inizia_run(IN_CODA)
    versione = versioni.versione(SCHEDE_ACCORDI)
    lingue = [codice for codice, _nome in settings.LANGUAGES]
    accordi = list(Accordo.objects.pubblici().only("stato", "data_fine").order_by("pk"))
    da_rifare = parti_condivise.da_rifare(
        {chiave(a.pk, lingua): impronta(versione, a) for a in accordi for lingua in lingue}
    )
    rese = 0
    for accordo in accordi:
        lingue_da_rendere = [lingua for lingua in lingue if chiave(accordo.pk, lingua) in da_rifare]
        if lingue_da_rendere:
            scheda = _scheda(accordo.pk)
            for lingua in lingue_da_rendere:
                _rendi(scheda, versione, lingua)
            rese += len(lingue_da_rendere)
    return rese


def chiedi_prepara_schede() -> None:
    """After a committed write of SCHEDE_ACCORDI: ask a worker to render the parts again."""
    from accordi.tasks import prepara_schede as task

    parti_condivise.chiedi_una_volta(task, IN_CODA)
