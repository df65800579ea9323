"""Demo activities: a realistic week in every Casa, from the services it offers.

Each place gets the activities its services suggest (the card games give a
"Tombola del giovedì", a digital-literacy service a course, ...), laid out
around the week the demo is first loaded: weekly series start two weeks
earlier, so the demo community manager finds past dates already logged and
others still waiting for their log. Rows are keyed on (place slug, title) and
created only when missing, so a second load changes nothing even on another
day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from portal.demo import ACCOUNT_DEMO, riga_riepilogo
from portal.models import User
from portal.ruoli import GRUPPO_COMMUNITY_MANAGER
from quartieri.models import Attivita, Ente, Iscrizione, Luogo, Occorrenza, Resoconto
from quartieri.services.attivita import genera_occorrenze

CITTADINO_DEMO = "cittadino@example.org"
SETTIMANE_PRIMA = 2
SETTIMANE_DOPO = 6


@dataclass(frozen=True)
class Modello:
    """An activity a service suggests: weekday (0 = Monday), times, and its settings."""

    titolo: str
    tipo: str
    giorno: int
    inizio: dt.time
    durata_minuti: int
    descrizione: str
    settimanale: bool = True
    pubblico: str = Attivita.Pubblico.TUTTI
    capienza: int | None = None
    costo: str = ""
    organizzatore: str = ""


T = Attivita.Tipo
MODELLI_PER_CATEGORIA: dict[str, list[Modello]] = {
    "giochi-carte-tombola": [
        Modello("Tombola del giovedì", T.EVENTO, 3, dt.time(20, 30), 150,
                "La tombola della Casa: cartelle a 50 centesimi, premi offerti dai soci.",
                pubblico=Attivita.Pubblico.TUTTI),
        Modello("Scala 40 e pinnacolo", T.SERVIZIO_RICORRENTE, 1, dt.time(15), 180,
                "Pomeriggio di carte: si gioca a coppie, chi arriva trova un tavolo."),
    ],
    "alfabetizzazione-digitale": [
        Modello("Corso di alfabetizzazione digitale", T.CORSO, 0, dt.time(10), 120,
                "Smartphone, posta elettronica, SPID e app IO: sei incontri in piccolo gruppo.",
                pubblico=Attivita.Pubblico.ANZIANI, capienza=10),
    ],
    "facilitazione-digitale": [
        Modello("Aiuto digitale: SPID e app IO", T.SERVIZIO_RICORRENTE, 3, dt.time(10), 120,
                "Un facilitatore aiuta ad attivare SPID, l'app IO e il fascicolo sanitario."),
    ],
    "sportello-antitruffa": [
        Modello("Sportello antitruffa con Federconsumatori", T.SERVIZIO_RICORRENTE, 2,
                dt.time(9, 30), 150,
                "Consigli contro truffe al telefono, porta a porta e online.",
                organizzatore="Federconsumatori Reggio Emilia"),
    ],
    "attivita-motorie": [
        Modello("Camminata della salute", T.SERVIZIO_RICORRENTE, 4, dt.time(9), 90,
                "Un'ora e mezza di cammino con un accompagnatore, al passo di tutti.",
                organizzatore="UISP Comitato territoriale di Reggio Emilia"),
    ],
    "attivita-bambini-ragazzi": [
        Modello("Laboratorio creativo per bambini", T.LABORATORIO, 5, dt.time(16), 120,
                "Colori, carta e materiali di recupero: per bambine e bambini dai 5 ai 10 anni.",
                pubblico=Attivita.Pubblico.BAMBINI, capienza=12),
    ],
    "doposcuola": [
        Modello("Doposcuola", T.SERVIZIO_RICORRENTE, 1, dt.time(15), 120,
                "Aiuto nei compiti con volontari e volontarie del quartiere.",
                pubblico=Attivita.Pubblico.RAGAZZI, capienza=15),
    ],
    "eventi-cultura": [
        Modello("Serata di musica dal vivo", T.EVENTO, 5, dt.time(21), 150,
                "Un gruppo del quartiere suona nella sala grande.", settimanale=False),
    ],
    "pasti-sociali": [
        Modello("Pranzo di comunità", T.EVENTO, 6, dt.time(12, 30), 150,
                "Pranzo della domenica a prezzo popolare: prenotazione necessaria.",
                settimanale=False, capienza=40, costo="12 euro"),
    ],
    "orti-urbani": [
        Modello("Mattinata negli orti", T.INCONTRO, 5, dt.time(9), 180,
                "Lavori comuni negli orti e scambio di semi e piantine."),
    ],
    "punto-informativo": [
        Modello("Punto informativo: segnalazioni al Comune", T.SERVIZIO_RICORRENTE, 0,
                dt.time(17), 120,
                "Informazioni sui servizi del Comune e aiuto con le segnalazioni."),
    ],
    "socialita-inclusione": [
        Modello("Laboratorio di comunità", T.LIVING_LAB, 2, dt.time(18), 120,
                "Living lab: residenti e associazioni progettano insieme un nuovo servizio.",
                settimanale=False),
    ],
    "cittadinanza-attiva": [
        Modello("Cura del verde del parco", T.INCONTRO, 5, dt.time(9, 30), 150,
                "Volontari e residenti puliscono e curano il parco vicino alla Casa."),
    ],
}  # fmt: skip
# Every Casa meets its neighbourhood at least once in the demo week.
INCONTRO_DI_QUARTIERE = Modello(
    "Caffè di quartiere", T.INCONTRO, 2, dt.time(10), 90,
    "Un caffè insieme per conoscersi e raccogliere proposte per la Casa.",
)  # fmt: skip
MASSIMO_PER_LUOGO = 3


def modelli_del_luogo(categorie: list[str]) -> list[Modello]:
    """The activities a place's service categories suggest, at most three, then the coffee."""
    modelli: list[Modello] = []
    for categoria in dict.fromkeys(categorie):
        for modello in MODELLI_PER_CATEGORIA.get(categoria, []):
            if len(modelli) < MASSIMO_PER_LUOGO:
                modelli.append(modello)
    return [*modelli, INCONTRO_DI_QUARTIERE]


