from __future__ import annotations

import datetime as dt
import logging
import os

import kombu.exceptions
from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
# Every CELERY_* setting in portal/settings.py configures the app.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
logger = logging.getLogger(__name__)

# The e-mails whose task could not be sent (invia_task returned False) are found by
# their unset stamps and sent again by the recovery jobs of quartieri and volontari
# (beat, every minute). A row younger than ATTESA_RECUPERO is left to its own on-commit
# send; one older than FINESTRA_RECUPERO is news nobody waits for any more (and keeps
# the rows from before the stamps existed out of the recovery).
ATTESA_RECUPERO = dt.timedelta(minutes=2)
FINESTRA_RECUPERO = dt.timedelta(days=3)


def invia_task(task, *args, **opzioni) -> bool:
    """Send `task` to the workers once, without waiting on the result backend (nobody
    reads these results). False, with a warning in the log, when the broker is
    unreachable: a web request must not wait for it nor fail because of it."""
    try:
        task.apply_async(args, retry=False, ignore_result=True, **opzioni)
    except kombu.exceptions.OperationalError as errore:
        logger.warning("Task %s not sent, the broker is unreachable: %s", task.name, errore)
        return False
    return True


class SorveglianzaReport(bootsteps.StartStopStep):
    """Every worker asks, every SORVEGLIANZA_SECONDI, for the reports nobody is producing
    to be sent again: a report whose worker died is taken over within about a minute
    even when beat is down too."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs) -> None:
        super().__init__(worker, **kwargs)
        self.tref = None

    def start(self, worker) -> None:
        from portal.report.services import SORVEGLIANZA_SECONDI

        self.tref = worker.timer.call_repeatedly(SORVEGLIANZA_SECONDI, self.sorveglia, priority=10)

    def stop(self, worker) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None

    def sorveglia(self) -> None:
        from portal.report.services import SORVEGLIANZA_SECONDI
        from portal.report.tasks import recupera_report

        # Sent as a task, not run here: the worker's event loop must not wait for the
        # database. A check nobody ran before the next one is worthless: it expires.
        invia_task(recupera_report, expires=SORVEGLIANZA_SECONDI)


app.steps["worker"].add(SorveglianzaReport)
