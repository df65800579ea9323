"""Records of the participation tests: bodies, members, meetings, requests."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone
from django.utils.text import slugify

from quartieri.models import Ente, Membro, Organismo, Richiesta, Riunione
from tests.factories import crea_comune, crea_ente

_n = itertools.count(1)
OGGI = dt.date(2026, 3, 9)


def crea_organismo(**campi) -> Organismo:
    n = next(_n)
    valori = {"nome": f"Consulta {n}", "tipo": Organismo.Tipo.CONSULTA}
    valori.update(campi)
    valori.setdefault("slug", slugify(valori["nome"]))
    valori.setdefault("comune", crea_comune())
    return Organismo.objects.create(**valori)


def crea_membro(organismo: Organismo, **campi) -> Membro:
    valori = {"ruolo": Membro.Ruolo.ELETTO, "dal": dt.date(2022, 12, 5)}
    valori.update(campi)
    return Membro.objects.create(organismo=organismo, **valori)


def crea_riunione(organismo: Organismo, inizio: dt.datetime | None = None, **campi) -> Riunione:
    inizio = inizio or timezone.now() + dt.timedelta(days=7)
    return Riunione.objects.create(
        organismo=organismo, inizio=inizio, fine=inizio + dt.timedelta(hours=2), **campi
    )


def crea_ufficio(**campi) -> Ente:
    return crea_ente(forma_giuridica=Ente.FormaGiuridica.UFFICIO_COMUNALE, **campi)


def crea_richiesta(organismo: Organismo, responsabile, **campi) -> Richiesta:
    inviata_il = campi.pop("inviata_il", OGGI - dt.timedelta(days=10))
    valori = {
        "titolo": f"Richiesta {next(_n)}",
        "testo": "Chiediamo un sopralluogo.",
        "inviata_il": inviata_il,
        "scadenza": inviata_il + dt.timedelta(days=60),
    }
    valori.update(campi)
    valori.setdefault("ufficio", crea_ufficio())
    return Richiesta.objects.create(organismo=organismo, responsabile=responsabile, **valori)
