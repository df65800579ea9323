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
    # The path's `{lat}` and `{lon}` (a point of the city), `{luogo_a_caso}` (a published
    # place) or `{accordo_a_caso}` (a public agreement) are drawn anew for every request,
    # by wrk's script: visitors near different places, on different pages.
    a_caso: bool = False


@dataclass(frozen=True)
class Carico:
    connessioni: int
    thread: int


PERCORSO_TETTO = "/bench-ceiling/"

# Where the synthetic city's places are (generate_scale_data spreads them around Reggio
# Emilia's centre): the random points fall inside it, so every page has nearby places.
LAT_MIN, LAT_MAX = 44.65, 44.75
LON_MIN, LON_MAX = 10.57, 10.69


# What a path's random placeholders are drawn from, besides the point: lists of
# bench/sessioni.py's context.
ELENCHI_A_CASO = {"luogo_a_caso": "luoghi", "accordo_a_caso": "accordi"}
SEGNAPOSTO_A_CASO = ("lat", "lon", *ELENCHI_A_CASO)


def elenchi_usati(percorso: str) -> dict[str, str]:
    """The random placeholders of `percorso` drawn from a list, with the list's name."""
    return {nome: elenco for nome, elenco in ELENCHI_A_CASO.items() if f"{{{nome}}}" in percorso}


def valori_a_caso(caso: random.Random, percorso: str, contesto: dict) -> dict[str, str]:
    """One request's values of `percorso`'s random placeholders (the point always)."""
    return {
        "lat": f"{caso.uniform(LAT_MIN, LAT_MAX):.5f}",
        "lon": f"{caso.uniform(LON_MIN, LON_MAX):.5f}",
        **{nome: caso.choice(contesto[e]) for nome, e in elenchi_usati(percorso).items()},
    }


# wrk's script for an `a_caso` scenario: each of wrk's threads draws its own sequence
# of values, the same in every run.
SCRIPT_A_CASO = """
local elenchi = {elenchi}
local contatore = 0
function setup(thread)
  contatore = contatore + 1
  thread:set("seme", contatore)
end
function init(args)
  math.randomseed(seme)
end
function request()
  local valori = {{
    lat = string.format("%.5f", {lat_min} + math.random() * {lat_ampiezza}),
    lon = string.format("%.5f", {lon_min} + math.random() * {lon_ampiezza}),
  }}
  for nome, elenco in pairs(elenchi) do
    valori[nome] = elenco[math.random(#elenco)]
  end
  local percorso = ({percorso}):gsub("{{([%w_]+)}}", valori)
  return wrk.format(nil, percorso)
end
"""


def _lua(valore: str) -> str:
    """A Lua string literal (slugs and paths: no quote or backslash to escape)."""
    if '"' in valore or "\\" in valore:
        raise ValueError(f"non adatto a uno script di wrk: {valore!r}")
    return f'"{valore}"'


def script_a_caso(percorso: str, contesto: dict) -> str:
    """wrk's script for `percorso`, its random placeholders still in it."""
    elenchi = ", ".join(
        f"{nome} = {{{', '.join(_lua(v) for v in contesto[elenco])}}}"
        for nome, elenco in elenchi_usati(percorso).items()
    )
    return SCRIPT_A_CASO.format(
        elenchi=f"{{{elenchi}}}",
        percorso=_lua(percorso),
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
    # A new point is a page with new filters: every row has a distance no one was shown
    # (printed between the row's kept parts, which visitors near the same places share).
    Scenario(
        "Servizi vicino a un punto qualsiasi",
        "/servizi/?lat={lat}&lon={lon}",
        a_caso=True,
    ),
    Scenario(
        "Case vicino a un punto qualsiasi",
        "/case-di-quartiere/?lat={lat}&lon={lon}",
        a_caso=True,
    ),
    # The first visit to a place's or an agreement's page: a different one every time,
    # so what is kept for each (its card, coming dates, rows) is mostly not there yet.
    Scenario("Scheda di un luogo qualsiasi", "/case-di-quartiere/{luogo_a_caso}/", a_caso=True),
    Scenario("Scheda di un accordo qualsiasi", "/accordi/{accordo_a_caso}/", a_caso=True),
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
