"""Demo topics of places, services and activities, and demo news of the Comune and the Case.

Topics follow from what a record is: a service's from its category, a place's
from its services, an activity's from its kind. News are matched on their
place and title and created only when missing, so a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import IO

from django.db import models
from django.utils import timezone

from portal.demo import riga_riepilogo
from portal.models import Argomento
from quartieri.models import Attivita, Luogo, Novita, Servizio

# The modello's topics (portal/migrations/0005) of each demo service category.
ARGOMENTI_PER_CATEGORIA = {
    "portierato-sociale": ("Assistenza sociale",),
    "ritiro-pacchi": ("Accesso all'informazione",),
    "punto-informativo": ("Accesso all'informazione",),
    "facilitazione-digitale": ("Accesso all'informazione", "Istruzione"),
    "alfabetizzazione-digitale": ("Istruzione",),
    "sportello-antitruffa": ("Assistenza sociale", "Accesso all'informazione"),
    "wifi-comunita": ("Accesso all'informazione",),
    "pasti-sociali": ("Assistenza sociale", "Integrazione sociale"),
    "doposcuola": ("Istruzione",),
    "orti-urbani": ("Spazio Verde", "Sviluppo sostenibile"),
    "bar-ristoro": ("Tempo libero",),
    "sale-in-affitto": ("Associazioni",),
    "attivita-motorie": ("Sport",),
    "biblioteca-scambio-libri": ("Patrimonio culturale",),
    "giochi-carte-tombola": ("Tempo libero",),
    "eventi-cultura": ("Patrimonio culturale", "Tempo libero"),
    "attivita-bambini-ragazzi": ("Istruzione", "Tempo libero"),
    "sale-e-spazi": ("Associazioni",),
    "cittadinanza-attiva": ("Associazioni",),
    "socialita-inclusione": ("Integrazione sociale",),
}

ARGOMENTI_PER_TIPO_ATTIVITA = {
    Attivita.Tipo.EVENTO: ("Tempo libero",),
    Attivita.Tipo.CORSO: ("Istruzione",),
    Attivita.Tipo.LABORATORIO: ("Istruzione",),
    Attivita.Tipo.INCONTRO: ("Integrazione sociale",),
    Attivita.Tipo.SERVIZIO_RICORRENTE: ("Assistenza sociale",),
    Attivita.Tipo.LIVING_LAB: ("Associazioni",),
    Attivita.Tipo.ALTRO: ("Tempo libero",),
}

# (place slug or None for the Comune, kind, title, summary, text, days from today, topics)
NOVITA_DEMO = (
    (
        None,
        Novita.Tipo.COMUNICATO,
        "Case di Quartiere: al via la nuova stagione",
        "Le Case di Quartiere riaprono con corsi, sportelli e feste per tutte le età.",
        "Con l'autunno le Case di Quartiere della città tornano a pieno ritmo: sportelli di "
        "portierato sociale, corsi di alfabetizzazione digitale, doposcuola e feste di "
        "quartiere. Il calendario di ogni Casa è nella sua pagina.",
        -10,
        ("Associazioni", "Tempo libero"),
    ),
    (
        None,
        Novita.Tipo.AVVISO,
        "Sportelli di facilitazione digitale: nuovi orari",
        "Da lunedì gli sportelli di facilitazione digitale aprono anche il sabato mattina.",
        "Per aiutare chi lavora durante la settimana, gli sportelli di facilitazione digitale "
        "delle Case di Quartiere aprono anche il sabato dalle 9 alle 12. Si può andare senza "
        "appuntamento con un documento d'identità.",
        -3,
        ("Accesso all'informazione",),
    ),
    (
        None,
        Novita.Tipo.NOTIZIA,
        "Giornata della cura dei beni comuni",
        "Una domenica per curare insieme parchi, orti e giardini dei quartieri.",
        "Il Comune e le Case di Quartiere invitano cittadine e cittadini a una giornata di cura "
        "dei parchi e degli orti condivisi. Guanti e attrezzi sono forniti dalle Case.",
        7,  # scheduled: shown from its date
        ("Spazio Verde", "Sviluppo sostenibile"),
    ),
    (
        "la-mirandola",
        Novita.Tipo.NOTIZIA,
        "Torneo di burraco alla Mirandola",
        "Sabato pomeriggio torneo di burraco aperto a tutto il quartiere.",
        "La Casa di Quartiere La Mirandola organizza un torneo di burraco a coppie. "
        "Iscrizioni al bar della Casa fino a venerdì sera.",
        -2,
        ("Tempo libero",),
    ),
    (
        "orti-spallanzani",
        Novita.Tipo.AVVISO,
        "Orti Spallanzani: distribuzione dei nuovi appezzamenti",
        "Sono disponibili tre appezzamenti di orto: domande entro fine mese.",
        "Tre appezzamenti degli orti condivisi sono di nuovo liberi. Le domande si presentano "
        "allo sportello della Casa negli orari di apertura.",
        -5,
        ("Spazio Verde",),
    ),
)


def _allinea_argomenti(
    oggetto: models.Model, nomi, argomenti: dict[str, Argomento], conteggi: Counter, tipo: str
) -> None:
    voluti = {argomenti[nome].pk for nome in nomi if nome in argomenti}
    presenti = {a.pk for a in oggetto.argomenti.all()}
    if voluti == presenti:
        conteggi[(f"{tipo} con argomenti", "presenti")] += 1
        return
    oggetto.argomenti.set(voluti)
    conteggi[(f"{tipo} con argomenti", "nuovi")] += 1


def carica(luoghi: dict[str, Luogo], stdout: IO[str]) -> None:
    """Tag the demo records with topics and add the demo news."""
    argomenti = {a.nome: a for a in Argomento.objects.all()}
    conteggi: Counter = Counter()
    per_luogo: dict[int, set[str]] = {}
    servizi = Servizio.objects.filter(luogo__in=luoghi.values()).select_related("categoria")
    for servizio in servizi.prefetch_related("argomenti"):
        nomi = ARGOMENTI_PER_CATEGORIA.get(servizio.categoria.slug, ())
        per_luogo.setdefault(servizio.luogo_id, set()).update(nomi)
        _allinea_argomenti(servizio, nomi, argomenti, conteggi, "Servizi")
    luoghi_demo = Luogo.objects.filter(pk__in=[luogo.pk for luogo in luoghi.values()])
    for luogo in luoghi_demo.prefetch_related("argomenti"):
        nomi = per_luogo.get(luogo.pk, set()) | {"Associazioni"}
        _allinea_argomenti(luogo, nomi, argomenti, conteggi, "Luoghi")
    attivita = Attivita.objects.filter(luogo__in=luoghi.values()).prefetch_related("argomenti")
    for una in attivita:
        nomi = ARGOMENTI_PER_TIPO_ATTIVITA.get(una.tipo, ())
        _allinea_argomenti(una, nomi, argomenti, conteggi, "Attività")

    oggi = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    for slug, tipo, titolo, sommario, testo, giorni, nomi in NOVITA_DEMO:
        luogo = luoghi[slug] if slug else None
        if Novita.objects.filter(luogo=luogo, titolo=titolo).exists():
            conteggi[("Novità", "presenti")] += 1
            continue
        novita = Novita(
            luogo=luogo,
            tipo=tipo,
            titolo=titolo,
            sommario=sommario,
            testo=testo,
            data_pubblicazione=oggi + dt.timedelta(days=giorni),
        )
        novita.full_clean()
        novita.save()
        novita.argomenti.set([argomenti[nome] for nome in nomi if nome in argomenti])
        conteggi[("Novità", "nuovi")] += 1
    # In the order of creation: the tags of each kind, then the news.
    for tipo in (
        "Servizi con argomenti",
        "Luoghi con argomenti",
        "Attività con argomenti",
        "Novità",
    ):
        stdout.write(
            riga_riepilogo(
                tipo, nuovi=conteggi[(tipo, "nuovi")], presenti=conteggi[(tipo, "presenti")]
            )
        )
