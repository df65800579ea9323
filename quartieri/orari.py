"""Opening hours: is a place open now, and when does that change?

Slots are wall-clock times in Europe/Rome. Each day's intervals are built by
combining the date with the slot times in that zone, so a place that opens at
9:00 opens at 9:00 local time on both sides of a daylight-saving change. On a
day covered by an exception the exception's slots replace the weekly ones (a
closure has none). The functions work on already-loaded rows (see
`LuogoQuerySet.con_orari`) so list pages need no query per place.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from portal import versioni
from quartieri.models.luoghi import GIORNI, EccezioneOrario, FasciaOraria
from quartieri.models.servizi import FasciaOrariaServizio
from quartieri.versioni import LUOGHI_E_SERVIZI

GIORNI_DA_CONTROLLARE = 14


def fuso_orario() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Intervallo:
    inizio: dt.datetime
    fine: dt.datetime


@dataclass(frozen=True)
class StatoApertura:
    aperto: bool
    prossimo_cambio: dt.datetime | None  # when it closes (if open) or opens (if closed)
    adesso: dt.datetime

    @property
    def testo(self) -> str:
        """ "Aperto · chiude alle 19:00", "Chiuso · apre domani alle 9:00", ..."""
        if self.prossimo_cambio is None:
            return _("Aperto") if self.aperto else _("Chiuso · nessuna apertura in programma")
        ora = formats.time_format(self.prossimo_cambio, "H:i")
        if self.aperto:
            if self.prossimo_cambio.date() == self.adesso.date():
                return _("Aperto · chiude alle %(ora)s") % {"ora": ora}
            return _("Aperto · chiude %(giorno)s alle %(ora)s") % {
                "giorno": _giorno_relativo(self.prossimo_cambio, self.adesso),
                "ora": ora,
            }
        if self.prossimo_cambio.date() == self.adesso.date():
            return _("Chiuso · apre alle %(ora)s") % {"ora": ora}
        return _("Chiuso · apre %(giorno)s alle %(ora)s") % {
            "giorno": _giorno_relativo(self.prossimo_cambio, self.adesso),
            "ora": ora,
        }


def _giorno_relativo(momento: dt.datetime, adesso: dt.datetime) -> str:
    giorni = (momento.date() - adesso.date()).days
    if giorni == 1:
        return _("domani")
    # Our own weekday names: Django's Italian ones are capitalised mid-sentence.
    nome = str(dict(GIORNI)[momento.weekday()])
    if giorni < 7:
        return nome
    return f"{nome} {formats.date_format(momento, 'j/n')}"


def fasce_del_giorno(giorno: dt.date, fasce: Iterable, eccezioni: Iterable) -> list[tuple]:
    """The (apre, chiude) times that hold on `giorno`, exceptions applied."""
    del_giorno = [e for e in eccezioni if e.data_inizio <= giorno <= e.data_fine]
    if del_giorno:
        return sorted((e.apre, e.chiude) for e in del_giorno if e.apre and e.chiude)
    settimana = giorno.weekday()
    return sorted((f.apre, f.chiude) for f in fasce if f.giorno == settimana)


def intervalli(
    dal: dt.date, giorni: int, fasce: Iterable, eccezioni: Iterable
) -> Iterator[Intervallo]:
    """Opening intervals from `dal` for `giorni` days, merged where they touch, one at a time:
    an interval is yielded once the next one does not touch it, so the opening state of a
    list's rows stops at the first day that answers it."""
    fuso = fuso_orario()
    # Read the (prefetched) rows once, not once per day.
    fasce, eccezioni = list(fasce), list(eccezioni)
    in_corso: Intervallo | None = None
    for n in range(giorni):
        giorno = dal + dt.timedelta(days=n)
        for apre, chiude in fasce_del_giorno(giorno, fasce, eccezioni):
            inizio = dt.datetime.combine(giorno, apre, tzinfo=fuso)
            fine = dt.datetime.combine(giorno, chiude, tzinfo=fuso)
            if in_corso is not None and inizio <= in_corso.fine:
                in_corso = Intervallo(in_corso.inizio, max(in_corso.fine, fine))
            else:
                if in_corso is not None:
                    yield in_corso
                in_corso = Intervallo(inizio, fine)
    if in_corso is not None:
        yield in_corso


