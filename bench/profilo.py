"""`python -m bench.profilo`: where a first visit's time goes, page by page, in one process.

Run after `make bench` has loaded the synthetic data (same database). With the
page caches off, it requests each scenario of bench/scenari.py through Django's
test client, in this process, and prints per request: the wall time, the part
spent waiting for PostgreSQL, the number of queries, the rest (Python:
building the queries and the objects, rendering templates, middleware) and
this process's CPU time, which other programs on the machine disturb less. wrk
measures the served portal under load; this says which of those costs to cut.

    python -m bench.profilo                        # every page, 30 requests each
    python -m bench.profilo --only /attivita/ --cprofile 25
                                                   # plus cProfile's 25 costliest functions

Pages are measured with `DEBUG` off, like the served portal: the times are
comparable with one another and between runs on the same machine, not with
wrk's figures (no HTTP, no gunicorn, no second process competing for the CPUs).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import tempfile
import time

from bench.scenari import SCENARI, Scenario, valori_a_caso

DATABASE_PREDEFINITO = "postgres://postgres@127.0.0.1:5432/cdq_bench"


def configura(static_root: str | None = None) -> None:
    """Django set up as `make bench` serves the portal, page caches off.

    `static_root`: files already collected there (bench.istruzioni collects them once,
    outside valgrind); without it they are collected into a new temporary folder.
    """
    os.environ.setdefault(
        "DATABASE_URL", os.environ.get("BENCH_DATABASE_URL", DATABASE_PREDEFINITO)
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DEBUG"] = "false"
    os.environ["CACHE_PAGINE_PUBBLICHE_SECONDI"] = "0"
    os.environ["CACHE_PAGINE_PERSONALI_SECONDI"] = "0"
    os.environ["STAFF_MFA_REQUIRED"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-elsewhere-6f1c0a9e")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    # The served portal's shared cache, as `make bench` gives it (versions, sessions):
    # a round trip to Redis is part of a page's cost.
    if os.environ.get("BENCH_REDIS_URL"):
        os.environ["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    # Production's manifest storage, as gunicorn serves it in `make bench`.
    os.environ["STATIC_ROOT"] = static_root or tempfile.mkdtemp(prefix="cdq-profilo-static-")
    import django
    from django.core.management import call_command

    django.setup()
    if static_root is None:
        call_command("collectstatic", interactive=False, verbosity=0)


class Cronometro:
    """A connection.execute_wrapper that sums the time spent in PostgreSQL."""

    def __init__(self) -> None:
        self.secondi = 0.0
        self.query = 0
        self.elenco: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        inizio = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            durata = time.perf_counter() - inizio
            self.secondi += durata
            self.query += 1
            self.elenco.append((durata, sql))


def scenari_scelti(filtri: list[str], esatto: bool) -> list[Scenario]:
    """The scenarios whose path contains one of `filtri` (is one, if `esatto`); all without."""
    return [
        scenario
        for scenario in SCENARI
        if not filtri
        or any(t == scenario.percorso if esatto else t in scenario.percorso for t in filtri)
    ]


def percorso_scelto(scenario: Scenario, dati: dict, caso: random.Random) -> str:
    """The scenario's path; a random scenario's with new values each time, as wrk's script."""
    a_caso = valori_a_caso(caso, scenario.percorso, dati) if scenario.a_caso else {}
    return scenario.percorso.format(**dati, **a_caso)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.profilo", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--only", action="append", default=[], metavar="TESTO")
    parser.add_argument("--richieste", type=int, default=30)
    parser.add_argument(
        "--cprofile", type=int, default=0, metavar="N", help="stampa le N funzioni più costose"
    )
    parser.add_argument("--sql", action="store_true", help="stampa le query dell'ultima richiesta")
    parser.add_argument(
        "--esatto", action="store_true", help="--only deve essere il percorso intero, non una parte"
    )
    parser.add_argument(
        "--ordina", default="tottime", choices=["tottime", "cumulative"], help="ordine di cProfile"
    )
    opzioni = parser.parse_args(argv)
    configura()

    from django.db import connection
    from django.test import Client

    from bench import sessioni

    dati = sessioni.contesto()
    print(f"{'pagina':<60} {'ms':>7} {'SQL ms':>7} {'query':>5} {'Python ms':>9} {'CPU ms':>7}")
    for scenario in scenari_scelti(opzioni.only, opzioni.esatto):
        caso = random.Random(0)
        try:
            percorso = percorso_scelto(scenario, dati, caso)
        except (KeyError, IndexError):
            continue
        client = Client()
        if scenario.sessione:
            chiave = dati["sessioni"].get(scenario.sessione)
            if not chiave:
                continue
            client.cookies["sessionid"] = chiave
        risposta = client.get(percorso)
        if risposta.status_code != 200:
            print(f"{percorso:<60} HTTP {risposta.status_code}")
            continue
        tempi, cpu, sql, query = [], [], [], 0
        profilo = cProfile.Profile() if opzioni.cprofile else None
        for _ in range(opzioni.richieste):
            cronometro = Cronometro()
            with connection.execute_wrapper(cronometro):
                inizio, inizio_cpu = time.perf_counter(), time.process_time()
                if profilo:
                    profilo.enable()
                client.get(percorso_scelto(scenario, dati, caso))
                if profilo:
                    profilo.disable()
                tempi.append(time.perf_counter() - inizio)
                cpu.append(time.process_time() - inizio_cpu)
            sql.append(cronometro.secondi)
            query = cronometro.query
        ms, sql_ms = statistics.median(tempi) * 1000, statistics.median(sql) * 1000
        cpu_ms = statistics.median(cpu) * 1000
        riga = f"{percorso[:60]:<60} {ms:7.1f} {sql_ms:7.1f} {query:5d} {ms - sql_ms:9.1f}"
        riga += f" {cpu_ms:7.1f}"
        print(riga, flush=True)
        if opzioni.sql:
            for durata, testo_sql in cronometro.elenco:
                print(f"  {durata * 1000:6.2f} ms  {testo_sql[:300]}")
        if profilo:
            testo = io.StringIO()
            statistiche = pstats.Stats(profilo, stream=testo).sort_stats(opzioni.ordina)
            statistiche.print_stats(opzioni.cprofile)
            print(testo.getvalue())


if __name__ == "__main__":
    main()
