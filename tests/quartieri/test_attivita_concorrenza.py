from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from quartieri.models import Iscrizione
from quartieri.services.attivita import iscrivi
from tests.conftest import crea_utente
from tests.factories import crea_attivita

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_iscrizioni_in_parallelo_non_superano_i_posti(casa):
    occorrenza = crea_attivita(casa, iscrizione_richiesta=True, capienza=3).occorrenze.get()
    utenti = [crea_utente(f"persona{n}@esempio.test") for n in range(12)]
    partenza = threading.Barrier(len(utenti))
    errori: list[Exception] = []

    def iscrivi_in_parallelo(utente) -> None:
        try:
            partenza.wait()
            iscrivi(occorrenza=occorrenza, utente=utente)
        except (ValidationError, threading.BrokenBarrierError) as errore:
            errori.append(errore)
        finally:
            connection.close()

    fili = [threading.Thread(target=iscrivi_in_parallelo, args=(u,)) for u in utenti]
    for filo in fili:
        filo.start()
    for filo in fili:
        filo.join()

    assert errori == []
    assert Iscrizione.objects.filter(stato="confermata").count() == 3
    assert Iscrizione.objects.filter(stato="in_attesa").count() == 9


def test_famiglie_in_parallelo_non_superano_i_posti(casa):
    occorrenza = crea_attivita(
        casa, iscrizione_richiesta=True, capienza=5, massimo_persone_per_iscrizione=2
    ).occorrenze.get()
    utenti = [crea_utente(f"famiglia{n}@esempio.test") for n in range(8)]
    partenza = threading.Barrier(len(utenti))
    errori: list[Exception] = []

    def iscrivi_in_parallelo(utente) -> None:
        try:
            partenza.wait()
            iscrivi(occorrenza=occorrenza, utente=utente, persone=2)
        except (ValidationError, threading.BrokenBarrierError) as errore:
            errori.append(errore)
        finally:
            connection.close()

    fili = [threading.Thread(target=iscrivi_in_parallelo, args=(u,)) for u in utenti]
    for filo in fili:
        filo.start()
    for filo in fili:
        filo.join()

    assert errori == []
    # Two families fill four seats; the third does not fit in the one left, and waits.
    assert Iscrizione.objects.filter(stato="confermata").count() == 2
    assert Iscrizione.objects.filter(stato="in_attesa").count() == 6
