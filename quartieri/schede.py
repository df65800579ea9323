"""A place's page, all but what follows the time: rendered once per change, shared.

What a place's page prints of its rows (heading, description, services' cards,
access, address and map, contacts, gestore) changes only when a model of
LUOGHI_E_SERVIZI is written; with the rows it is read from (`SchedaLuogo`, which
the opening states, the week and the exceptions are computed from on each
request) it was most of a first visit. Both are kept shared by every process
(portal/parti_condivise.py) under the group's version and the day (which moves
the exceptions' window); the workers render them beforehand (`prepara_luoghi`).
The coming activities follow registrations and the clock: kept per process
(templatetags/attivita_pubbliche.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal import parti_condivise, versioni
from quartieri.models import (
    EccezioneOrario,
    FasciaOraria,
    FasciaOrariaServizio,
    Luogo,
    Servizio,
)
from quartieri.orari import fasce_per_giorno
from quartieri.versioni import LUOGHI_E_SERVIZI

# How far ahead a place's page lists closures and special openings.
GIORNI_ECCEZIONI_IN_PAGINA = 60
PARTI = {
    "testata": "quartieri/_luogo_testata.html",
    "indice": "quartieri/_luogo_indice.html",
    "descrizione": "quartieri/_luogo_descrizione.html",
    "accesso": "quartieri/_luogo_accesso.html",
    "contatti": "quartieri/_luogo_contatti.html",
}
# Set while a `prepara_luoghi` waits for a worker (portal.parti_condivise.chiedi_una_volta).
IN_CODA = "quartieri:luoghi-in-coda"


@dataclass(frozen=True)
class SchedaLuogo:
    """What a place's page prints that changes only with the place's rows, not with the time."""

    luogo: Luogo  # with quartiere, ambito, comune and gestore
    fasce: list[FasciaOraria]
    # The next GIORNI_ECCEZIONI_IN_PAGINA days': the entry's fingerprint names the day.
    eccezioni: list[EccezioneOrario]
    # Each published service with its own slots.
    servizi: list[tuple[Servizio, list[FasciaOrariaServizio]]]


def _carica_scheda(slug: str, oggi: dt.date) -> SchedaLuogo | None:
    servizi = (
        Servizio.objects.filter(pubblicato=True)
        .select_related("categoria")
        .prefetch_related("fasce_orarie")
    )
    luogo = (
        Luogo.objects.pubblicati()
        .select_related("quartiere__ambito", "quartiere__comune", "gestore")
        .con_orari(oggi, giorni=GIORNI_ECCEZIONI_IN_PAGINA)
        .prefetch_related(Prefetch("servizi", queryset=servizi))
        .filter(slug=slug)
        .first()
    )
    if luogo is None:
        return None
    scheda = SchedaLuogo(
        luogo=luogo,
        fasce=list(luogo.fasce_orarie.all()),
        eccezioni=list(luogo.eccezioni.all()),
        servizi=[(servizio, list(servizio.fasce_orarie.all())) for servizio in luogo.servizi.all()],
    )
    # Kept as plain lists: the prefetched querysets would be pickled with their queries.
    luogo._prefetched_objects_cache = {}
    for servizio, _fasce in scheda.servizi:
        servizio._prefetched_objects_cache = {}
    return scheda


def marcatori(luogo: Luogo) -> list[dict]:
    """The place as the map's script reads it."""
    return [
        {
            "nome": luogo.nome,
            "url": luogo.get_absolute_url(),
            "lat": luogo.lat,
            "lon": luogo.lon,
            "approssimate": not luogo.coordinate_esatte,
        }
    ]


def chiave(slug: str, lingua: str) -> str:
    """The shared cache's entry of place `slug`'s page in `lingua`."""
    return f"luogo:{slug}:{lingua}"


def impronta(oggi: dt.date) -> str:
    """What a page kept for `oggi` must have been rendered under: read before the rows are."""
    return f"{versioni.versione(LUOGHI_E_SERVIZI)}:{oggi.isoformat()}"


def _rendi(scheda: SchedaLuogo, attesa: str, lingua: str) -> dict:
    """Render the parts of `scheda`'s page in `lingua` and keep them, with it, under `attesa`."""
    luogo = scheda.luogo
    with translation.override(lingua):
        contesto = {"luogo": luogo, "servizi": scheda.servizi, "marcatori": marcatori(luogo)}
        parti = {nome: render_to_string(modello, contesto) for nome, modello in PARTI.items()}
        parti["servizi"] = [
            render_to_string(
                "quartieri/_luogo_servizio.html",
                {
                    "servizio": servizio,
                    # A service on its place's hours prints no slots of its own.
                    "fasce_servizio": [] if servizio.usa_orari_luogo else fasce_per_giorno(fasce),
                },
            )
            for servizio, fasce in scheda.servizi
        ]
    parti_condivise.scrivi(chiave(luogo.slug, lingua), attesa, scheda=scheda, parti=parti)
    return parti


def pagina_del_luogo(slug: str, oggi: dt.date) -> tuple[SchedaLuogo, dict] | None:
    """The published place `slug` as its page shows it on `oggi`, with its page's kept
    parts in the active language; None if there is no such place."""
    # Before the rows are read: what is kept under this version was read after it.
    attesa = impronta(oggi)
    lingua = translation.get_language()
    voce = parti_condivise.leggi(chiave(slug, lingua), attesa)
    if voce is not None:
        return voce["scheda"], voce["parti"]
    scheda = _carica_scheda(slug, oggi)
    if scheda is None:
        return None
    return scheda, _rendi(scheda, attesa, lingua)


def prepara_luoghi() -> int:
    """Render every published place's page that is missing or stale, in every language,
    into the shared cache; return how many were rendered."""
    parti_condivise.inizia_run(IN_CODA)
    oggi = timezone.localdate()
    attesa = impronta(oggi)
    lingue = [codice for codice, _nome in settings.LANGUAGES]
    slugs = list(Luogo.objects.pubblicati().order_by("pk").values_list("slug", flat=True))
    da_rifare = parti_condivise.da_rifare(
        {chiave(slug, lingua): attesa for slug in slugs for lingua in lingue}
    )
    rese = 0
    for slug in slugs:
        lingue_da_rendere = [lingua for lingua in lingue if chiave(slug, lingua) in da_rifare]
        if lingue_da_rendere and (scheda := _carica_scheda(slug, oggi)) is not None:
            for lingua in lingue_da_rendere:
                _rendi(scheda, attesa, lingua)
            rese += len(lingue_da_rendere)
    return rese


def chiedi_prepara_luoghi() -> None:
    """After a committed write of LUOGHI_E_SERVIZI: ask a worker to render the pages again."""
    from quartieri.tasks import prepara_luoghi as task

    parti_condivise.chiedi_una_volta(task, IN_CODA)
