"""quartieri's generator for `generate_scale_data`: territory, places, hours, services.

Everything hangs off one synthetic municipality, "Comune Sintetico" (ISTAT code
999999, which no real comune has): its ambiti, quartieri, enti and places, all
named "Sintetico ..." with slugs starting `sint-`, plus service categories of
their own. Deleting that comune's tree and those categories removes it all and
touches no demo or real record. Other apps' generators find the places they
hang their rows on through `luoghi_sintetici()`.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from stdnum import luhn

from quartieri.models import (
    AmbitoTerritoriale,
    Attivita,
    CategoriaServizio,
    Comune,
    EccezioneOrario,
    Ente,
    FasciaOraria,
    FasciaOrariaServizio,
    Luogo,
    Occorrenza,
    Quartiere,
    Servizio,
)

CODICE_ISTAT_SINTETICO = "999999"
PREFISSO_SLUG = "sint-"
# Centred on Reggio Emilia so the benchmark's "near me" search finds places around it.
CENTRO = (44.70, 10.63)
RAGGIO_GRADI = 0.08
LOTTO = 1000

CATEGORIE = (
    "Portierato sociale",
    "Punto di ritiro pacchi",
    "Punto informativo",
    "Facilitazione digitale",
    "Corso di alfabetizzazione digitale",
    "Sportello antitruffa",
    "Wi-fi di comunità",
    "Pasti sociali",
    "Doposcuola",
    "Orti urbani",
    "Attività motorie",
    "Sale e spazi",
)
NOMI_LUOGO = (
    "Aurora", "Betulla", "Castagno", "Delta", "Edera", "Fontana", "Girasole", "Iris",
    "Lanterna", "Mulino", "Noce", "Olmo", "Pioppo", "Quercia", "Rondine", "Salice",
    "Tiglio", "Ulivo", "Vela", "Zefiro",
)  # fmt: skip
VIE = ("via", "viale", "piazza", "vicolo", "largo")
PAROLE = (
    "quartiere", "comunità", "incontri", "vicini", "famiglie", "anziani", "ragazzi",
    "laboratori", "cortile", "sala", "volontari", "associazioni", "festa", "orto",
    "biblioteca", "cucina", "musica", "giochi", "ascolto", "aiuto", "servizi",
    "pomeriggio", "sera", "settimana", "insieme", "cura", "spazio", "aperto",
)  # fmt: skip


def aggiungi_opzioni(parser: CommandParser) -> None:
    parser.add_argument("--places", type=int, default=1000, help="Luoghi sintetici da creare.")
    parser.add_argument(
        "--services", type=int, default=10000, help="Servizi sintetici da distribuire fra i luoghi."
    )
    parser.add_argument(
        "--activities",
        type=int,
        default=0,
        help="Attività sintetiche da distribuire fra i luoghi (una data, o una serie settimanale).",
    )


def comune_sintetico() -> Comune | None:
    return Comune.objects.filter(codice_istat=CODICE_ISTAT_SINTETICO).first()


def luoghi_sintetici():
    """The synthetic places, for other apps' generators."""
    return Luogo.objects.filter(quartiere__comune__codice_istat=CODICE_ISTAT_SINTETICO)


def elimina() -> dict[str, int]:
    """Delete every synthetic row of quartieri (services, hours and exceptions cascade)."""
    filtro_comune = {"comune__codice_istat": CODICE_ISTAT_SINTETICO}
    # Activities protect their place: they go first (their dates cascade).
    attivita = Attivita.objects.filter(luogo__in=luoghi_sintetici()).delete()[1]
    conteggi = {
        "Attività": attivita.get("quartieri.Attivita", 0),
        "Luoghi": luoghi_sintetici().delete()[1].get("quartieri.Luogo", 0),
    }
    conteggi["Enti"] = Ente.objects.filter(**filtro_comune).delete()[0]
    conteggi["Quartieri"] = Quartiere.objects.filter(**filtro_comune).delete()[0]
    conteggi["Ambiti"] = AmbitoTerritoriale.objects.filter(**filtro_comune).delete()[0]
    conteggi["Comuni"] = Comune.objects.filter(codice_istat=CODICE_ISTAT_SINTETICO).delete()[0]
    conteggi["Categorie"] = CategoriaServizio.objects.filter(
        slug__startswith=PREFISSO_SLUG
    ).delete()[0]
    return conteggi


def _testo(rng: random.Random, parole: int) -> str:
    frase = " ".join(rng.choice(PAROLE) for _ in range(parole))
    return frase[:1].upper() + frase[1:] + "."


def _punto(rng: random.Random, centro: tuple[float, float], raggio: float) -> tuple[float, float]:
    return (
        round(centro[0] + rng.uniform(-raggio, raggio), 6),
        round(centro[1] + rng.uniform(-raggio, raggio), 6),
    )


