"""Plain functions that create valid records for tests, with overridable fields."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils.text import slugify

from accordi.models import (
    Accordo,
    AggiornamentoProgetto,
    Firmatario,
    Indicatore,
    Progetto,
    Tema,
)
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


def crea_tema(**campi) -> Tema:
    n = _n()
    valori = {"nome": f"Tema {n}"}
    valori.update(campi)
    valori.setdefault("slug", slugify(valori["nome"]))
    return Tema.objects.create(**valori)


def crea_accordo(stato: str = Accordo.Stato.IN_CORSO, **campi) -> Accordo:
    """An agreement already in `stato` (created directly: the lifecycle tests use the service)."""
    n = _n()
    valori = {
        "codice": f"QUA-{n}",
        "titolo": f"Accordo di cittadinanza {n}",
        "data_inizio": dt.date(2024, 1, 1),
        "data_fine": dt.date(2026, 12, 31),
    }
    valori.update(campi)
    valori.setdefault("slug", slugify(valori["titolo"]))
    valori.setdefault("comune", crea_comune())
    return Accordo.objects.create(stato=stato, **valori)


def crea_firmatario(accordo: Accordo, ente: Ente | None = None, **campi) -> Firmatario:
    """An organisation signing `accordo` (pass tipo="cittadino" and nome_cittadino for a person)."""
    valori = {"tipo": Firmatario.Tipo.ENTE, "data_firma": dt.date(2024, 1, 1)}
    valori.update(campi)
    if valori["tipo"] != Firmatario.Tipo.CITTADINO and ente is None:
        ente = crea_ente()
    return Firmatario.objects.create(accordo=accordo, ente=ente, **valori)


def crea_progetto(accordo: Accordo | None = None, **campi) -> Progetto:
    n = _n()
    valori = {
        "titolo": f"Progetto {n}",
        "descrizione": "Un progetto per il quartiere.",
        "famiglia": Progetto.Famiglia.CURA_COMUNITA,
        "stato": Progetto.Stato.ATTIVO,
    }
    valori.update(campi)
    return Progetto.objects.create(accordo=accordo or crea_accordo(), **valori)


def crea_indicatore(progetto: Progetto, **campi) -> Indicatore:
    n = _n()
    valori = {"nome": f"Indicatore {n}", "unita": "persone", "valore_obiettivo": 100}
    valori.update(campi)
    return Indicatore.objects.create(progetto=progetto, **valori)


def crea_aggiornamento(progetto: Progetto, **campi) -> AggiornamentoProgetto:
    valori = {
        "data": dt.date(2024, 6, 1),
        "testo": "Il progetto procede.",
        "ore_collaborazione": 10,
    }
    valori.update(campi)
    return AggiornamentoProgetto.objects.create(progetto=progetto, **valori)


def crea_attivita(luogo: Luogo, **campi):
    """A saved activity with its occurrences laid out (default: one date, tomorrow at 17)."""
    from django.utils import timezone

    from quartieri.models import Attivita
    from quartieri.services.attivita import genera_occorrenze

    domani = timezone.localtime().date() + dt.timedelta(days=1)
    inizio = campi.pop(
        "inizio", dt.datetime.combine(domani, dt.time(17), timezone.get_default_timezone())
    )
    valori = {
        "titolo": f"Attività {_n()}",
        "tipo": Attivita.Tipo.INCONTRO,
        "descrizione": "Un pomeriggio insieme.",
        "inizio": inizio,
        "fine": campi.pop("fine", inizio + dt.timedelta(hours=2)),
    }
    valori.update(campi)
    attivita = Attivita.objects.create(luogo=luogo, **valori)
    genera_occorrenze(attivita=attivita)
    return attivita


# --- Volontari ------------------------------------------------------------


def codice_fiscale_persona(nascita: dt.date, numero: int | None = None, femmina=False) -> str:
    """A synthetic person's codice fiscale for `nascita`, with a valid check character."""
    from stdnum.it import codicefiscale

    numero = _n() if numero is None else numero
    lettere = "BCDFGHJKLMNPQRSTVZ"
    cognome = "".join(lettere[(numero // 18**i) % 18] for i in range(3))
    giorno = nascita.day + (40 if femmina else 0)
    mese = "ABCDEHLMPRST"[nascita.month - 1]
    base = f"{cognome}MRA{nascita.year % 100:02d}{mese}{giorno:02d}H223"
    return base + codicefiscale.calc_check_digit(base)


def crea_opportunita(luogo: Luogo | None = None, *, tutor=None, **campi):
    from volontari.models import Opportunita

    n = _n()
    valori = {
        "titolo": f"Opportunità {n}",
        "tipo": Opportunita.Tipo.SERVIZIO_COMUNALE,
        "servizio_comunale": Opportunita.Servizio.BIBLIOTECHE,
        "descrizione": "Aiuto al prestito e alla lettura.",
        "posti": 10,
        "martedi": True,
    }
    valori.update(campi)
    valori.setdefault("slug", slugify(valori["titolo"]))
    opportunita = Opportunita.objects.create(luogo=luogo, **valori)
    if tutor is not None:
        opportunita.tutor.add(tutor)
    return opportunita


def crea_polizza(**campi):
    from volontari.models import Polizza

    valori = {
        "compagnia": "Assicurazioni Esempio",
        "numero": f"POL-{_n()}",
        "copertura_dal": dt.date(2020, 1, 1),
        "copertura_al": dt.date(2030, 12, 31),
    }
    valori.update(campi)
    return Polizza.objects.create(**valori)


def crea_volontario(user=None, **campi):
    """A complete, eligible (adult) volunteer profile."""
    from volontari.models import Volontario

    nascita = campi.pop("data_nascita", dt.date(1980, 5, 17))
    valori = {
        "nome": "Mario",
        "cognome": f"Rossi{_n()}",
        "codice_fiscale": codice_fiscale_persona(nascita),
        "data_nascita": nascita,
        "luogo_nascita": "Reggio Emilia",
        "comune": "Reggio nell'Emilia",
        "indirizzo": "via Emilia 1",
        "consenso_privacy": True,
    }
    valori.update(campi)
    return Volontario.objects.create(user=user, **valori)


def crea_incarico(volontario=None, opportunita=None, **campi):
    from volontari.models import Incarico

    valori = {"data_inizio": dt.date(2024, 1, 1)}
    valori.update(campi)
    return Incarico.objects.create(
        volontario=volontario or crea_volontario(),
        opportunita=opportunita or crea_opportunita(),
        **valori,
    )


def crea_ore(incarico=None, **campi):
    """A ledger entry written directly (tests of reads); services are tested on their own."""
    from volontari.models import OreVolontariato

    valori = {"data": dt.date(2024, 3, 5), "ore": 2, "attivita_svolta": "Prestito libri."}
    valori.update(campi)
    return OreVolontariato.objects.create(incarico=incarico or crea_incarico(), **valori)


# --- Argomenti e novità ---------------------------------------------------


def crea_argomento(nome: str = "Tempo libero", **campi):
    """The topic `nome` of the modello's vocabulary (the data migration may have loaded it)."""
    from portal.models import Argomento

    argomento, _creato = Argomento.objects.get_or_create(
        nome=nome, defaults={"slug": slugify(nome), **campi}
    )
    return argomento


def crea_novita(luogo: Luogo | None = None, **campi):
    """A published news item (a minute ago) of `luogo`, or of the Comune."""
    from django.utils import timezone

    from quartieri.models import Novita

    n = _n()
    valori = {
        "titolo": f"Novità {n}",
        "sommario": "Una novità per il quartiere.",
        "testo": "Il testo della novità.",
        "data_pubblicazione": timezone.now() - dt.timedelta(minutes=1),
    }
    valori.update(campi)
    return Novita.objects.create(luogo=luogo, **valori)