def stato_apertura(fasce: Sequence, eccezioni: Sequence, adesso: dt.datetime) -> StatoApertura:
    """Whether the place is open at `adesso`, and the next change within two weeks."""
    locale = adesso.astimezone(fuso_orario())
    for intervallo in intervalli(locale.date(), GIORNI_DA_CONTROLLARE, fasce, eccezioni):
        if intervallo.inizio <= locale < intervallo.fine:
            return StatoApertura(True, intervallo.fine, locale)
        if intervallo.inizio > locale:
            return StatoApertura(False, intervallo.inizio, locale)
    return StatoApertura(False, None, locale)


def stato_luogo(luogo, adesso: dt.datetime) -> StatoApertura:
    """The opening state of a place loaded with `LuogoQuerySet.con_orari`."""
    return stato_apertura(luogo.fasce_orarie.all(), luogo.eccezioni.all(), adesso)


def stato_servizio(servizio, adesso: dt.datetime) -> StatoApertura:
    """A service follows its own slots, or its place's hours and exceptions."""
    luogo = servizio.luogo
    if servizio.usa_orari_luogo:
        return stato_luogo(luogo, adesso)
    return stato_apertura(servizio.fasce_orarie.all(), luogo.eccezioni.all(), adesso)


def stati_dei_luoghi(luoghi: Collection[int], adesso: dt.datetime) -> dict[int, StatoApertura]:
    """The opening state of each place (by pk), from the network's hours (`orari_della_rete`).

    A list page prints only the state, so it needs neither model instances of
    the slots nor a prefetch, which cost more than the rest of its rows.
    """
    if not luoghi:
        return {}
    orari = orari_della_rete(adesso)
    return {
        pk: stato_apertura(orari.fasce_luogo(pk), orari.eccezioni_luogo(pk), adesso)
        for pk in luoghi
    }


def stati_dei_servizi(servizi: Sequence, adesso: dt.datetime) -> dict[int, StatoApertura]:
    """Like `stati_dei_luoghi` for services (instances with `luogo_id` and
    `usa_orari_luogo`): each follows its own slots or its place's hours, and
    always its place's exceptions."""
    if not servizi:
        return {}
    orari = orari_della_rete(adesso)
    return {
        s.pk: stato_apertura(
            orari.fasce_luogo(s.luogo_id) if s.usa_orari_luogo else orari.fasce_servizio(s.pk),
            orari.eccezioni_luogo(s.luogo_id),
            adesso,
        )
        for s in servizi
    }


@dataclass(frozen=True, slots=True)
class _Fascia:
    giorno: int
    apre: dt.time
    chiude: dt.time


@dataclass(frozen=True, slots=True)
class _Eccezione:
    data_inizio: dt.date
    data_fine: dt.date
    apre: dt.time | None
    chiude: dt.time | None


@dataclass(frozen=True)
class OrariDellaRete:
    """Every place's weekly slots and exceptions of the next two weeks, and every
    service's own slots, by owner pk. Shared between requests: read, never changed."""

    fasce_dei_luoghi: dict[int, tuple[_Fascia, ...]]
    eccezioni_dei_luoghi: dict[int, tuple[_Eccezione, ...]]
    fasce_dei_servizi: dict[int, tuple[_Fascia, ...]]

    def fasce_luogo(self, pk: int) -> tuple[_Fascia, ...]:
        return self.fasce_dei_luoghi.get(pk, ())

    def eccezioni_luogo(self, pk: int) -> tuple[_Eccezione, ...]:
        return self.eccezioni_dei_luoghi.get(pk, ())

    def fasce_servizio(self, pk: int) -> tuple[_Fascia, ...]:
        return self.fasce_dei_servizi.get(pk, ())


def orari_della_rete(adesso: dt.datetime) -> OrariDellaRete:
    """The network's hours as they stand, for the day of `adesso`.

    Hours change only when staff or a manager edit them, which renews the
    version of LUOGHI_E_SERVIZI; the opening state, which depends on the
    clock, is still computed on every request from them.
    """
    oggi = adesso.astimezone(fuso_orario()).date()
    return _orari_della_rete(versioni.versione(LUOGHI_E_SERVIZI), oggi)


