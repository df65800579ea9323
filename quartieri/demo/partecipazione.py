"""Demo participation bodies: Reggio Emilia's 9 Consulte and two bodies shaped like other cities'.

The Consulte follow ../shared/facts.md §2.1 (one per ambito, elected members plus
organisations' representatives, 2 coordinators in Consulta H, a Patto d'Ambito).
The deployment serves one city, so the Bergamo-style rete sociale and the
Monza-style consulta di quartiere sit in Reggio's territory as examples of those
shapes. People are fictitious. A body's members, meetings and requests are
created only when it has none, so a second load (even on another day) changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from portal.demo import riga_riepilogo
from portal.models import User
from quartieri.models import (
    AmbitoTerritoriale,
    Comune,
    Ente,
    Luogo,
    Membro,
    Organismo,
    Patto,
    Quartiere,
    Richiesta,
    Riunione,
)

R = Membro.Ruolo
# The 2022 election: members serve a 5-year term from the end of the vote (facts.md §2.1).
INIZIO_MANDATO = dt.date(2022, 12, 5)
COORDINATORE_DEMO = "manager@example.org"
RESPONSABILE_DEMO = "tutor@example.org"
STAFF_DEMO = "staff@example.org"

NOMI = [
    ("Chiara", "Bonacini"), ("Paolo", "Ferrari"), ("Giulia", "Manicardi"), ("Davide", "Rossi"),
    ("Sara", "Incerti"), ("Luca", "Montanari"), ("Anna", "Prandi"), ("Matteo", "Tirelli"),
    ("Elisa", "Bertani"), ("Andrea", "Spaggiari"), ("Francesca", "Corradini"),
    ("Stefano", "Bigi"), ("Valentina", "Zanichelli"), ("Marco", "Guidetti"),
    ("Silvia", "Catellani"), ("Simone", "Fontanesi"), ("Laura", "Notari"), ("Fabio", "Iotti"),
]  # fmt: skip
ENTI_CONSULTE = [
    "Auser Reggio Emilia",
    "Circolo Arci Pieve",
    "Associazione La Nuova Luce",
    "UISP Comitato territoriale di Reggio Emilia",
    "Parrocchia di Pieve Modolena",
    "Cinqueminuti APS",
    "Associazione culturale Wave",
    "SPI-CGIL Reggio Emilia",
    "CSV Emilia",
]
UFFICI = ["Comune di Reggio Emilia – Servizio Mobilità", "Comune di Reggio Emilia – Servizio Verde"]


@dataclass(frozen=True)
class Forma:
    """A body to create: where it is and how it is made."""

    nome: str
    tipo: str
    adesione: str
    descrizione: str
    ambito: str = ""
    quartieri: tuple[str, ...] = ()


def _forme() -> list[Forma]:
    consulte = [
        Forma(
            f"Consulta di ambito {codice}",
            Organismo.Tipo.CONSULTA,
            Organismo.ModalitaAdesione.ELEZIONE,
            "Eletta dai residenti dai 16 anni in su (voto del 25 novembre–5 dicembre 2022), "
            "con i rappresentanti delle associazioni del territorio. Scrive ogni anno il "
            "Patto d'Ambito ed esprime pareri obbligatori ma non vincolanti.",
            ambito=codice,
        )
        for codice in "ABCDEFGHI"
    ]
    return [
        *consulte,
        Forma(
            "Rete sociale Santa Croce",
            Organismo.Tipo.RETE_SOCIALE,
            Organismo.ModalitaAdesione.APERTA,
            "Esempio di rete sociale sul modello di Bergamo: partecipazione libera di "
            "residenti, associazioni, gruppi informali, scuole e parrocchie; riunioni mensili "
            "con un operatore di quartiere.",
            quartieri=("Santa Croce",),
        ),
        Forma(
            "Consulta di quartiere Ospizio (modello Monza)",
            Organismo.Tipo.CONSULTA,
            Organismo.ModalitaAdesione.ALBO_ENTI,
            "Esempio di consulta sul modello di Monza: ne fanno parte gli enti iscritti "
            "all'albo dopo aver firmato la Carta della partecipazione; i cittadini possono "
            "assistere e intervenire. Un facilitatore del Comune la accompagna.",
            quartieri=("Ospizio",),
        ),
    ]


def _persona(nome: str, cognome: str) -> User:
    email = f"{slugify(nome)}.{slugify(cognome)}@example.org"
    utente = User.objects.filter(email=email).first()
    if utente is None:
        # Fictitious members: no password, they never sign in.
        utente = User.objects.create_user(email, None, first_name=nome, last_name=cognome)
    return utente


def _ufficio(nome: str, comune: Comune) -> Ente:
    ente, _creato = Ente.objects.get_or_create(
        slug=slugify(nome),
        defaults={
            "comune": comune,
            "nome": nome,
            "forma_giuridica": Ente.FormaGiuridica.UFFICIO_COMUNALE,
        },
    )
    return ente


def _membri(organismo: Organismo, indice: int, enti: list[Ente]) -> list[Membro]:
    membri: list[Membro] = []

    def aggiungi(ruolo: str, *, utente=None, ente=None, consenso=False) -> None:
        membro = Membro(
            organismo=organismo,
            ruolo=ruolo,
            utente=utente,
            ente=ente,
            nome_pubblico=consenso,
            dal=INIZIO_MANDATO,
        )
        membro.full_clean()
        membro.save()
        membri.append(membro)

    if organismo.tipo == Organismo.Tipo.RETE_SOCIALE:
        for ente in enti:
            aggiungi(R.RAPPRESENTANTE_ENTE, ente=ente)
        for n in range(3):
            aggiungi(R.RESIDENTE, utente=_persona(*NOMI[(indice + n) % len(NOMI)]), consenso=n == 0)
        aggiungi(R.FACILITATORE, utente=_persona("Irene", "Vezzani"), consenso=True)
        return membri
    if organismo.modalita_adesione == Organismo.ModalitaAdesione.ALBO_ENTI:
        for ente in enti[:6]:
            aggiungi(R.RAPPRESENTANTE_ENTE, ente=ente)
        aggiungi(R.FACILITATORE, utente=User.objects.get(email=RESPONSABILE_DEMO), consenso=True)
        return membri
    for n in range(4):
        # Every other elected member agreed to publish their name.
        aggiungi(
            R.ELETTO, utente=_persona(*NOMI[(indice * 2 + n) % len(NOMI)]), consenso=n % 2 == 0
        )
    for n in range(2):
        aggiungi(R.RAPPRESENTANTE_ENTE, ente=enti[(indice + n) % len(enti)])
    aggiungi(R.INVITATO_PERMANENTE, utente=_persona(*NOMI[(indice + 7) % len(NOMI)]))
    if organismo.slug == "consulta-di-ambito-h":
        # Consulta H: 2 coordinators chosen among the elected (facts.md §2.1).
        aggiungi(R.COORDINATORE, utente=User.objects.get(email=COORDINATORE_DEMO), consenso=True)
        aggiungi(R.COORDINATORE, utente=_persona("Roberta", "Casoli"), consenso=True)
    return membri


def _riunioni(organismo: Organismo, membri: list[Membro], oggi: dt.date) -> list[Riunione]:
    fuso = timezone.get_default_timezone()
    riunioni = []
    for mesi in (-3, -2, -1, 1, 2):
        giorno = oggi + dt.timedelta(days=30 * mesi + 2)
        inizio = dt.datetime.combine(giorno, dt.time(20, 45), fuso)
        passata = mesi < 0
        riunione = Riunione(
            organismo=organismo,
            inizio=inizio,
            fine=inizio + dt.timedelta(hours=2),
            luogo=organismo.luogo_abituale,
            luogo_testo="" if organismo.luogo_abituale else "Sala civica del quartiere",
            ordine_del_giorno="1. Comunicazioni\n2. Sicurezza stradale davanti alle scuole\n"
            "3. Proposte per l'estate nei parchi",
            partecipanti=12 + (organismo.pk + mesi) % 15 if passata else None,
            verbale=(
                "Presenti i membri indicati e alcuni residenti. Si discute dell'attraversamento "
                "davanti alla scuola primaria e dell'illuminazione del parco. Si decide di "
                "chiedere al Comune un sopralluogo."
            )
            if passata
            else "",
            decisioni="Chiedere al Comune un sopralluogo sull'attraversamento pedonale."
            if passata
            else "",
        )
        riunione.full_clean()
        riunione.save()
        if passata:
            riunione.presenti.set(membri[: max(1, len(membri) - 2)])
        riunioni.append(riunione)
    return riunioni


def _richieste(
    organismo: Organismo, riunioni: list[Riunione], uffici: list[Ente], oggi: dt.date
) -> int:
    """Requests in every state, one of them overdue, answered by the demo council accounts."""
    giorni = settings.RICHIESTE_GIORNI_RISPOSTA
    responsabile = User.objects.get(email=RESPONSABILE_DEMO)
    staff = User.objects.get(email=STAFF_DEMO)
    S = Richiesta.Stato
    # (title, days ago sent, state, days ago answered, answer)
    modelli = [
        ("Sopralluogo sull'attraversamento a scuola", giorni + 100, S.CHIUSA, giorni + 60,
         "Sopralluogo fatto; l'attraversamento rialzato è stato realizzato a settembre."),
        ("Più illuminazione nel parco del quartiere", giorni + 30, S.RISPOSTA, giorni - 5,
         "Il Servizio Verde ha inserito due nuovi punti luce nel piano dell'anno prossimo."),
        ("Panchine e fontanella al giardino pubblico", giorni + 20, S.PRESA_IN_CARICO, None, ""),
        ("Orari del centro di raccolta rifiuti", 15, S.INVIATA, None, ""),
        ("Pista ciclabile verso la stazione", 20, S.PRESA_IN_CARICO, None, ""),
    ]  # fmt: skip
    for n, (titolo, giorni_fa, stato, risposta_fa, risposta) in enumerate(modelli):
        inviata_il = oggi - dt.timedelta(days=giorni_fa)
        richiesta = Richiesta(
            organismo=organismo,
            riunione=riunioni[n % 3],
            titolo=titolo,
            testo=f"La {organismo.nome}, nella riunione del "
            f"{timezone.localtime(riunioni[n % 3].inizio):%d/%m/%Y}, chiede al Comune: "
            f"{titolo.lower()}.",
            ufficio=uffici[n % len(uffici)],
            responsabile=responsabile if n % 2 == 0 else staff,
            stato=stato,
            inviata_il=inviata_il,
            scadenza=inviata_il + dt.timedelta(days=giorni),
            risposta=risposta,
            risposta_il=oggi - dt.timedelta(days=risposta_fa) if risposta_fa else None,
        )
        richiesta.full_clean()
        richiesta.save()
    return len(modelli)


@transaction.atomic
def carica(comune: Comune, luoghi: dict[str, Luogo], stdout: IO[str]) -> None:
    """Create the demo bodies still missing, with members, meetings, requests and a pact."""
    oggi = timezone.localdate()
    ambiti = {a.codice: a for a in AmbitoTerritoriale.objects.filter(comune=comune)}
    quartieri = {q.nome: q for q in Quartiere.objects.filter(comune=comune)}
    enti = list(Ente.objects.filter(nome__in=ENTI_CONSULTE).order_by("nome"))
    uffici = [_ufficio(nome, comune) for nome in UFFICI]
    nuovi = presenti = 0
    for indice, forma in enumerate(_forme()):
        slug = slugify(forma.nome)
        organismo = Organismo.objects.filter(slug=slug).first()
        if organismo is not None:
            presenti += 1
            continue
        territorio = ([quartieri[n] for n in forma.quartieri] if forma.quartieri else []) or list(
            ambiti[forma.ambito].quartieri.all()
        )
        casa = next((luogo for luogo in luoghi.values() if luogo.quartiere in territorio), None)
        organismo = Organismo(
            comune=comune,
            nome=forma.nome,
            slug=slug,
            tipo=forma.tipo,
            modalita_adesione=forma.adesione,
            cadenza=Organismo.Cadenza.MENSILE,
            descrizione=forma.descrizione,
            luogo_abituale=casa,
        )
        organismo.full_clean()
        organismo.save()
        if forma.ambito:
            organismo.ambiti.set([ambiti[forma.ambito]])
        else:
            organismo.quartieri.set(territorio)
        membri = _membri(organismo, indice, enti)
        riunioni = _riunioni(organismo, membri, oggi)
        if forma.ambito in ("H", "E") or forma.tipo == Organismo.Tipo.RETE_SOCIALE:
            _richieste(organismo, riunioni, uffici, oggi)
        if forma.ambito == "H":
            patto = Patto(
                organismo=organismo,
                anno=2025,
                obiettivi="1. Strade scolastiche davanti alle primarie del Tondo e Santa Croce.\n"
                "2. Un calendario comune delle feste di quartiere.\n"
                "3. Cura condivisa del verde con le associazioni dell'ambito.",
            )
            patto.full_clean()
            patto.save()
        nuovi += 1
    stdout.write(riga_riepilogo("Organismi di partecipazione", nuovi=nuovi, presenti=presenti))
