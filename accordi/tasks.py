"""Celery tasks of the accordi app: thin wrappers around a service."""

from __future__ import annotations

from celery import shared_task

from accordi import schede


@shared_task(name="accordi.prepara_schede")
def prepara_schede() -> int:
    """Render into the shared cache the agreements' pages that are missing or stale."""
    return schede.prepara_schede()