def _fasce_settimanali(rng: random.Random) -> list[tuple[int, dt.time, dt.time]]:
    """Five to seven open days, a morning and often an afternoon slot."""
    giorni = sorted(rng.sample(range(7), rng.randint(5, 7)))
    fasce = []
    for giorno in giorni:
        fasce.append((giorno, dt.time(rng.choice((8, 9, 10))), dt.time(rng.choice((12, 13)))))
        if rng.random() < 0.7:
            fasce.append((giorno, dt.time(rng.choice((14, 15))), dt.time(rng.choice((19, 22)))))
    return fasce


def genera(*, opzioni: dict[str, Any], rng: random.Random, oggi: dt.date) -> dict[str, int]:
    """Create the synthetic territory, places, hours and services; return counts per kind."""
    n_luoghi, n_servizi = opzioni["places"], opzioni["services"]
    if n_luoghi < 0 or n_servizi < 0:
        raise CommandError("--places e --services non possono essere negativi.")
    if opzioni.get("activities", 0) < 0:
        raise CommandError("--activities non può essere negativo.")
    if opzioni.get("activities", 0) and not n_luoghi:
        raise CommandError("Le attività hanno bisogno di almeno un luogo (--places).")
    if n_servizi and not n_luoghi:
        raise CommandError("I servizi hanno bisogno di almeno un luogo (--places).")
    if comune_sintetico() is not None:
        raise CommandError("Ci sono già dati sintetici: usa --reset per ricrearli.")
    if not n_luoghi:
        return {}

    comune = Comune.objects.create(
        nome="Comune Sintetico",
        slug=f"{PREFISSO_SLUG}comune",
        codice_istat=CODICE_ISTAT_SINTETICO,
        lat=CENTRO[0],
        lon=CENTRO[1],
    )
    ambiti = AmbitoTerritoriale.objects.bulk_create(
        AmbitoTerritoriale(comune=comune, codice=f"S{i}", nome=f"Sintetico ambito {i}")
        for i in range(1, 10)
    )
    n_quartieri = max(1, n_luoghi // 20)
    quartieri = Quartiere.objects.bulk_create(
        [
            Quartiere(
                comune=comune,
                ambito=ambiti[i % len(ambiti)],
                nome=f"Sintetico quartiere {i:03d}",
                slug=f"{PREFISSO_SLUG}quartiere-{i:03d}",
                lat=(punto := _punto(rng, CENTRO, RAGGIO_GRADI))[0],
                lon=punto[1],
                fonte_coordinate="dati sintetici",
            )
            for i in range(1, n_quartieri + 1)
        ]
    )
    n_enti = max(1, n_luoghi // 5)
    enti = Ente.objects.bulk_create(
        [
            Ente(
                comune=comune,
                nome=f"Sintetico ente {i:04d}",
                slug=f"{PREFISSO_SLUG}ente-{i:04d}",
                forma_giuridica=rng.choice(Ente.FormaGiuridica.values),
                # 88 + a counter + the partita IVA check digit: valid, recognisably synthetic.
                codice_fiscale=(base := f"88{i:08d}") + luhn.calc_check_digit(base),
                quartiere=rng.choice(quartieri),
            )
            for i in range(1, n_enti + 1)
        ],
        batch_size=LOTTO,
    )
    categorie = CategoriaServizio.objects.bulk_create(
        CategoriaServizio(
            nome=f"Sintetico {nome.lower()}",
            slug=f"{PREFISSO_SLUG}categoria-{i:02d}",
            ordine=100 + i,
        )
        for i, nome in enumerate(CATEGORIE, start=1)
    )

    luoghi = []
    for i in range(1, n_luoghi + 1):
        quartiere = rng.choice(quartieri)
        lat, lon = _punto(rng, (quartiere.lat, quartiere.lon), RAGGIO_GRADI / 8)
        luoghi.append(
            Luogo(
                nome=f"Sintetico {rng.choice(NOMI_LUOGO)} {i:04d}",
                slug=f"{PREFISSO_SLUG}luogo-{i:04d}",
                tipo=rng.choice(Luogo.Tipo.values),
                quartiere=quartiere,
                indirizzo=f"{rng.choice(VIE)} {rng.choice(NOMI_LUOGO)} {rng.randint(1, 120)}",
                cap="42100",
                lat=lat,
                lon=lon,
                # Synthetic points, not a neighbourhood's centre.
                coordinate_esatte=True,
                gestore=rng.choice(enti),
                descrizione=_testo(rng, rng.randint(20, 60)),
                telefono=f"0522 {rng.randint(100000, 999999)}",
                ingresso_senza_gradini=rng.choice((True, False, None)),
                bagno_accessibile=rng.choice((True, False, None)),
                anello_induttivo=rng.choice((True, False, None)),
                parcheggio_disabili=rng.choice((True, False, None)),
                orari_di_esempio=True,
                pubblicato=rng.random() < 0.97,
            )
        )
    luoghi = Luogo.objects.bulk_create(luoghi, batch_size=LOTTO)

    fasce = [
        FasciaOraria(luogo=luogo, giorno=giorno, apre=apre, chiude=chiude)
        for luogo in luoghi
        for giorno, apre, chiude in _fasce_settimanali(rng)
    ]
    FasciaOraria.objects.bulk_create(fasce, batch_size=LOTTO)

    eccezioni = []
    for luogo in luoghi:
        if rng.random() < 0.1:
            giorno = oggi + dt.timedelta(days=rng.randint(0, 30))
            eccezioni.append(
                EccezioneOrario(
                    luogo=luogo, data_inizio=giorno, data_fine=giorno, motivo="Chiusura sintetica"
                )
            )
    EccezioneOrario.objects.bulk_create(eccezioni, batch_size=LOTTO)

    servizi = []
    for i in range(1, n_servizi + 1):
        gratuito = rng.random() < 0.8
        categoria = rng.choice(categorie)
        servizi.append(
            Servizio(
                luogo=rng.choice(luoghi),
                categoria=categoria,
                titolo=f"Sintetico servizio {i:05d}: {categoria.nome[10:]}",
                descrizione=_testo(rng, rng.randint(8, 25)),
                usa_orari_luogo=rng.random() < 0.7,
                prenotazione=rng.random() < 0.3,
                gratuito=gratuito,
                costo="" if gratuito else f"{rng.randint(2, 20)} euro",
                pubblico=rng.choice(Servizio.Pubblico.values),
                pubblicato=rng.random() < 0.97,
            )
        )
    servizi = Servizio.objects.bulk_create(servizi, batch_size=LOTTO)
    fasce_servizi = [
        FasciaOrariaServizio(servizio=servizio, giorno=giorno, apre=apre, chiude=chiude)
        for servizio in servizi
        if not servizio.usa_orari_luogo
        for giorno, apre, chiude in _fasce_settimanali(rng)[: rng.randint(1, 3)]
    ]
    FasciaOrariaServizio.objects.bulk_create(fasce_servizi, batch_size=LOTTO)

    n_attivita, n_occorrenze = _genera_attivita(
        rng, luoghi, enti, oggi, opzioni.get("activities", 0)
    )

    return {
        "Comuni": 1,
        "Ambiti": len(ambiti),
        "Quartieri": len(quartieri),
        "Enti": len(enti),
        "Categorie": len(categorie),
        "Luoghi": len(luoghi),
        "Fasce orarie": len(fasce),
        "Eccezioni d'orario": len(eccezioni),
        "Servizi": len(servizi),
        "Fasce orarie dei servizi": len(fasce_servizi),
        "Attività": n_attivita,
        "Date delle attività": n_occorrenze,
    }


TITOLI_ATTIVITA = (
    "Tombola", "Corso di alfabetizzazione digitale", "Camminata della salute",
    "Scala 40 e pinnacolo", "Laboratorio per bambini", "Sportello antitruffa",
    "Pranzo di comunità", "Incontro di quartiere", "Serata di musica", "Living lab",
)  # fmt: skip


def _genera_attivita(
    rng: random.Random, luoghi: list[Luogo], enti: list[Ente], oggi: dt.date, quante: int
) -> tuple[int, int]:
    """Activities from 60 days ago to 300 ahead; one in ten weekly for 4-8 weeks."""
    if not quante:
        return 0, 0
    fuso = ZoneInfo(settings.TIME_ZONE)
    occorrenze_create = 0
    for primo in range(0, quante, LOTTO):
        lotto = []
        for i in range(primo + 1, min(primo + LOTTO, quante) + 1):
            giorno = oggi + dt.timedelta(days=rng.randint(-60, 300))
            inizio = dt.datetime.combine(giorno, dt.time(rng.randint(9, 21)), fuso)
            settimanale = rng.random() < 0.1
            gratuita = rng.random() < 0.85
            iscrizione = rng.random() < 0.3
            lotto.append(
                Attivita(
                    luogo=rng.choice(luoghi),
                    titolo=f"Sintetico {rng.choice(TITOLI_ATTIVITA).lower()} {i:06d}",
                    tipo=rng.choice(Attivita.Tipo.values),
                    descrizione=_testo(rng, rng.randint(10, 30)),
                    pubblico=rng.choice(Attivita.Pubblico.values),
                    organizzatore=rng.choice(enti),
                    pubblica=rng.random() < 0.95,
                    gratuita=gratuita,
                    costo="" if gratuita else f"{rng.randint(2, 20)} euro",
                    iscrizione_richiesta=iscrizione,
                    capienza=rng.choice((None, 10, 20, 40)) if iscrizione else None,
                    inizio=inizio,
                    fine=inizio + dt.timedelta(minutes=rng.choice((60, 90, 120, 180))),
                    settimanale=settimanale,
                    ripeti_fino_al=giorno + dt.timedelta(weeks=rng.randint(3, 7))
                    if settimanale
                    else None,
                )
            )
        lotto = Attivita.objects.bulk_create(lotto, batch_size=LOTTO)
        occorrenze = [
            Occorrenza(attivita=attivita, inizio=inizio, fine=fine, inizio_originale=inizio)
            for attivita in lotto
            for inizio, fine in attivita.date_della_serie()
        ]
        Occorrenza.objects.bulk_create(occorrenze, batch_size=LOTTO)
        occorrenze_create += len(occorrenze)
    return quante, occorrenze_create
