"""`make bench`: load PostgreSQL with synthetic data, serve with gunicorn, measure with wrk.

Steps: create the database if missing, migrate, `generate_scale_data --reset`,
VACUUM ANALYZE, collectstatic into a temporary folder, start gunicorn (2 sync workers, DEBUG
off) on a free loopback port, warm up, run wrk on every scenario of
`bench/scenari.py` at each load, print a Markdown table and write it to
`bench/results/<timestamp>.md`. Everything stays on loopback and every step
has a time limit; gunicorn is stopped at the end whatever happens.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench import bilancio, worker, wrk
from bench.scenari import (
    CARICHI,
    FRAZIONE_MINIMA_DEL_TETTO_CON_CACHE,
    MEDIANA_MASSIMA_1_CLIENT_MS,
    MEDIANA_MINIMA_16_CLIENT_SENZA_CACHE,
    P99_MASSIMO_16_CLIENT_MS,
    PASSATE,
    PERCORSO_TETTO,
    RICHIESTE_MINIME_16_CLIENT,
    RICHIESTE_MINIME_16_CLIENT_AUTENTICATE_SENZA_CACHE,
    SCENARI,
    SEGNAPOSTO_A_CASO,
    Carico,
    Passata,
    Scenario,
    elenchi_usati,
    script_a_caso,
    valori_a_caso,
)

BASE_DIR = Path(__file__).resolve().parent.parent
CARTELLA_RISULTATI = Path(__file__).resolve().parent / "results"
DATABASE_PREDEFINITO = "postgres://postgres@127.0.0.1:5432/cdq_bench"
HOST_LOOPBACK = {"127.0.0.1", "localhost", "::1", ""}
ATTESA_AVVIO_SECONDI = 30
LIMITE_COMANDO_SECONDI = 600


class ErroreBench(Exception):
    """A precondition is missing or a step failed: the message says what to do."""


def argomenti(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="secondi di misura per carico")
    parser.add_argument("--warmup", type=int, default=3, help="secondi di riscaldamento per pagina")
    parser.add_argument("--places", type=int, default=1000)
    parser.add_argument("--services", type=int, default=10000)
    parser.add_argument("--activities", type=int, default=100000)
    parser.add_argument("--agreements", type=int, default=300)
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--signatories", type=int, default=20000)
    parser.add_argument("--volunteers", type=int, default=5000)
    parser.add_argument("--ledger-entries", type=int, default=1000000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TESTO",
        help="misura solo le pagine il cui percorso contiene TESTO (ripetibile; il tetto sempre)",
    )
    parser.add_argument(
        "--bilancio",
        action="store_true",
        help="misura il bilancio annuale prodotto da un worker Celery reale (bench/bilancio.py)",
    )
    parser.add_argument(
        "--cache",
        choices=["tutte", *(p.chiave for p in PASSATE)],
        default="tutte",
        help="le passate da misurare: cache delle pagine accesa, spenta, spenta con le righe"
        " (fredda) o tutte",
    )
    parser.add_argument(
        "--reuse-data",
        action="store_true",
        help="non rigenerare i dati sintetici (già caricati da un'esecuzione precedente)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DATABASE_PREDEFINITO,
        help="PostgreSQL su loopback (predefinito: $BENCH_DATABASE_URL o %(default)s)",
    )
    opzioni = parser.parse_args(argv)
    if opzioni.duration < 1 or opzioni.warmup < 0:
        parser.error("--duration deve essere almeno 1 e --warmup non negativo")
    return opzioni


def controlla_prerequisiti(database_url: str) -> None:
    if shutil.which("wrk") is None:
        raise ErroreBench("wrk non è installato: apt-get install wrk")
    parti = urlsplit(database_url)
    if parti.scheme not in {"postgres", "postgresql"}:
        raise ErroreBench(f"BENCH_DATABASE_URL deve essere PostgreSQL, non {parti.scheme!r}")
    if (parti.hostname or "") not in HOST_LOOPBACK:
        raise ErroreBench("il benchmark usa solo un PostgreSQL su loopback (127.0.0.1)")


def crea_database_se_manca(database_url: str) -> str:
    """Create the benchmark database if missing; return the server's version."""
    import psycopg
    from psycopg import sql

    parti = urlsplit(database_url)
    nome = parti.path.lstrip("/")
    manutenzione = parti._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(manutenzione, autocommit=True, connect_timeout=5) as conn:
            esiste = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nome]).fetchone()
            if not esiste:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nome)))
                print(f"Creato il database {nome}.")
            versione = conn.info.server_version
    except psycopg.OperationalError as exc:
        raise ErroreBench(f"PostgreSQL non risponde su {parti.hostname}: {exc}") from exc
    return f"{versione // 10000}.{versione % 10000}"


