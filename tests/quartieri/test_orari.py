"""Open now / next change, in Europe/Rome, across DST changes and exception days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from quartieri.models import EccezioneOrario, FasciaOrariaServizio, Luogo, Servizio
from quartieri.orari import stati_dei_luoghi, stati_dei_servizi, stato_luogo, stato_servizio
from tests.factories import crea_eccezione, crea_fascia, crea_luogo, crea_servizio

pytestmark = pytest.mark.django_db
ROMA = ZoneInfo("Europe/Rome")


def _momento(testo: str) -> dt.datetime:
    return dt.datetime.fromisoformat(testo).replace(tzinfo=ROMA)


def _stato(luogo, quando: str):
    luogo = Luogo.objects.con_orari(_momento(quando).date()).get(pk=luogo.pk)
    return stato_luogo(luogo, _momento(quando))


@pytest.fixture
def orologio():
    """Orologio's real hours: Mon 14:40–18:30; Tue 9–13 and 14:40–18:30; Sat 9–13."""
    luogo = crea_luogo(nome="Centro Sociale Orologio")
    crea_fascia(luogo, 0, "14:40", "18:30")
    crea_fascia(luogo, 1, "09:00", "13:00")
    crea_fascia(luogo, 1, "14:40", "18:30")
    crea_fascia(luogo, 5, "09:00", "13:00")
    return luogo


def test_aperto_e_chiude_alle(orologio):
    stato = _stato(orologio, "2026-11-24T10:00")  # a Tuesday
    assert stato.aperto
    assert stato.prossimo_cambio == _momento("2026-11-24T13:00")
    assert stato.testo == "Aperto · chiude alle 13:00"


def test_chiuso_a_pranzo_riapre_nel_pomeriggio(orologio):
    stato = _stato(orologio, "2026-11-24T13:30")
    assert not stato.aperto
    assert stato.testo == "Chiuso · apre alle 14:40"


def test_chiuso_la_sera_apre_domani(orologio):
    stato = _stato(orologio, "2026-11-23T20:00")  # Monday evening
    assert not stato.aperto
    assert stato.prossimo_cambio == _momento("2026-11-24T09:00")
    assert stato.testo == "Chiuso · apre domani alle 09:00"


def test_chiusura_straordinaria_sostituisce_l_orario(orologio):
    crea_eccezione(orologio, dt.date(2026, 11, 24), motivo="Assemblea")
    stato = _stato(orologio, "2026-11-24T10:00")
    assert not stato.aperto
    assert stato.prossimo_cambio == _momento("2026-11-28T09:00")  # Saturday
    assert stato.testo == "Chiuso · apre sabato alle 09:00"
    assert not Luogo.objects.aperti_il(_momento("2026-11-24T10:00")).exists()


def test_apertura_straordinaria_in_un_giorno_di_chiusura(orologio):
    crea_eccezione(
        orologio,
        dt.date(2026, 11, 29),  # Sunday
        tipo=EccezioneOrario.Tipo.APERTURA,
        apre=dt.time(15),
        chiude=dt.time(18),
        motivo="Festa di quartiere",
    )
    assert _stato(orologio, "2026-11-29T16:00").aperto
    assert Luogo.objects.aperti_il(_momento("2026-11-29T16:00")).filter(pk=orologio.pk).exists()
    assert not Luogo.objects.aperti_il(_momento("2026-11-29T18:00")).exists()


def test_cambio_ora_legale_in_primavera():
    """On 29 March 2026 clocks jump from 2:00 to 3:00: 9:00 is still 9:00 local."""
    luogo = crea_luogo()
    crea_fascia(luogo, 6, "09:00", "12:00")  # Sunday
    stato = _stato(luogo, "2026-03-29T01:30")
    assert stato.prossimo_cambio == _momento("2026-03-29T09:00")
    assert stato.prossimo_cambio.utcoffset() == dt.timedelta(hours=2)
    assert _stato(luogo, "2026-03-29T09:30").aperto


def test_cambio_ora_solare_in_autunno():
    """On 25 October 2026 clocks go back: the opening still lasts 9:00–12:00 local."""
    luogo = crea_luogo()
    crea_fascia(luogo, 6, "09:00", "12:00")
    stato = _stato(luogo, "2026-10-25T10:00")
    assert stato.aperto
    assert stato.prossimo_cambio == _momento("2026-10-25T12:00")
    assert stato.prossimo_cambio.utcoffset() == dt.timedelta(hours=1)