# Kept in this process's memory, not in a cache backend: unpickling about 16,000 rows on
# every request would cost more than the three queries it saves. Two entries: the
# current version, and the previous one while a request that read it finishes.
@functools.lru_cache(maxsize=2)
def _orari_della_rete(versione: str, oggi: dt.date) -> OrariDellaRete:
    # `versione` only keys the cache: a new one reads the rows again.
    fasce = FasciaOraria.objects.order_by().values_list("luogo_id", "giorno", "apre", "chiude")
    eccezioni = (
        EccezioneOrario.objects.nel_periodo(oggi, GIORNI_DA_CONTROLLARE)
        .order_by()
        .values_list("luogo_id", "data_inizio", "data_fine", "apre", "chiude")
    )
    fasce_servizi = FasciaOrariaServizio.objects.order_by().values_list(
        "servizio_id", "giorno", "apre", "chiude"
    )
    return OrariDellaRete(
        fasce_dei_luoghi=_per_proprietario(fasce),
        eccezioni_dei_luoghi=_per_proprietario(eccezioni, _Eccezione),
        fasce_dei_servizi=_per_proprietario(fasce_servizi),
    )


def _per_proprietario(righe: Iterable[tuple], tipo: type = _Fascia) -> dict[int, tuple]:
    """Rows whose first value is their owner's pk, grouped by it, in no particular
    order (`fasce_del_giorno` sorts)."""
    gruppi: defaultdict[int, list] = defaultdict(list)
    for proprietario, *valori in righe:
        gruppi[proprietario].append(tipo(*valori))
    return {proprietario: tuple(righe) for proprietario, righe in gruppi.items()}


def chiusura_della_data(inizio: dt.datetime, fine: dt.datetime, eccezioni: Iterable):
    """The exception of its place that affects an activity's date, or None.

    A closure covering the date's day closes the place all day (`tipo` CHIUSURA);
    a special opening that day whose hours do not hold the whole activity
    affects it in part. The weekly hours are not consulted: activities may be
    held outside them (an evening event), only a dated exception says "closed".
    """
    fuso = fuso_orario()
    locale_inizio, locale_fine = inizio.astimezone(fuso), fine.astimezone(fuso)
    giorno = locale_inizio.date()
    del_giorno = [e for e in eccezioni if e.data_inizio <= giorno <= e.data_fine]
    if not del_giorno:
        return None
    for eccezione in del_giorno:
        if eccezione.apre is None:
            return eccezione
    for eccezione in del_giorno:
        apre = dt.datetime.combine(giorno, eccezione.apre, tzinfo=fuso)
        chiude = dt.datetime.combine(giorno, eccezione.chiude, tzinfo=fuso)
        if apre <= locale_inizio and locale_fine <= chiude:
            return None
    return del_giorno[0]


def date_sulle_chiusure(occorrenze: Iterable, eccezioni: Sequence) -> list[tuple]:
    """The (occorrenza, eccezione) pairs of the dates an exception of their place affects."""
    coppie = []
    for occorrenza in occorrenze:
        eccezione = chiusura_della_data(occorrenza.inizio, occorrenza.fine, eccezioni)
        if eccezione is not None:
            coppie.append((occorrenza, eccezione))
    return coppie


def descrivi_chiusura(eccezione, luogo) -> str:
    """ "Chiusura di Casa Rossa: lavori" or "Orario diverso di Casa Rossa (9:00–12:00)"."""
    if eccezione.apre is None:
        testo = _("Chiusura di %(luogo)s") % {"luogo": luogo.nome}
    else:
        testo = _("Orario diverso di %(luogo)s (%(apre)s–%(chiude)s)") % {
            "luogo": luogo.nome,
            "apre": formats.time_format(eccezione.apre, "H:i"),
            "chiude": formats.time_format(eccezione.chiude, "H:i"),
        }
    return f"{testo}: {eccezione.motivo}" if eccezione.motivo else testo


def fasce_per_giorno(fasce) -> list[tuple[str, list[tuple]]]:
    """Weekly slots grouped by day, in order: only the days that have some."""
    fasce = list(fasce)
    return [
        (nome, sorted((f.apre, f.chiude) for f in fasce if f.giorno == giorno))
        for giorno, nome in GIORNI
        if any(f.giorno == giorno for f in fasce)
    ]