def aggiorna_statistiche(database_url: str) -> None:
    """VACUUM ANALYZE the database, as autovacuum does after a bulk load in production,
    and give it production's random_page_cost.

    Without statistics (a fresh load, or a server with autovacuum off) the
    planner guesses row counts and picks sequential scans; before the vacuum
    every first read of a freshly written row also checks its transaction
    (hint bits): the figures would measure the missing maintenance, not the pages.
    """
    import psycopg
    from psycopg import sql

    print("→ VACUUM ANALYZE", flush=True)
    with psycopg.connect(database_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute("VACUUM ANALYZE")
        # The planner's cost of a random read as docker-compose.yml sets it for production.
        nome = conn.execute("SELECT current_database()").fetchone()[0]
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET random_page_cost = 1.1").format(sql.Identifier(nome))
        )


def ambiente(database_url: str, static_root: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-secret-key-never-used-elsewhere-6f1c0a9e",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": static_root,
            "LOG_LEVEL": "WARNING",
            # The community manager's session has no second factor: the management page is
            # measured, not the step that asks for it.
            "STAFF_MFA_REQUIRED": "false",
        }
    )
    # Redis only if asked for: without it the cache is per process, as in the default setup.
    if os.environ.get("BENCH_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    return env


def manage(env: dict[str, str], *comando: str) -> None:
    print("→ manage.py", " ".join(comando), flush=True)
    subprocess.run(
        [sys.executable, "manage.py", *comando],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=LIMITE_COMANDO_SECONDI,
    )


def porta_libera() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stato_http(url: str, intestazioni: dict[str, str] | None = None) -> int:
    """The status of a GET to `url` with `intestazioni`, redirects not followed."""

    class NessunRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    apri = urllib.request.build_opener(NessunRedirect).open
    # Always http://127.0.0.1:<port>/..., built by this module.
    richiesta_http = urllib.request.Request(url, headers=intestazioni or {})  # noqa: S310
    try:
        with apri(richiesta_http, timeout=10) as risposta:
            return risposta.status
    except urllib.error.HTTPError as exc:
        return exc.code


@contextmanager
def gunicorn(env: dict[str, str], porta: int, log: Path):
    """Serve the portal with 2 sync workers on 127.0.0.1:`porta`; stop it on exit."""
    with log.open("w") as uscita:
        processo = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "--workers=2",
                "--worker-class=sync",
                f"--bind=127.0.0.1:{porta}",
                "--log-level=warning",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=uscita,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        scadenza = time.monotonic() + ATTESA_AVVIO_SECONDI
        while True:
            if processo.poll() is not None:
                raise ErroreBench(f"gunicorn si è fermato all'avvio:\n{log.read_text()}")
            try:
                if stato_http(f"http://127.0.0.1:{porta}/bench-ceiling/") == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > scadenza:
                raise ErroreBench(f"gunicorn non risponde dopo {ATTESA_AVVIO_SECONDI} s")
            time.sleep(0.3)
        yield processo
    finally:
        if processo.poll() is None:
            os.killpg(processo.pid, signal.SIGTERM)
            try:
                processo.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(processo.pid, signal.SIGKILL)
                processo.wait()


def esito_obiettivo(
    scenario: Scenario,
    carico: Carico,
    misura: wrk.Misura,
    *,
    con_cache: bool = True,
    tetto: wrk.Misura | None = None,
) -> str:
    """Whether `misura` meets the targets of its page, load and pass.

    `tetto` is the ceiling's measure at the same load in the same pass: with the
    cache on, a public page asked for again and again must also reach a third of
    its requests per second.
    """
    if not scenario.con_obiettivi:
        return "—"
    if misura.non_2xx_3xx or misura.errori_socket:
        return "no (errori)"
    if carico.connessioni == 1:
        ok = misura.p50_ms < MEDIANA_MASSIMA_1_CLIENT_MS
    else:
        minime = (
            RICHIESTE_MINIME_16_CLIENT_AUTENTICATE_SENZA_CACHE
            if scenario.sessione and not con_cache
            else RICHIESTE_MINIME_16_CLIENT
        )
        ok = misura.richieste_al_secondo >= minime and misura.p99_ms < P99_MASSIMO_16_CLIENT_MS
        # The ratio is the public page cache's target: signed-in pages are not in it, and
        # a new path on every request is never a repeat visit that it could serve.
        dalla_cache_pubblica = not scenario.sessione and not scenario.a_caso
        if con_cache and dalla_cache_pubblica and tetto is not None:
            ok = ok and rapporto_al_tetto(misura, tetto) >= FRAZIONE_MINIMA_DEL_TETTO_CON_CACHE
    return "sì" if ok else "no"


def rapporto_al_tetto(misura: wrk.Misura, tetto: wrk.Misura) -> float:
    return misura.richieste_al_secondo / tetto.richieste_al_secondo


def riga(
    scenario: Scenario,
    carico: Carico | None,
    misura: wrk.Misura | None,
    nota: str,
    percorso: str = "",
    *,
    con_cache: bool = True,
    tetto: wrk.Misura | None = None,
) -> str:
    percorso = percorso or scenario.percorso
    if misura is None or carico is None:
        return f"| {scenario.nome} | `{percorso}` | — | — | — | — | — | — | {nota} |"
    errori = misura.non_2xx_3xx + misura.errori_socket
    frazione = f"{rapporto_al_tetto(misura, tetto):.2f}" if tetto else "—"
    esito = esito_obiettivo(scenario, carico, misura, con_cache=con_cache, tetto=tetto)
    return (
        f"| {scenario.nome} | `{percorso}` | {carico.connessioni} "
        f"| {misura.richieste_al_secondo:.0f} | {frazione} | {misura.p50_ms:.1f} "
        f"| {misura.p99_ms:.1f} | {errori} | {esito} |"
    )


INTESTAZIONE_TABELLA = (
    "| Pagina | Percorso | Client | Richieste/s | × tetto | p50 (ms) | p99 (ms) | Errori "
    "| Obiettivo |\n"
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
)


def mediana_pubbliche(misure: list[Misurata]) -> float | None:
    """The median requests per second of the public pages at 16 clients (issue 15's target
    with the cache off)."""
    valori = [
        m.misura.richieste_al_secondo
        for m in misure
        if m.misura is not None
        and m.carico is not None
        and m.carico.connessioni > 1
        and m.scenario.con_obiettivi
        and not m.scenario.sessione
    ]
    return statistics.median(valori) if valori else None


def passate_scelte(cache: str) -> list[Passata]:
    """The passes `--cache` asks for: one by its key, or "tutte"."""
    return [p for p in PASSATE if cache in ("tutte", p.chiave)]


def scenari_scelti(filtri: list[str]) -> list[Scenario]:
    """The scenarios whose path contains one of `filtri` (all if none), plus the ceiling."""
    return [
        s
        for s in SCENARI
        if not filtri or not s.con_obiettivi or any(f in s.percorso for f in filtri)
    ]


def opzioni_dati(opzioni: argparse.Namespace) -> list[str]:
    """The generate_scale_data options of the synthetic data."""
    return [
        f"--places={opzioni.places}",
        f"--services={opzioni.services}",
        f"--activities={opzioni.activities}",
        f"--agreements={opzioni.agreements}",
        f"--projects={opzioni.projects}",
        f"--signatories={opzioni.signatories}",
        f"--volunteers={opzioni.volunteers}",
        f"--ledger-entries={opzioni.ledger_entries}",
        f"--seed={opzioni.seed}",
    ]


def contesto_scenari(env: dict[str, str]) -> dict:
    """The agreement slug and the users' sessions the scenarios need (bench/sessioni.py)."""
    print("→ bench.sessioni", flush=True)
    risultato = subprocess.run(
        [sys.executable, "-m", "bench.sessioni"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=LIMITE_COMANDO_SECONDI,
    )
    return json.loads(risultato.stdout.strip().splitlines()[-1])


def richiesta(scenario: Scenario, contesto: dict) -> tuple[str, dict[str, str]] | None:
    """The scenario's path and headers, or None if the data lacks what it needs."""
    # What every browser and calendar app sends: the feeds are served compressed to them.
    intestazioni = {"Accept-Encoding": "gzip, deflate, br"}
    try:
        # The random placeholders stay for wrk's script to fill, from non-empty lists.
        percorso = scenario.percorso.format(
            **contesto, **{nome: f"{{{nome}}}" for nome in SEGNAPOSTO_A_CASO}
        )
        if not all(contesto[elenco] for elenco in elenchi_usati(scenario.percorso).values()):
            return None
        if not scenario.sessione:
            return percorso, intestazioni
        chiave = contesto["sessioni"][scenario.sessione]
    except KeyError:
        return None
    return percorso, {**intestazioni, "Cookie": f"sessionid={chiave}"}


@dataclass(frozen=True)
class Misurata:
    """A scenario's outcome at one load, or why it was not measured (`misura` None)."""

    scenario: Scenario
    percorso: str
    carico: Carico | None = None
    misura: wrk.Misura | None = None
    nota: str = ""


def misura_scenari(
    base_url: str, opzioni: argparse.Namespace, log: Path, contesto: dict
) -> list[Misurata]:
    misure = []
    # The run's temporary folder, gunicorn's log's: wrk's scripts go there too.
    cartella_script = log.parent
    for scenario in scenari_scelti(opzioni.only):
        dati = richiesta(scenario, contesto)
        if dati is None:
            print(f"{scenario.nome}: mancano i dati sintetici, non misurata", flush=True)
            misure.append(Misurata(scenario, scenario.percorso, nota="mancano i dati sintetici"))
            continue
        percorso, intestazioni = dati
        url = base_url + percorso
        script = None
        if scenario.a_caso:
            script = cartella_script / f"scenario-{len(misure)}.lua"
            script.write_text(script_a_caso(percorso, contesto), encoding="utf-8")
            # wrk's URL only names the server; the script gives each request its path.
            url = base_url + percorso.format(**valori_a_caso(random.Random(0), percorso, contesto))
        # 200, not a redirect: a logged-out page (e.g. to the login) would be measured instead.
        stato = stato_http(url, intestazioni)
        if stato == 404:
            print(f"{scenario.nome}: non disponibile (404)", flush=True)
            misure.append(Misurata(scenario, percorso, nota="non disponibile (404)"))
            continue
        if stato != 200:
            print(f"{scenario.nome}: risponde {stato}, non misurata", flush=True)
            if stato >= 500:
                print("\n".join(log.read_text().splitlines()[-15:]), flush=True)
            misure.append(Misurata(scenario, percorso, nota=f"risponde {stato}"))
            continue
        if opzioni.warmup:
            wrk.esegui(
                url,
                connessioni=2,
                thread=1,
                secondi=opzioni.warmup,
                intestazioni=intestazioni,
                script=script,
            )
        for carico in CARICHI:
            print(
                f"{scenario.nome}: {carico.connessioni} client per {opzioni.duration} s", flush=True
            )
            misura = wrk.esegui(
                url,
                connessioni=carico.connessioni,
                thread=carico.thread,
                secondi=opzioni.duration,
                intestazioni=intestazioni,
                script=script,
            )
            misure.append(Misurata(scenario, percorso, carico, misura))
    return misure


def tabella_passata(passata: Passata, misure: list[Misurata]) -> list[str]:
    """A pass's Markdown table, each page's throughput also as a fraction of the ceiling's at
    the same load, and the median of the public pages."""
    tetti = {
        m.carico.connessioni: m.misura
        for m in misure
        if m.scenario.percorso == PERCORSO_TETTO and m.misura is not None and m.carico
    }
    righe = [f"## {passata.nome}", "", INTESTAZIONE_TABELLA]
    for m in misure:
        tetto = tetti.get(m.carico.connessioni) if m.carico else None
        righe.append(
            riga(
                m.scenario,
                m.carico,
                m.misura,
                m.nota,
                m.percorso,
                con_cache=passata.con_cache,
                tetto=tetto,
            )
        )
    mediana = mediana_pubbliche(misure)
    if mediana is not None:
        esito = ""
        if not passata.con_cache:
            raggiunto = mediana >= MEDIANA_MINIMA_16_CLIENT_SENZA_CACHE
            esito = (
                f" (obiettivo >= {MEDIANA_MINIMA_16_CLIENT_SENZA_CACHE:.0f}: "
                f"{'sì' if raggiunto else 'no'})"
            )
        righe += [
            "",
            f"Mediana delle pagine pubbliche a 16 client: {mediana:.0f} richieste/s{esito}",
        ]
    return [*righe, ""]


def descrizione_macchina(versione_postgres: str) -> str:
    modello = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for linea in cpuinfo.read_text().splitlines():
            if linea.startswith("model name"):
                modello = linea.split(":", 1)[1].strip()
                break
    return (
        f"{os.cpu_count()} CPU ({modello}), Python {platform.python_version()}, "
        f"PostgreSQL {versione_postgres}"
    )


def main(argv: list[str] | None = None) -> int:
    opzioni = argomenti(argv)
    # Other programs on the machine take CPU from gunicorn and PostgreSQL: record how busy it was.
    carico_prima = os.getloadavg()[0]
    try:
        controlla_prerequisiti(opzioni.database_url)
        versione_postgres = crea_database_se_manca(opzioni.database_url)
        with tempfile.TemporaryDirectory(prefix="cdq-bench-") as cartella:
            env = ambiente(opzioni.database_url, str(Path(cartella) / "static"))
            manage(env, "migrate", "--noinput", "-v0")
            # The synthetic agreements need a staff member to sign their transitions.
            if opzioni.bilancio or opzioni.agreements:
                bilancio.prepara(env)
            if not opzioni.reuse_data:
                manage(
                    env,
                    "generate_scale_data",
                    *opzioni_dati(opzioni),
                    "--reset",
                    "--allow-production",
                    *(bilancio.OPZIONI_DATI if opzioni.bilancio else []),
                )
            if opzioni.bilancio:
                tabella = "\n".join(bilancio.misura(env))
                print(tabella)
                CARTELLA_RISULTATI.mkdir(exist_ok=True)
                adesso = dt.datetime.now().astimezone()
                file_risultati = CARTELLA_RISULTATI / f"bilancio-{adesso:%Y%m%d-%H%M%S}.md"
                file_risultati.write_text(
                    f"# Bilancio del {adesso:%Y-%m-%d %H:%M %Z}\n\n- Dati: "
                    f"{' '.join(bilancio.OPZIONI_DATI)}\n- Macchina: "
                    f"{descrizione_macchina(versione_postgres)}\n\n{tabella}\n",
                    encoding="utf-8",
                )
                return 0
            aggiorna_statistiche(opzioni.database_url)
            contesto = contesto_scenari(env)
            if "REDIS_URL" in env:
                worker.prepara_pagine(env)
            manage(env, "collectstatic", "--noinput", "-v0")
            righe = []
            for passata in passate_scelte(opzioni.cache):
                print(f"# {passata.nome}", flush=True)
                porta = porta_libera()
                log = Path(cartella) / "gunicorn.log"
                with gunicorn({**env, **passata.ambiente}, porta, log):
                    misure = misura_scenari(f"http://127.0.0.1:{porta}", opzioni, log, contesto)
                righe += tabella_passata(passata, misure)
    except ErroreBench as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print(f"bench: comando fallito ({exc.returncode}): {exc.cmd}", file=sys.stderr)
        return 1

    carico_dopo = os.getloadavg()[0]
    avviso = (
        " — la macchina era occupata da altro: le cifre sono pessimistiche"
        if carico_prima > (os.cpu_count() or 1) / 2
        else ""
    )
    adesso = dt.datetime.now().astimezone()
    rapporto = "\n".join(
        [
            f"# Benchmark del {adesso:%Y-%m-%d %H:%M %Z}",
            "",
            f"- Dati: {opzioni.places} luoghi, {opzioni.services} servizi, "
            f"{opzioni.activities} attività, {opzioni.agreements} accordi, "
            f"{opzioni.projects} progetti, {opzioni.signatories} firmatari, "
            f"{opzioni.volunteers} volontari, {opzioni.ledger_entries} registrazioni di ore "
            f"(generate_scale_data, seme {opzioni.seed}"
            f"{', già caricati' if opzioni.reuse_data else ''})",
            "- Server: gunicorn, 2 worker sync, DEBUG spento, su 127.0.0.1; carico: wrk "
            f"({opzioni.duration} s per misura, {opzioni.warmup} s di riscaldamento per pagina)",
            f"- Macchina: {descrizione_macchina(versione_postgres)}; load average (1 min) "
            f"{carico_prima:.1f} prima, {carico_dopo:.1f} dopo{avviso}",
            f"- Obiettivi: 1 client p50 < {MEDIANA_MASSIMA_1_CLIENT_MS:.0f} ms; 16 client "
            f">= {RICHIESTE_MINIME_16_CLIENT:.0f} richieste/s e p99 < "
            f"{P99_MASSIMO_16_CLIENT_MS:.0f} ms (autenticate senza cache >= "
            f"{RICHIESTE_MINIME_16_CLIENT_AUTENTICATE_SENZA_CACHE:.0f} richieste/s); con la "
            f"cache, ogni pagina pubblica a 16 client >= {FRAZIONE_MINIMA_DEL_TETTO_CON_CACHE:.2f}"
            f" × tetto; senza cache, mediana delle pubbliche a 16 client >= "
            f"{MEDIANA_MINIMA_16_CLIENT_SENZA_CACHE:.0f} richieste/s",
            "- × tetto: richieste/s della pagina diviso quelle della vista banale (tetto) allo "
            "stesso carico nella stessa passata",
            "",
            *righe,
        ]
    )
    print()
    print(rapporto)
    CARTELLA_RISULTATI.mkdir(exist_ok=True)
    file_risultati = CARTELLA_RISULTATI / f"{adesso:%Y%m%d-%H%M%S}.md"
    file_risultati.write_text(rapporto, encoding="utf-8")
    print(f"Risultati scritti in {file_risultati.relative_to(BASE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
