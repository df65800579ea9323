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


def prepara_schede(env: dict[str, str]) -> None:
    """What beat has the workers do after a deploy: render every agreement's page, all
    but its numbers, into the shared cache (accordi/schede.py). Sent to a real worker,
    waited for."""
    print("→ accordi.prepara_schede (worker Celery)", flush=True)
    with worker_celery(env):
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from accordi.tasks import prepara_schede; "
                f"print(prepara_schede.delay().get(timeout={LIMITE_SECONDI}), 'parti rese')",
            ],
            cwd=BASE_DIR,
            env=env,
            check=True,
            timeout=LIMITE_SECONDI + 60,
        )
