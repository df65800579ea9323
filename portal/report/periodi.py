"""Periods in local time: the figures of a day, month or year follow the Rome calendar."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def mezzanotte(giorno: dt.date) -> dt.datetime:
    """Local midnight at the start of `giorno`, time-zone aware."""
    return dt.datetime.combine(giorno, dt.time.min, timezone.get_default_timezone())


def mese(anno: int, numero: int) -> tuple[dt.date, dt.date]:
    """The first day of the month and the first day of the next one."""
    inizio = dt.date(anno, numero, 1)
    fine = dt.date(anno + (numero == 12), numero % 12 + 1, 1)
    return inizio, fine


def anno(numero: int) -> tuple[dt.date, dt.date]:
    """The first day of the year and the first day of the next one."""
    return dt.date(numero, 1, 1), dt.date(numero + 1, 1, 1)
