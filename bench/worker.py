"""A real Celery worker for the bench, as production runs beside gunicorn."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LIMITE_SECONDI = 600


@contextmanager
def worker_celery(env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """A worker (solo pool: tasks run in its main process) with `env`'s Redis as broker,
    stopped on exit."""
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    try:
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def prepara_pagine(env: dict[str, str]) -> None:
    """What beat has the workers do after a deploy: render every agreement's and place's
    page, all but what follows the time, into the shared cache
    (portal/parti_condivise.py). Sent to a real worker, waited for."""
    print("→ accordi.prepara_schede, quartieri.prepara_luoghi (worker Celery)", flush=True)
    with worker_celery(env):
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from accordi.tasks import prepara_schede; "
                "from quartieri.tasks import prepara_luoghi; "
                "print(*(t.delay().get(timeout="
                f"{LIMITE_SECONDI}) for t in (prepara_schede, prepara_luoghi)), 'parti rese')",
            ],
            cwd=BASE_DIR,
            env=env,
            check=True,
            timeout=2 * LIMITE_SECONDI + 60,
        )
