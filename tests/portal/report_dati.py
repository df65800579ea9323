"""A hand-counted month at Casa Mirandola, shared by the report tests.

March 2025: three dates held (one cancelled), logs with 12 + 8 participants
(under 14: 5, 14–64: 10, over 65: 5), 2 volunteers and 3.5 hours in the logs,
4 approved ledger hours (one pending entry of 2 hours that must not count),
two registrations confirmed and one on the waiting list, three desk contacts
(one referred to the Comune) and one closure.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from quartieri.models import ContattoSportello, EccezioneOrario, Iscrizione, Resoconto
from tests.factories import crea_attivita, crea_servizio

FUSO = timezone.get_default_timezone()


def momento(giorno: int, ora: int = 17, mese: int = 3, anno: int = 2025) -> dt.datetime:
    return dt.datetime(anno, mese, giorno, ora, tzinfo=FUSO)


def crea_mese_di_prova(casa, cittadino, altro_utente):
    """Fill March 2025 at `casa`; return the service used for desk contacts."""
    tombola = crea_attivita(casa, titolo="Tombola", inizio=momento(10))
    corso = crea_attivita(
        casa,
        titolo="Corso di smartphone",
        inizio=momento(12),
        capienza=1,
        iscrizione_richiesta=True,
    )
    annullata = crea_attivita(casa, titolo="Gita annullata", inizio=momento(20))
    annullata.occorrenze.update(annullata=True)
    # Outside the month: must not count.
    crea_attivita(casa, titolo="Aprile", inizio=momento(2, mese=4))
    Resoconto.objects.create(
        occorrenza=tombola.occorrenze.get(),
        partecipanti_totale=12,
        partecipanti_under14=2,
        partecipanti_14_64=6,
        partecipanti_over65=4,
        volontari_coinvolti=2,
        ore_volontariato=Decimal("3.5"),
    )
    occorrenza_corso = corso.occorrenze.get()
    Resoconto.objects.create(
        occorrenza=occorrenza_corso,
        partecipanti_totale=8,
        partecipanti_under14=3,
        partecipanti_14_64=4,
        partecipanti_over65=1,
    )
    Iscrizione.objects.create(occorrenza=occorrenza_corso, utente=cittadino)
    Iscrizione.objects.create(
        occorrenza=occorrenza_corso, utente=altro_utente, stato=Iscrizione.Stato.IN_ATTESA
    )
    servizio = crea_servizio(casa, titolo="Facilitazione digitale")
    for giorno, al_comune in ((3, False), (4, True), (25, False)):
        ContattoSportello.objects.create(
            luogo=casa,
            servizio=servizio,
            momento=momento(giorno, 10),
            inviato_a_ufficio_comunale=al_comune,
        )
    ContattoSportello.objects.create(luogo=casa, servizio=servizio, momento=momento(1, 10, mese=4))
    EccezioneOrario.objects.create(
        luogo=casa,
        data_inizio=dt.date(2025, 3, 17),
        data_fine=dt.date(2025, 3, 18),
        motivo="Disinfestazione",
    )
    return servizio
