"""`python -m bench.istruzioni`: instructions per request of each page, under callgrind.

On a shared virtual machine the time of the same request moves by a quarter
from one minute to the next, more than most changes gain. Valgrind's callgrind
counts the instructions executed instead: the same code, data and requests
give the same count, whatever else the machine is doing. Use it to compare two
versions of a page (run it in each checkout, against the same data); use
`make bench` for requests per second and `bench.profilo` for where the time goes.

    python -m bench.istruzioni --only /accordi/ --esatto
    python -m bench.istruzioni --only /servizi/ --richieste 20

It runs `bench.profilo`'s set-up (the data `make bench` loaded, page caches off)
in a child process under `valgrind --tool=callgrind`: per page, a few requests
to warm up (templates loaded, rows kept), then `--richieste` requests between
two dumps (`callgrind_control -d`), whose count is divided by their number.
Python runs about fifty times slower under valgrind: the set-up alone takes a
couple of minutes. It needs Debian's `valgrind`.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DUMP = "misura"


def istruzioni_per_dump(cartella: Path) -> dict[str, int]:
    """The instructions counted in each dump callgrind wrote in `cartella`, by description."""
    conti = {}
    for file in cartella.glob("callgrind.out*"):
        testo = file.read_text(encoding="utf-8", errors="replace")
        descrizione = re.search(r"^desc: Trigger: (?:dump )?(.+)$", testo, re.MULTILINE)
        totale = re.search(r"^totals: (\d+)", testo, re.MULTILINE)
        if descrizione and totale:
            conti[descrizione.group(1).strip()] = int(totale.group(1))
    return conti


def comando_valgrind(cartella: Path, argomenti_figlio: list[str]) -> list[str]:
    return [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={cartella / 'callgrind.out'}",
        "--dump-instr=no",
        "--compress-strings=no",
        sys.executable,
        "-m",
        "bench.istruzioni",
        "--figlio",
        *argomenti_figlio,
    ]


def figlio(opzioni: argparse.Namespace) -> None:
    """Under valgrind: request each page, with a dump before and after the measured ones."""
    from bench.profilo import configura, percorso_scelto, scenari_scelti

    configura(static_root=os.environ["STATIC_ROOT"])
    from django.test import Client

    from bench import sessioni

    dati = sessioni.contesto()

    def dump(descrizione: str) -> None:
        comando = ["callgrind_control", "-d", descrizione, str(os.getpid())]
        subprocess.run(comando, check=True, capture_output=True)

    for indice, scenario in enumerate(scenari_scelti(opzioni.only, opzioni.esatto)):
        client = Client()
        if scenario.sessione:
            chiave = dati["sessioni"].get(scenario.sessione)
            if not chiave:
                continue  # left out of the table as "non misurata", as by bench.profilo
            client.cookies["sessionid"] = chiave
        caso = random.Random(0)
        try:
            for _ in range(opzioni.riscaldamento):
                client.get(percorso_scelto(scenario, dati, caso))
        except (KeyError, IndexError):
            continue  # the synthetic data has nothing to fill the path with
        dump("riscaldamento")
        for _ in range(opzioni.richieste):
            client.get(percorso_scelto(scenario, dati, caso))
        dump(f"{DUMP}{indice}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.istruzioni", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--only", action="append", default=[], metavar="TESTO")
    parser.add_argument(
        "--esatto", action="store_true", help="--only deve essere il percorso intero, non una parte"
    )
    parser.add_argument("--richieste", type=int, default=10)
    parser.add_argument("--riscaldamento", type=int, default=3)
    parser.add_argument("--figlio", action="store_true", help=argparse.SUPPRESS)
    opzioni = parser.parse_args(argv)
    if opzioni.figlio:
        figlio(opzioni)
        return
    if not shutil.which("valgrind"):
        sys.exit("Serve valgrind: apt-get install valgrind")

    from bench.profilo import configura, scenari_scelti

    # The static files are collected here, at native speed, once for the child.
    configura()
    scenari = scenari_scelti(opzioni.only, opzioni.esatto)
    with tempfile.TemporaryDirectory(prefix="cdq-istruzioni-") as cartella:
        argomenti_figlio = [f"--richieste={opzioni.richieste}"]
        argomenti_figlio += [f"--riscaldamento={opzioni.riscaldamento}"]
        argomenti_figlio += [f"--only={testo}" for testo in opzioni.only]
        argomenti_figlio += ["--esatto"] if opzioni.esatto else []
        figlio_valgrind = subprocess.run(
            comando_valgrind(Path(cartella), argomenti_figlio), capture_output=True, text=True
        )
        if figlio_valgrind.returncode:
            # Valgrind's banner and the child's traceback: the end says what went wrong.
            sys.exit(figlio_valgrind.stderr[-3000:])
        conti = istruzioni_per_dump(Path(cartella))
    print(f"{'pagina':<60} {'milioni di istruzioni per richiesta':>36}")
    for indice, scenario in enumerate(scenari):
        conto = conti.get(f"{DUMP}{indice}")
        valore = f"{conto / opzioni.richieste / 1e6:36.2f}" if conto else f"{'non misurata':>36}"
        print(f"{scenario.percorso[:60]:<60} {valore}")


if __name__ == "__main__":
    main()
