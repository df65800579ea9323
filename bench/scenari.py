"""The pages the benchmark measures, and at how many concurrent clients.

To measure a new page, append a `Scenario` to `SCENARI` (e.g. the activities
calendar, an agreement's page, a volunteer's area). Paths may use the
synthetic records of `generate_scale_data`, whose slugs are fixed by the seed.
A page that answers 404 (not built yet) is reported as "not available".

`{accordo}` in a path is the first public agreement by slug, picked after the
data is loaded; `sessione` names the synthetic user the page is requested as
(see bench/sessioni.py): "volontario" (the one with the most entries),
"tutor" (the one with the longest approval queue) or "manager" (the community
manager of `{casa}`, the first synthetic place).
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    nome: str
    percorso: str
    # The targets apply to real pages; the ceiling has none.
    con_obiettivi: bool = True
    # Empty: anonymous. Otherwise a key of bench/sessioni.py's "sessioni".
    sessione: str = ""
    # `{lat}` and `{lon}` in the path: every request asks from another point of the
    # city (`punto_a_caso`), as visitors near different places do.
    punto_a_caso: bool = False


@dataclass(frozen=True)
class Carico:
    connessioni: int
    thread: int


PERCORSO_TETTO = "/bench-ceiling/"

# Where the synthetic city's places are (generate_scale_data spreads them around Reggio
# Emilia's centre): the random points fall inside it, so every page has nearby places.
LAT_MIN, LAT_MAX = 44.65, 44.75
LON_MIN, LON_MAX = 10.57, 10.69


def punto_a_caso(caso: random.Random) -> dict[str, str]:
    """A point of the synthetic city, for a path's `{lat}` and `{lon}`."""
    return {
        "lat": f"{caso.uniform(LAT_MIN, LAT_MAX):.5f}",
        "lon": f"{caso.uniform(LON_MIN, LON_MAX):.5f}",
    }


# wrk's script for a `punto_a_caso` scenario (`{percorso}`, with `{{lat}}` and `{{lon}}`
# left for it): each of wrk's threads draws its own sequence of points, the same in
# every run.
SCRIPT_PUNTO_A_CASO = """
local contatore = 0
function setup(thread)
  contatore = contatore + 1
  thread:set("seme", contatore)
end
function init(args)
  math.randomseed(seme)
end
function request()
  local lat = string.format("%.5f", {lat_min} + math.random() * {lat_ampiezza})
  local lon = string.format("%.5f", {lon_min} + math.random() * {lon_ampiezza})
  local percorso = ("{percorso}"):gsub("{{lat}}", lat):gsub("{{lon}}", lon)
  return wrk.format(nil, percorso)
end
"""


def script_punto_a_caso(percorso: str) -> str:
    return SCRIPT_PUNTO_A_CASO.format(
        percorso=percorso,
        lat_min=LAT_MIN,
        lat_ampiezza=LAT_MAX - LAT_MIN,
        lon_min=LON_MIN,
        lon_ampiezza=LON_MAX - LON_MIN,
    )


SCENARI: list[Scenario] = [
    Scenario("Vista banale (tetto)", PERCORSO_TETTO, con_obiettivi=False),
    # The site's layout with no data: what base.html alone costs, between the ceiling and a page.
    Scenario("Pagina senza dati (solo layout)", "/privacy/", con_obiettivi=False),
    Scenario("Home", "/"),
    Scenario("Elenco delle Case", "/case-di-quartiere/"),
    Scenario("Scheda di un luogo", "/case-di-quartiere/sint-luogo-0001/"),
    Scenario("Servizi vicino a un punto", "/servizi/?lat=44.7&lon=10.63"),
    # A new point is a page with new filters: every row has a distance no one was shown.
    Scenario(
        "Servizi vicino a un punto qualsiasi",
        "/servizi/?lat={lat}&lon={lon}",
        punto_a_caso=True,
    ),
    Scenario(
        "Case vicino a un punto qualsiasi",
        "/case-di-quartiere/?lat={lat}&lon={lon}",
        punto_a_caso=True,
    ),
    Scenario("Calendario delle attività", "/attivita/"),
    Scenario("Calendario: questa settimana", "/attivita/?quando=settimana"),
    Scenario("Feed iCal delle attività", "/attivita/calendario.ics"),
    Scenario("Elenco degli accordi", "/accordi/"),
    Scenario("Scheda di un accordo", "/accordi/{accordo}/"),
    Scenario("Elenco delle opportunità di volontariato", "/volontariato/"),
    Scenario("Enti del terzo settore", "/enti/"),
    Scenario("Organismi di partecipazione", "/partecipazione/"),
    Scenario("I numeri delle Case", "/numeri/"),
    Scenario("Area personale di un volontario", "/area-personale/", sessione="volontario"),
    Scenario("Coda di approvazione di un tutor", "/volontariato/tutor/", sessione="tutor"),
    Scenario("Gestione di una Casa", "/gestione/{casa}/", sessione="manager"),
    # Issue 7's own target for it: a year's certificate in under a second (the p50 and p99 here).
    Scenario(
        "Attestato delle ore di un anno (PDF)",
        "/area-personale/attestato/?dal={anno_scorso}-01-01&al={anno_scorso}-12-31",
        con_obiettivi=False,
        sessione="volontario",
    ),
]

CARICHI: list[Carico] = [Carico(connessioni=1, thread=1), Carico(connessioni=16, thread=2)]

# Targets from issue 3: one client's median under 20 ms; at 16 clients at
# least 150 requests per second with p99 under 250 ms.
MEDIANA_MASSIMA_1_CLIENT_MS = 20.0
RICHIESTE_MINIME_16_CLIENT = 150.0
P99_MASSIMO_16_CLIENT_MS = 250.0

# Targets from issue 15. With the page cache off (a first visit): a signed-in
# page at least 100 requests per second at 16 clients, and the median of the
# public pages at 16 clients at least 250. With the cache on: every public
# page at 16 clients at least a third of the ceiling's requests per second in
# the same pass.
RICHIESTE_MINIME_16_CLIENT_AUTENTICATE_SENZA_CACHE = 100.0
MEDIANA_MINIMA_16_CLIENT_SENZA_CACHE = 250.0
FRAZIONE_MINIMA_DEL_TETTO_CON_CACHE = 1 / 3


@dataclass(frozen=True)
class Passata:
    """One run of every scenario against a gunicorn started with `ambiente`."""

    # What `--cache` calls it.
    chiave: str
    nome: str
    con_cache: bool
    # Added to the served portal's environment.
    ambiente: dict[str, str]


SENZA_CACHE_DELLE_PAGINE = {
    "CACHE_PAGINE_PUBBLICHE_SECONDI": "0",
    "CACHE_PAGINE_PERSONALI_SECONDI": "0",
}

PASSATE: list[Passata] = [
    Passata("accesa", "Cache delle pagine accesa (visite ripetute)", True, {}),
    Passata("spenta", "Cache delle pagine spenta (prima visita)", False, SENZA_CACHE_DELLE_PAGINE),
    # wrk asks for the same address again and again: with the page cache off, the rows
    # (and an agreement's page) rendered by the first request are still reused by the
    # next (CACHES["righe"]). Here nothing rendered is kept: every request renders every
    # row, as the first visit to a page whose rows no one has asked for since a restart.
    Passata(
        "fredda",
        "Cache delle pagine e delle righe spenta (prima visita a righe mai mostrate)",
        False,
        {**SENZA_CACHE_DELLE_PAGINE, "CACHE_RIGHE_VOCI": "0"},
    ),
]