def test_filtro_aperti_ora_nel_database_con_orologio_fermo(orologio):
    with time_machine.travel(_momento("2026-11-24T15:00"), tick=False):
        from django.utils import timezone

        assert list(Luogo.objects.aperti_il(timezone.now())) == [orologio]
    with time_machine.travel(_momento("2026-11-24T19:00"), tick=False):
        assert not Luogo.objects.aperti_il(timezone.now()).exists()


def test_senza_orari_e_chiuso_senza_prossima_apertura():
    luogo = crea_luogo()
    stato = _stato(luogo, "2026-11-24T10:00")
    assert not stato.aperto
    assert stato.prossimo_cambio is None


def test_fasce_che_si_toccano_sono_un_unica_apertura():
    """The state stops at the first interval that answers it, but only once the next slot
    does not continue it: 9–13 and 13–19 close at 19, not at 13."""
    luogo = crea_luogo(nome="Casa a fasce contigue")
    crea_fascia(luogo, 1, "09:00", "13:00")
    crea_fascia(luogo, 1, "13:00", "19:00")
    stato = _stato(luogo, "2026-11-24T10:00")  # a Tuesday
    assert stato.aperto
    assert stato.testo == "Aperto · chiude alle 19:00"
    # And a place open one day a week is found days ahead.
    assert _stato(luogo, "2026-11-25T10:00").testo.startswith("Chiuso · apre martedì")


MOMENTI_DELLA_SETTIMANA = [
    "2026-11-23T14:00",  # Monday, before opening
    "2026-11-23T20:00",  # Monday evening: opens tomorrow
    "2026-11-24T10:00",  # Tuesday, on the closure day
    "2026-11-25T10:00",  # Wednesday, closed: the special opening is on Sunday
    "2026-11-29T16:00",  # Sunday, during the special opening
    "2026-12-20T10:00",  # past the exceptions
]


@pytest.mark.parametrize("quando", MOMENTI_DELLA_SETTIMANA)
def test_gli_stati_di_una_pagina_sono_quelli_di_ogni_luogo(orologio, quando):
    """List pages compute states from plain rows, many places at once: same result."""
    crea_eccezione(orologio, dt.date(2026, 11, 24), motivo="Assemblea")
    crea_eccezione(
        orologio,
        dt.date(2026, 11, 29),
        tipo=EccezioneOrario.Tipo.APERTURA,
        apre=dt.time(15),
        chiude=dt.time(18),
    )
    senza_orari = crea_luogo()
    stati = stati_dei_luoghi([orologio.pk, senza_orari.pk], _momento(quando))
    assert stati[orologio.pk] == _stato(orologio, quando)
    assert stati[senza_orari.pk] == _stato(senza_orari, quando)


@pytest.mark.parametrize("quando", MOMENTI_DELLA_SETTIMANA)
def test_gli_stati_dei_servizi_seguono_le_loro_fasce_e_le_eccezioni_del_luogo(orologio, quando):
    crea_eccezione(orologio, dt.date(2026, 11, 24), motivo="Assemblea")
    del_luogo = crea_servizio(orologio, titolo="Sportello negli orari della Casa")
    proprio = crea_servizio(orologio, titolo="Doposcuola", usa_orari_luogo=False)
    for giorno in range(5):
        FasciaOrariaServizio.objects.create(
            servizio=proprio, giorno=giorno, apre=dt.time(15), chiude=dt.time(17)
        )
    momento = _momento(quando)
    servizi = list(Servizio.objects.filter(luogo=orologio).order_by("pk"))
    stati = stati_dei_servizi(servizi, momento)
    caricati = (
        Servizio.objects.select_related("luogo")
        .prefetch_related("fasce_orarie", "luogo__fasce_orarie", "luogo__eccezioni")
        .order_by("pk")
    )
    for servizio in caricati:
        assert stati[servizio.pk] == stato_servizio(servizio, momento), servizio.titolo
    assert stati[del_luogo.pk] == stati_dei_luoghi([orologio.pk], momento)[orologio.pk]
