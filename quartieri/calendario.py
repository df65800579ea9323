"""iCalendar (RFC 5545) feeds of the activities, built with the `icalendar` library.

The feeds read plain rows (`CAMPI`, through `.values()`) so a feed of
hundreds of dates loads no model instance. Each occurrence keeps one UID for
life (`Occorrenza.uid`): a phone subscribed to a feed updates an edited,
moved or cancelled date instead of adding a copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import icalendar
from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.indirizzo import host_pubblico, url_pubblico
from quartieri.orari import fuso_orario

# Subscribed calendars keep the recent past and see a year ahead: the bound
# keeps every feed small whatever the size of the archive.
GIORNI_PASSATI = 30
GIORNI_FUTURI = 365
# A network-wide feed is cut at this many dates (the nearest ones first).
MASSIMO_EVENTI = 1000
# SEQUENCE counts seconds of revision time since this fixed origin: it only grows.
ORIGINE_SEQUENZA = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

CAMPI = (
    "pk",
    "inizio",
    "fine",
    "annullata",
    "motivo_annullamento",
    "attivita__titolo",
    "attivita__descrizione",
    "attivita__updated_at",
    "attivita__gratuita",
    "attivita__costo",
    "attivita__luogo__nome",
    "attivita__luogo__indirizzo",
    "attivita__luogo__cap",
    "attivita__luogo__lat",
    "attivita__luogo__lon",
    "attivita__luogo__quartiere__comune__nome",
    "attivita__organizzatore__nome",
)


def finestra(adesso: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The [start, end) of the dates a feed holds."""
    return adesso - dt.timedelta(days=GIORNI_PASSATI), adesso + dt.timedelta(days=GIORNI_FUTURI)


def righe_del_feed(occorrenze: QuerySet, adesso: dt.datetime) -> list[dict[str, Any]]:
    """The rows of `occorrenze` inside the feed's window, nearest first, bounded."""
    dal, al = finestra(adesso)
    return list(
        occorrenze.filter(inizio__gte=dal, inizio__lt=al)
        .order_by("inizio", "pk")
        .values(*CAMPI)[:MASSIMO_EVENTI]
    )


def _indirizzo(riga: dict[str, Any]) -> str:
    parti = [
        riga["attivita__luogo__nome"],
        riga["attivita__luogo__indirizzo"],
        " ".join(
            p
            for p in (
                riga["attivita__luogo__cap"],
                riga["attivita__luogo__quartiere__comune__nome"],
            )
            if p
        ),
    ]
    return ", ".join(p for p in parti if p)


def _descrizione(riga: dict[str, Any]) -> str:
    parti = []
    if riga["annullata"]:
        parti.append(
            _("ANNULLATA")
            + (f": {riga['motivo_annullamento']}" if riga["motivo_annullamento"] else "")
        )
    if riga["attivita__descrizione"]:
        parti.append(riga["attivita__descrizione"])
    if riga["attivita__organizzatore__nome"]:
        # ORGANIZER needs an e-mail address, which organisations do not always publish.
        parti.append(_("Organizza: %(ente)s") % {"ente": riga["attivita__organizzatore__nome"]})
    if not riga["attivita__gratuita"]:
        parti.append(_("Costo: %(costo)s") % {"costo": riga["attivita__costo"]})
    return "\n\n".join(parti)


def _evento(riga: dict[str, Any], host: str, fuso) -> icalendar.Event:
    evento = icalendar.Event()
    modificata = riga["attivita__updated_at"].astimezone(dt.UTC).replace(microsecond=0)
    evento.add("uid", f"occorrenza-{riga['pk']}@{host}")
    # DTSTAMP is the revision time, not "now": an unchanged feed stays byte-identical.
    evento.add("dtstamp", modificata)
    evento.add("last-modified", modificata)
    evento.add("sequence", max(0, int((modificata - ORIGINE_SEQUENZA).total_seconds())))
    evento.add("dtstart", riga["inizio"].astimezone(fuso))
    evento.add("dtend", riga["fine"].astimezone(fuso))
    evento.add("summary", riga["attivita__titolo"])
    evento.add("description", _descrizione(riga))
    evento.add("location", _indirizzo(riga))
    evento.add("geo", (riga["attivita__luogo__lat"], riga["attivita__luogo__lon"]))
    url = url_pubblico(reverse("quartieri:attivita_dettaglio", kwargs={"pk": riga["pk"]}))
    evento.add("url", url)
    evento.add("status", "CANCELLED" if riga["annullata"] else "CONFIRMED")
    return evento


def calendario(righe: Iterable[dict[str, Any]], *, nome: str) -> bytes:
    """A VCALENDAR with one VEVENT per row and the Europe/Rome VTIMEZONE they refer to."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//Case di Quartiere//IT")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", nome)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    host, fuso = host_pubblico(), fuso_orario()
    for riga in righe:
        cal.add_component(_evento(riga, host, fuso))
    # Europe/Rome is added even to an empty feed: clients read it as the calendar's zone.
    if not cal.walk("VEVENT"):
        cal.add_component(icalendar.Timezone.from_tzid(settings.TIME_ZONE))
    else:
        cal.add_missing_timezones()
    return cal.to_ical()
