from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task(name="portal.pulisci_sessioni")
def pulisci_sessioni() -> None:
    """Expired sessions hold personal data (who was signed in): delete them nightly."""
    call_command("clearsessions")


@shared_task(name="portal.eco")
def eco(valore: str) -> dict[str, str]:
    """Answer with what was sent after touching the database: proves a worker runs tasks."""
    from portal.health import controlla_database

    return {"valore": valore, "database": controlla_database()}


# Celery's autodiscovery imports `<app>.tasks`: the reports' tasks are registered from here.
from portal.report.tasks import (  # noqa: E402, F401
    avvisi_polizze,
    avvisi_scadenze,
    bilancio_annuale,
    genera_report,
    programmi_settimanali,
    promemoria_resoconti,
    recupera_report,
    report_mensili_case,
)
