"""Celery tasks of the reports: thin, they load by id and call a service.

Imported by portal/tasks.py, which is what Celery's autodiscovery looks for.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from portal.models import RichiestaReport
from portal.report import avvisi, services
from portal.report.services import ERRORI_TRANSITORI

MASSIMO_RETRY = 5


@shared_task(
    bind=True,
    name="portal.genera_report",
    # The outcome is the request's row: no result to store, and sending the task never
    # waits for the result backend (the same Redis as the broker, maybe down).
    ignore_result=True,
    # Acknowledged once done and handed back if its worker dies (also the global default):
    # the next delivery takes the report over once its heartbeat is stale.
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=ERRORI_TRANSITORI,
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=MASSIMO_RETRY,
)
def genera_report(self, richiesta_id: int) -> bool:
    """Produce one requested report, then e-mail its requester (once)."""
    richiesta = RichiestaReport.objects.filter(pk=richiesta_id).first()
    if richiesta is None:
        return False
    prodotto = services.esegui_report(
        richiesta=richiesta,
        ultimo_tentativo=self.request.retries >= MASSIMO_RETRY,
        # Inline (no worker) nobody takes a report over: no heartbeat needed.
        con_battito=not self.request.is_eager,
    )
    services.invia_email_report_pronto(richiesta_id=richiesta_id)
    return prodotto


@shared_task(name="portal.recupera_report")
def recupera_report() -> dict[str, int]:
    """Beat every minute and each worker's watchdog: resend the reports nobody is producing."""
    return services.recupera_report_abbandonati()


@shared_task(name="portal.report_mensili_case")
def report_mensili_case() -> int:
    """Beat, the 1st of the month: last month's report of every published Casa."""
    return avvisi.richiedi_report_mensili(oggi=timezone.localdate())


@shared_task(name="portal.bilancio_annuale")
def bilancio_annuale() -> int:
    """Beat, 10 January: last year's bilancio, as XLSX and PDF."""
    return avvisi.richiedi_bilancio(oggi=timezone.localdate())


@shared_task(name="portal.programmi_settimanali")
def programmi_settimanali() -> int:
    """Beat, Friday: next week's poster of every published Casa."""
    return avvisi.richiedi_programmi_settimanali(oggi=timezone.localdate())


@shared_task(name="portal.promemoria_resoconti")
def promemoria_resoconti() -> int:
    """Beat, Monday: each community manager gets the activities still waiting for a log."""
    return avvisi.invia_promemoria_resoconti(adesso=timezone.now())


@shared_task(name="portal.avvisi_scadenze")
def avvisi_scadenze() -> int:
    """Beat, daily: staff hear of agreements and convenzioni ending in 60 days."""
    return avvisi.invia_avvisi_scadenze(oggi=timezone.localdate())


@shared_task(name="portal.avvisi_polizze")
def avvisi_polizze() -> int:
    """Beat, daily: staff hear of volunteers' insurance policies about to end."""
    return avvisi.invia_avvisi_polizze(oggi=timezone.localdate())