def lunedi_della_settimana(oggi: dt.date) -> dt.date:
    return oggi - dt.timedelta(days=oggi.weekday())


def _crea_attivita(
    luogo: Luogo, modello: Modello, lunedi: dt.date, enti: dict[str, Ente]
) -> Attivita:
    fuso = timezone.get_default_timezone()
    settimana = -SETTIMANE_PRIMA if modello.settimanale else 0
    giorno = lunedi + dt.timedelta(weeks=settimana, days=modello.giorno)
    inizio = dt.datetime.combine(giorno, modello.inizio, fuso)
    attivita = Attivita(
        luogo=luogo,
        titolo=modello.titolo,
        tipo=modello.tipo,
        descrizione=modello.descrizione,
        pubblico=modello.pubblico,
        organizzatore=enti.get(modello.organizzatore) or luogo.gestore,
        gratuita=not modello.costo,
        costo=modello.costo,
        iscrizione_richiesta=modello.capienza is not None,
        capienza=modello.capienza,
        inizio=inizio,
        fine=inizio + dt.timedelta(minutes=modello.durata_minuti),
        settimanale=modello.settimanale,
        ripeti_fino_al=lunedi + dt.timedelta(weeks=SETTIMANE_DOPO) if modello.settimanale else None,
    )
    attivita.full_clean()
    attivita.save()
    genera_occorrenze(attivita=attivita)
    return attivita


