"""Demo volunteering for `load_demo`: opportunities, a policy, volunteers and their hours.

Idempotent: records are found by natural keys and brought back to these
values; dates and timestamps are fixed, so a second run changes nothing.
The volunteers are fictitious and have no account: the demo citizen can walk
the whole path (profile, application) from the start.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import IO

from django.db import transaction

from accordi.models import Progetto
from portal.demo import ACCOUNT_DEMO, riga_riepilogo
from portal.models import User
from portal.ruoli import GRUPPO_COMMUNITY_MANAGER, GRUPPO_TUTOR
from quartieri.models import Luogo
from volontari.models import Incarico, Opportunita, OreVolontariato, Polizza, Volontario

MOMENTO = dt.datetime(2025, 1, 10, 9, 0, tzinfo=dt.UTC)

OPPORTUNITA = [
    {
        "slug": "prestito-e-lettura-in-biblioteca",
        "titolo": "Prestito e lettura ad alta voce in biblioteca",
        "servizio_comunale": Opportunita.Servizio.BIBLIOTECHE,
        "descrizione": "Accoglienza al prestito e letture per bambini il sabato mattina.",
        "competenze": "Voglia di leggere ad alta voce; pazienza con i più piccoli.",
        "orari": "Martedì 15–18, sabato 10–12.",
        "giorni": ("martedi", "sabato"),
        "posti": 8,
    },
    {
        "slug": "cura-delle-aree-verdi",
        "titolo": "Cura delle aree verdi del quartiere",
        "servizio_comunale": Opportunita.Servizio.AREE_VERDI,
        "descrizione": "Piccola manutenzione di aiuole e parchi con il supporto del Comune.",
        "competenze": "Nessuna: attrezzi e formazione sono forniti.",
        "orari": "Mercoledì e venerdì mattina.",
        "giorni": ("mercoledi", "venerdi"),
        "posti": 20,
    },
    {
        "slug": "facilitazione-digitale",
        "titolo": "Facilitazione digitale alla Casa di Quartiere",
        "servizio_comunale": Opportunita.Servizio.ALFABETIZZAZIONE_DIGITALE,
        "descrizione": "Aiuto a usare SPID, il fascicolo sanitario e i servizi online.",
        "competenze": "Dimestichezza con smartphone e computer.",
        "orari": "Giovedì 16–19.",
        "giorni": ("giovedi",),
        "posti": 4,
    },
]

VOLONTARI = [
    ("FRRGPP58A12H223H", "Giuseppe", "Ferrari", dt.date(1958, 1, 12), False),
    ("MNTLNE90M55H223C", "Elena", "Montanari", dt.date(1990, 8, 15), False),
    ("BRTSFN71R03H223Z", "Stefano", "Bertani", dt.date(1971, 10, 3), True),
]

# (volunteer index, opportunity slug, day, hours, state)
ORE = [
    (0, "prestito-e-lettura-in-biblioteca", dt.date(2025, 2, 4), "3", "approvata"),
    (0, "prestito-e-lettura-in-biblioteca", dt.date(2025, 2, 8), "2", "approvata"),
    (0, "prestito-e-lettura-in-biblioteca", dt.date(2025, 2, 11), "3", "in_attesa"),
    (1, "facilitazione-digitale", dt.date(2025, 2, 6), "3", "approvata"),
    (1, "facilitazione-digitale", dt.date(2025, 2, 13), "2.5", "in_attesa"),
    (2, "cura-delle-aree-verdi", dt.date(2025, 2, 7), "4", "approvata"),
]


def _allinea(modello, chiave: dict, valori: dict, conteggi: Counter):
    oggetto, creato = modello.objects.update_or_create(**chiave, defaults=valori)
    conteggi[(modello._meta.verbose_name_plural, creato)] += 1
    return oggetto


def _utente(gruppo: str) -> User:
    return User.objects.get(email=next(a.email for a in ACCOUNT_DEMO if a.gruppo == gruppo))


@transaction.atomic
def carica(stdout: IO[str]) -> None:
    """Load (or bring up to date) the demo volunteering; one summary line per kind."""
    conteggi: Counter = Counter()
    tutor = _utente(GRUPPO_TUTOR)
    manager = _utente(GRUPPO_COMMUNITY_MANAGER)
    casa = Luogo.objects.filter(community_manager=manager).order_by("pk").first()
    casa = casa or Luogo.objects.order_by("pk").first()
    _allinea(
        Polizza,
        {"compagnia": "Assicurazioni Demo", "numero": "DEMO-2025"},
        {
            "copertura_dal": dt.date(2024, 1, 1),
            "copertura_al": dt.date(2027, 12, 31),
            "tutte_le_opportunita": True,
        },
        conteggi,
    )
    opportunita = {}
    for dati in OPPORTUNITA:
        giorni = set(dati["giorni"])
        valori = {
            k: v for k, v in dati.items() if k not in ("slug", "giorni")
        } | {
            "tipo": Opportunita.Tipo.SERVIZIO_COMUNALE,
            "luogo": casa,
            "quartiere": casa.quartiere if casa else None,
            "aperta": True,
            **{g: g in giorni for g in ("lunedi", "martedi", "mercoledi", "giovedi",
                                         "venerdi", "sabato", "domenica")},
        }  # fmt: skip
        opportunita[dati["slug"]] = _allinea(Opportunita, {"slug": dati["slug"]}, valori, conteggi)
    progetto = Progetto.objects.filter(stato=Progetto.Stato.ATTIVO).order_by("pk").first()
    if progetto is not None:
        opportunita["progetto"] = _allinea(
            Opportunita,
            {"slug": "volontari-per-un-progetto-di-quartiere"},
            {
                "titolo": f"Volontari per «{progetto.titolo}»"[:200],
                "tipo": Opportunita.Tipo.PROGETTO_ACCORDO,
                "servizio_comunale": "",
                "progetto": progetto,
                "luogo": progetto.luogo,
                "descrizione": "Dai una mano al progetto dell'accordo di cittadinanza.",
                "orari": "Da concordare con il tutor.",
                "sabato": True,
                "posti": 15,
            },
            conteggi,
        )
    for o in opportunita.values():
        o.tutor.add(tutor)
    volontari = [
        _allinea(
            Volontario,
            {"codice_fiscale": codice},
            {
                "nome": nome,
                "cognome": cognome,
                "data_nascita": nascita,
                "luogo_nascita": "Reggio nell'Emilia",
                "comune": "Reggio nell'Emilia",
                "indirizzo": "via dei Volontari 1",
                "quartiere": casa.quartiere if casa else None,
                "consenso_privacy": True,
                "consenso_privacy_il": MOMENTO,
                "occasionale": occasionale,
            },
            conteggi,
        )
        for codice, nome, cognome, nascita, occasionale in VOLONTARI
    ]
    incarichi: dict[tuple[int, str], Incarico] = {}
    for indice, slug, giorno, ore, stato in ORE:
        # Several entries share an enrolment: it is created (and counted) once.
        if (indice, slug) not in incarichi:
            incarichi[(indice, slug)] = _allinea(
                Incarico,
                {"volontario": volontari[indice], "opportunita": opportunita[slug]},
                {"data_inizio": dt.date(2025, 1, 15), "data_fine": None},
                conteggi,
            )
        incarico = incarichi[(indice, slug)]
        chiave = {"incarico": incarico, "data": giorno, "corregge": None}
        if OreVolontariato.objects.filter(**chiave).exists():
            # Approved entries never change, not even from the demo loader.
            conteggi[(OreVolontariato._meta.verbose_name_plural, False)] += 1
            continue
        decisa = stato == OreVolontariato.Stato.APPROVATA
        _allinea(
            OreVolontariato,
            chiave,
            {
                "ore": Decimal(ore),
                "attivita_svolta": "Turno di volontariato.",
                "stato": stato,
                "inserita_da": tutor,
                "approvata_da": tutor if decisa else None,
                "approvata_il": MOMENTO if decisa else None,
            },
            conteggi,
        )
    # In the order each kind was first met, which is the order of creation.
    for nome in dict.fromkeys(nome for nome, _ in conteggi):
        stdout.write(
            riga_riepilogo(nome, nuovi=conteggi[(nome, True)], presenti=conteggi[(nome, False)])
        )
