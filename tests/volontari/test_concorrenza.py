from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from volontari.models import OreVolontariato
from volontari.services import registra_ore

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def _in_parallelo(funzione, quante: int) -> list[Exception]:
    partenza = threading.Barrier(quante)
    errori: list[Exception] = []

    def esegui() -> None:
        try:
            partenza.wait()
            funzione()
        except ValidationError as errore:
            errori.append(errore)
        finally:
            connection.close()

    fili = [threading.Thread(target=esegui) for _ in range(quante)]
    for filo in fili:
        filo.start()
    for filo in fili:
        filo.join()
    return errori


def test_doppio_invio_contemporaneo_crea_una_sola_voce(volontario, incarico):
    with time_machine.travel(dt.datetime(2025, 3, 10, 12, 0), tick=False):
        errori = _in_parallelo(
            lambda: registra_ore(
                incarico=incarico,
                data=dt.date(2025, 3, 4),
                ore=Decimal("2"),
                attivita_svolta="Prestito libri.",
                utente=volontario.user,
            ),
            6,
        )
    assert OreVolontariato.objects.count() == 1
    assert len(errori) == 5
    assert all("già registrate" in e.message_dict["data"][0] for e in errori)


def test_invii_contemporanei_non_superano_le_12_ore(volontario, incarico, opportunita):
    from tests.factories import crea_incarico, crea_opportunita

    incarichi = [incarico] + [
        crea_incarico(volontario, crea_opportunita(opportunita.luogo)) for _ in range(3)
    ]
    coda = list(incarichi)
    blocco = threading.Lock()

    def registra() -> None:
        with blocco:
            mio = coda.pop()
        registra_ore(
            incarico=mio,
            data=dt.date(2025, 3, 4),
            ore=Decimal("5"),
            attivita_svolta="Turno.",
            utente=volontario.user,
            oggi=dt.date(2025, 3, 10),
        )

    errori = _in_parallelo(registra, 4)
    assert OreVolontariato.objects.count() == 2
    assert len(errori) == 2