def _resoconti_del_manager(attivita: Attivita, manager: User, lunedi: dt.date) -> int:
    """Log the dates two weeks ago; last week's stay waiting for their log."""
    inizio_settimana_scorsa = dt.datetime.combine(
        lunedi - dt.timedelta(weeks=1), dt.time.min, timezone.get_default_timezone()
    )
    creati = 0
    for occorrenza in attivita.occorrenze.filter(inizio__lt=inizio_settimana_scorsa):
        partecipanti = 8 + (occorrenza.pk % 7)
        resoconto = Resoconto(
            occorrenza=occorrenza,
            partecipanti_totale=partecipanti,
            partecipanti_under14=0,
            partecipanti_14_64=partecipanti // 3,
            partecipanti_over65=partecipanti - partecipanti // 3,
            volontari_coinvolti=2,
            ore_volontariato=4,
            note="Buona partecipazione; chiesto di ripetere l'incontro.",
            autore=manager,
            created_at=occorrenza.fine,
        )
        resoconto.full_clean()
        resoconto._history_user = manager
        resoconto.save()
        creati += 1
    return creati


def _iscrizioni_del_cittadino(luoghi: list[Luogo], adesso: dt.datetime) -> int:
    cittadino = User.objects.filter(email=CITTADINO_DEMO).first()
    if cittadino is None:
        return 0
    prossime = (
        Occorrenza.objects.filter(
            attivita__luogo__in=luoghi,
            attivita__iscrizione_richiesta=True,
            annullata=False,
            inizio__gt=adesso,
        )
        .exclude(iscrizioni__utente=cittadino)
        .order_by("inizio", "pk")
        .distinct()
    )
    scelte, attivita_viste = [], set()
    for occorrenza in prossime:
        if occorrenza.attivita_id not in attivita_viste:
            attivita_viste.add(occorrenza.attivita_id)
            scelte.append(occorrenza)
        if len(scelte) == 3:
            break
    for occorrenza in scelte:
        # The demo sends no mail: the confirmation counts as sent.
        iscrizione = Iscrizione(occorrenza=occorrenza, utente=cittadino, conferma_inviata_il=adesso)
        iscrizione.full_clean()
        iscrizione.save()
    return len(scelte)


@transaction.atomic
def carica(luoghi: dict[str, Luogo], dati: dict[str, Any], stdout: IO[str]) -> None:
    """Create the demo activities still missing; a second run creates nothing."""
    categorie_per_luogo = {
        luogo["slug"]: [s["categoria"] for s in luogo.get("servizi", [])]
        for luogo in dati["luoghi"]
    }
    adesso = timezone.now()
    lunedi = lunedi_della_settimana(timezone.localdate(adesso))
    enti = {
        e.nome: e
        for e in Ente.objects.filter(
            nome__in={m.organizzatore for ms in MODELLI_PER_CATEGORIA.values() for m in ms}
        )
    }
    email_manager = next(a.email for a in ACCOUNT_DEMO if a.gruppo == GRUPPO_COMMUNITY_MANAGER)
    manager = User.objects.get(email=email_manager)
    esistenti = set(
        Attivita.objects.filter(luogo__in=luoghi.values()).values_list("luogo__slug", "titolo")
    )
    nuove, resoconti, nuovi_luoghi = 0, 0, []
    for slug, luogo in luoghi.items():
        modelli = [
            m
            for m in modelli_del_luogo(categorie_per_luogo.get(slug, []))
            if (slug, m.titolo) not in esistenti
        ]
        if modelli:
            nuovi_luoghi.append(luogo)
        for modello in modelli:
            attivita = _crea_attivita(luogo, modello, lunedi, enti)
            nuove += 1
            if luogo.community_manager.filter(pk=manager.pk).exists():
                resoconti += _resoconti_del_manager(attivita, manager, lunedi)
    iscrizioni = _iscrizioni_del_cittadino(nuovi_luoghi, adesso) if nuovi_luoghi else 0
    stdout.write(riga_riepilogo("Attività", nuovi=nuove, presenti=len(esistenti)))
    stdout.write(riga_riepilogo("Resoconti", nuovi=resoconti))
    stdout.write(riga_riepilogo("Iscrizioni del cittadino dimostrativo", nuovi=iscrizioni))
