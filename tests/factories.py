"""Plain functions that create valid records for tests, with overridable fields."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils.text import slugify

from quartieri.models import (
    AmbitoTerritoriale,
    CategoriaServizio,
    Comune,
    EccezioneOrario,
    Ente,
    FasciaOraria,
    Luogo,
    Quartiere,
    Servizio,
)

_contatore = itertools.count(1)


def _n() -> int:
    return next(_contatore)


def codice_fiscale_ente(numero: int) -> str:
    """A synthetic 11-digit codice fiscale with a valid check digit."""
    base = f"{numero:010d}"
    somma = 0
    for i, cifra in enumerate(base):
        valore = int(cifra)
        if i % 2 == 1:
            valore *= 2
            if valore > 9:
                valore -= 9
        somma += valore
    return base + str((10 - somma % 10) % 10)


def crea_comune(**campi) -> Comune:
    valori = {
        "nome": "Reggio Emilia",
        "slug": "reggio-emilia",
        "codice_istat": "035033",
        "lat": 44.7,
        "lon": 10.633333,
    }
    valori.update(campi)
    comune, _ = Comune.objects.get_or_create(codice_istat=valori["codice_istat"], defaults=valori)
    return comune


def crea_ambito(comune: Comune | None = None, **campi) -> AmbitoTerritoriale:
    n = _n()
    valori = {"codice": f"X{n}", "nome": f"Ambito {n}"}
    valori.update(campi)
    return AmbitoTerritoriale.objects.create(comune=comune or crea_comune(), **valori)


def crea_quartiere(ambito: AmbitoTerritoriale | None = None, **campi) -> Quartiere:
    ambito = ambito or crea_ambito()
    n = _n()
    valori = {"nome": f"Quartiere {n}", "lat": 44.70, "lon": 10.63}
    valori.update(campi)
    valori.setdefault("slug", slugify(valori["nome"]))
    return Quartiere.objects.create(comune=ambito.comune, ambito=ambito, **valori)


def crea_ente(**campi) -> Ente:
    n = _n()
    valori = {
        "nome": f"Associazione {n}",
        "forma_giuridica": Ente.FormaGiuridica.APS,
        "codice_fiscale": codice_fiscale_ente(90_000_000 + n),
    }
    valori.update(campi)
    valori.setdefault("slug", slugify(valori["nome"]))
    valori.setdefault("comune", crea_comune())
    return Ente.objects.create(**valori)


def crea_luogo(quartiere: Quartiere | None = None, *, manager=None, **campi) -> Luogo:
    quartiere = quartiere or crea_quartiere()
    n = _n()
    valori = {
        "nome": f"Casa di Quartiere {n}",
        "tipo": Luogo.Tipo.CASA_DI_QUARTIERE,
        "indirizzo": f"via Roma {n}",
        "lat": quartiere.lat,
        "lon": quartiere.lon,
        "descrizione": "Una casa aperta a tutto il quartiere.",
    }
    valori.update(campi)
    valori.setdefault("slug", slugify(valori["nome"]))
    luogo = Luogo.objects.create(quartiere=quartiere, **valori)
    if manager is not None:
        luogo.community_manager.add(manager)
    return luogo


def crea_fascia(luogo: Luogo, giorno: int, apre: str, chiude: str) -> FasciaOraria:
    return FasciaOraria.objects.create(
        luogo=luogo,
        giorno=giorno,
        apre=dt.time.fromisoformat(apre),
        chiude=dt.time.fromisoformat(chiude),
    )


def crea_orario_settimanale(luogo: Luogo, apre: str = "09:00", chiude: str = "19:00") -> None:
    for giorno in range(7):
        crea_fascia(luogo, giorno, apre, chiude)


def crea_eccezione(luogo: Luogo, dal: dt.date, al: dt.date | None = None, **campi):
    return EccezioneOrario.objects.create(
        luogo=luogo, data_inizio=dal, data_fine=al or dal, **campi
    )


def crea_categoria(**campi) -> CategoriaServizio:
    n = _n()
    valori = {"nome": f"Categoria {n}"}
    valori.update(campi)
    valori.setdefault("slug", slugify(valori["nome"]))
    return CategoriaServizio.objects.create(**valori)


def crea_servizio(luogo: Luogo, categoria: CategoriaServizio | None = None, **campi) -> Servizio:
    n = _n()
    valori = {"titolo": f"Servizio {n}", "descrizione": "Un servizio per il quartiere."}
    valori.update(campi)
    return Servizio.objects.create(luogo=luogo, categoria=categoria or crea_categoria(), **valori)
