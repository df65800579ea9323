"""Celery tasks of the volontari app: thin wrappers that load by id and call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from volontari import services


@shared_task(name="volontari.invia_avviso_candidatura")
def invia_avviso_candidatura(candidatura_id: int) -> bool:
    """E-mail the opportunity's tutors about a new application."""
    return services.invia_avviso_candidatura(candidatura_id=candidatura_id)


@shared_task(name="volontari.invia_esito_candidatura")
def invia_esito_candidatura(candidatura_id: int) -> bool:
    """E-mail the volunteer the tutor's answer."""
    return services.invia_esito_candidatura(candidatura_id=candidatura_id)


@shared_task(name="volontari.recupera_email")
def recupera_email() -> int:
    """Beat, every minute: send again the e-mails whose task the broker did not take."""
    return services.recupera_avvisi_candidature(adesso=timezone.now())
