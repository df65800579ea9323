"""Running wrk and reading its `--latency` report."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_UNITA_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class Misura:
    richieste_al_secondo: float
    p50_ms: float
    p99_ms: float
    richieste: int
    non_2xx_3xx: int
    errori_socket: int


def durata_ms(testo: str) -> float:
    """wrk's durations ("812.00us", "3.41ms", "1.02s", "1.00m") in milliseconds."""
    trovato = re.fullmatch(r"([\d.]+)(us|ms|s|m)", testo.strip())
    if trovato is None:
        raise ValueError(f"durata di wrk non riconosciuta: {testo!r}")
    return float(trovato.group(1)) * _UNITA_MS[trovato.group(2)]


def leggi_rapporto(testo: str) -> Misura:
    """Parse the text wrk prints with `--latency`."""
    percentili = {
        int(m.group(1)): durata_ms(m.group(2))
        for m in re.finditer(r"^\s+(\d+)(?:\.\d+)?%\s+(\S+)\s*$", testo, re.MULTILINE)
    }
    al_secondo = re.search(r"^Requests/sec:\s+([\d.]+)", testo, re.MULTILINE)
    richieste = re.search(r"^\s+(\d+) requests in", testo, re.MULTILINE)
    if al_secondo is None or richieste is None or 50 not in percentili or 99 not in percentili:
        raise ValueError(f"rapporto di wrk non riconosciuto:\n{testo}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", testo)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", testo
    )
    return Misura(
        richieste_al_secondo=float(al_secondo.group(1)),
        p50_ms=percentili[50],
        p99_ms=percentili[99],
        richieste=int(richieste.group(1)),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        errori_socket=sum(int(n) for n in socket.groups()) if socket else 0,
    )


def esegui(
    url: str,
    *,
    connessioni: int,
    thread: int,
    secondi: int,
    intestazioni: dict[str, str] | None = None,
    script: Path | None = None,
) -> Misura:
    """Run wrk against `url` with `intestazioni` on every request; it stops after `secondi`.
    A Lua `script` may choose each request's path (bench/scenari.py's random scenarios)."""
    risultato = subprocess.run(
        [
            "wrk",
            f"--threads={thread}",
            f"--connections={connessioni}",
            f"--duration={secondi}s",
            "--timeout=5s",
            "--latency",
            *(f"--header={nome}: {valore}" for nome, valore in (intestazioni or {}).items()),
            *([f"--script={script}"] if script else []),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=secondi + 30,
    )
    return leggi_rapporto(risultato.stdout)
