"""Synthetic agreements for benchmarks: `generate_scale_data --agreements 300 --projects 5000
--signatories 20000` (see quartieri/management/commands/generate_scale_data.py).

They hang off quartieri's synthetic municipality and organisations, with codes
`SINT-...` and slugs `sint-...`. Each agreement gets the transitions that led
to its state; projects get indicators and progress updates, so the pages and
the computed numbers have real rows to work on.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from accordi.models import (
    Accordo,
    AggiornamentoProgetto,
    Firmatario,
    Indicatore,
    Progetto,
    StatoAccordo,
    Tema,
    TransizioneAccordo,
)
from portal.models import User
from quartieri.management.scala import (
    CODICE_ISTAT_SINTETICO,
    LOTTO,
    PREFISSO_SLUG,
    comune_sintetico,
    luoghi_sintetici,
)
from quartieri.models import AmbitoTerritoriale, Ente, Quartiere

PERCORSO = [s for s in StatoAccordo if s != StatoAccordo.RITIRATO]
# Most agreements are past the proposal stage, as in the real programme.
PESI_STATI = {
    StatoAccordo.ASCOLTO: 3,
    StatoAccordo.ISTRUTTORIA: 3,
    StatoAccordo.PROPOSTA_CONDIVISA: 5,
    StatoAccordo.APPROVATO_GIUNTA: 5,
    StatoAccordo.FIRMATO: 10,
    StatoAccordo.IN_CORSO: 35,
    StatoAccordo.VALUTATO_RENDICONTATO: 15,
    StatoAccordo.CHIUSO: 20,
    StatoAccordo.RITIRATO: 4,
}
TITOLI = ("Cura", "Insieme", "Vicini", "Piazza", "Orti", "Cortili", "Sale", "Passeggiate")


def aggiungi_opzioni(parser: CommandParser) -> None:
    parser.add_argument("--agreements", type=int, default=0, help="Accordi sintetici da creare.")
    parser.add_argument(
        "--projects", type=int, default=0, help="Progetti sintetici da distribuire fra gli accordi."
    )
    parser.add_argument(
        "--signatories",
        type=int,
        default=0,
        help="Firmatari sintetici (enti e cittadini) da distribuire fra gli accordi.",
    )


def elimina() -> dict[str, int]:
    """Delete the synthetic agreements (projects, signatories and the rest cascade)."""
    accordi = Accordo.objects.filter(comune__codice_istat=CODICE_ISTAT_SINTETICO)
    conteggi = {"Accordi": accordi.count()}
    accordi.delete()
    conteggi["Temi"] = Tema.objects.filter(slug__startswith=PREFISSO_SLUG).delete()[0]
    return conteggi


def genera(*, opzioni: dict[str, Any], rng: random.Random, oggi: dt.date) -> dict[str, int]:
    """Create the synthetic agreements, projects and signatories; return counts per kind."""
    n_accordi, n_progetti, n_firmatari = (
        opzioni["agreements"],
        opzioni["projects"],
        opzioni["signatories"],
    )
    if min(n_accordi, n_progetti, n_firmatari) < 0:
        raise CommandError("--agreements, --projects e --signatories non possono essere negativi.")
    if (n_progetti or n_firmatari) and not n_accordi:
        raise CommandError("Progetti e firmatari hanno bisogno di accordi (--agreements).")
    if not n_accordi:
        return {}
    comune = comune_sintetico()
    if comune is None:
        raise CommandError("Gli accordi sintetici hanno bisogno dei luoghi sintetici (--places).")
    ambiti = list(AmbitoTerritoriale.objects.filter(comune=comune))
    quartieri_per_ambito: dict[int, list[Quartiere]] = {}
    for quartiere in Quartiere.objects.filter(comune=comune):
        quartieri_per_ambito.setdefault(quartiere.ambito_id, []).append(quartiere)
    enti = list(Ente.objects.filter(comune=comune))
    luoghi = list(luoghi_sintetici())
    staff = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    if staff is None:
        raise CommandError("Serve almeno un utente dello staff (per i passaggi di stato).")

    temi = Tema.objects.bulk_create(
        [Tema(nome=f"Sintetico tema {i}", slug=f"{PREFISSO_SLUG}tema-{i}") for i in range(1, 7)]
    )
    fuso = ZoneInfo(settings.TIME_ZONE)
    stati, pesi = list(PESI_STATI), list(PESI_STATI.values())
    accordi = []
    for i in range(1, n_accordi + 1):
        inizio = oggi - dt.timedelta(days=rng.randint(60, 3000))
        ambito = rng.choice(ambiti)
        accordi.append(
            Accordo(
                codice=f"SINT-{i:05d}",
                titolo=f"Sintetico accordo {i:05d}: {rng.choice(TITOLI)} {ambito.nome}",
                slug=f"{PREFISSO_SLUG}accordo-{i:05d}",
                comune=comune,
                ambito=ambito,
                architetto_di_quartiere=staff,
                descrizione="Accordo sintetico per il benchmark.",
                data_inizio=inizio,
                data_fine=inizio + dt.timedelta(days=rng.choice((730, 1095))),
                stato=rng.choices(stati, pesi)[0],
            )
        )
    accordi = Accordo.objects.bulk_create(accordi, batch_size=LOTTO)

    collegamenti_quartieri, collegamenti_temi, transizioni = [], [], []
    for accordo in accordi:
        vicini = quartieri_per_ambito.get(accordo.ambito_id, [])
        for quartiere in rng.sample(vicini, min(len(vicini), rng.randint(1, 3))):
            collegamenti_quartieri.append(
                Accordo.quartieri.through(accordo=accordo, quartiere=quartiere)
            )
        for tema in rng.sample(temi, 2):
            collegamenti_temi.append(Accordo.temi.through(accordo=accordo, tema=tema))
        transizioni += _transizioni(accordo, staff, rng, fuso)
    Accordo.quartieri.through.objects.bulk_create(collegamenti_quartieri, batch_size=LOTTO)
    Accordo.temi.through.objects.bulk_create(collegamenti_temi, batch_size=LOTTO)
    TransizioneAccordo.objects.bulk_create(transizioni, batch_size=LOTTO)

    firmatari = _firmatari(accordi, enti, n_firmatari, rng)
    Firmatario.objects.bulk_create(firmatari, batch_size=LOTTO)
    progetti = Progetto.objects.bulk_create(
        [_progetto(i, rng.choice(accordi), temi, luoghi, rng) for i in range(1, n_progetti + 1)],
        batch_size=LOTTO,
    )
    partner = [
        Progetto.partner.through(progetto=progetto, ente=ente)
        for progetto in progetti
        for ente in rng.sample(enti, min(len(enti), rng.randint(0, 2)))
    ]
    Progetto.partner.through.objects.bulk_create(partner, batch_size=LOTTO)
    indicatori = Indicatore.objects.bulk_create(
        [
            Indicatore(progetto=p, nome="Persone coinvolte", unita="persone", valore_obiettivo=100)
            for p in progetti
        ],
        batch_size=LOTTO,
    )
    aggiornamenti = [
        AggiornamentoProgetto(
            progetto=progetto,
            data=oggi - dt.timedelta(days=30 * n + rng.randint(0, 29)),
            testo="Aggiornamento sintetico.",
            ore_collaborazione=Decimal(rng.randint(5, 120)),
            abitanti_raggiunti=rng.randint(10, 500),
            autore=staff,
        )
        for progetto in progetti
        if progetto.accordo.in_attuazione or progetto.accordo.stato == StatoAccordo.CHIUSO
        for n in range(2)
    ]
    AggiornamentoProgetto.objects.bulk_create(aggiornamenti, batch_size=LOTTO)
    return {
        "Accordi": len(accordi),
        "Passaggi di stato": len(transizioni),
        "Firmatari": len(firmatari),
        "Progetti": len(progetti),
        "Indicatori": len(indicatori),
        "Aggiornamenti": len(aggiornamenti),
    }


def _transizioni(
    accordo: Accordo, staff: User, rng: random.Random, fuso: ZoneInfo
) -> list[TransizioneAccordo]:
    if accordo.stato == StatoAccordo.RITIRATO:
        passi = [*PERCORSO[: rng.randint(1, len(PERCORSO) - 1)], StatoAccordo.RITIRATO]
    else:
        passi = PERCORSO[: PERCORSO.index(accordo.stato) + 1]
    momento = dt.datetime.combine(
        accordo.data_inizio - dt.timedelta(days=200), dt.time(20, 30), tzinfo=fuso
    )
    righe = []
    for da, verso in zip(passi, passi[1:], strict=False):
        momento += dt.timedelta(days=rng.randint(20, 90))
        righe.append(
            TransizioneAccordo(
                accordo=accordo, da=da, a=verso, utente=staff, momento=momento, motivo="Sintetico."
            )
        )
    return righe


def _firmatari(
    accordi: list[Accordo], enti: list[Ente], totale: int, rng: random.Random
) -> list[Firmatario]:
    """About 40% organisations (each at most once per agreement), the rest citizens."""
    per_accordo = [totale // len(accordi)] * len(accordi)
    for indice in range(totale % len(accordi)):
        per_accordo[indice] += 1
    righe = []
    for accordo, numero in zip(accordi, per_accordo, strict=True):
        organizzazioni = rng.sample(enti, min(len(enti), int(numero * 0.4)))
        for ente in organizzazioni:
            righe.append(
                Firmatario(
                    accordo=accordo,
                    tipo=_tipo_firmatario(ente),
                    ente=ente,
                    ruolo=rng.choice(Firmatario.Ruolo.values),
                    data_firma=accordo.data_inizio,
                )
            )
        for n in range(numero - len(organizzazioni)):
            righe.append(
                Firmatario(
                    accordo=accordo,
                    tipo=Firmatario.Tipo.CITTADINO,
                    nome_cittadino=f"Sintetico cittadino {n:04d}",
                    consenso_pubblicazione=rng.random() < 0.5,
                    ruolo=Firmatario.Ruolo.ADERENTE,
                    data_firma=accordo.data_inizio,
                )
            )
    return righe


def _tipo_firmatario(ente: Ente) -> str:
    if ente.forma_giuridica == Ente.FormaGiuridica.UFFICIO_COMUNALE:
        return Firmatario.Tipo.COMUNE
    if ente.forma_giuridica == Ente.FormaGiuridica.GRUPPO_INFORMALE:
        return Firmatario.Tipo.GRUPPO_INFORMALE
    return Firmatario.Tipo.ENTE


def _progetto(
    numero: int, accordo: Accordo, temi: list[Tema], luoghi: list, rng: random.Random
) -> Progetto:
    return Progetto(
        accordo=accordo,
        titolo=f"Sintetico progetto {numero:05d}",
        descrizione="Progetto sintetico per il benchmark.",
        famiglia=rng.choice(Progetto.Famiglia.values),
        tema=rng.choice(temi),
        luogo=rng.choice(luoghi) if luoghi and rng.random() < 0.6 else None,
        stato=rng.choice(Progetto.Stato.values),
        ore_volontariato_previste=rng.randint(50, 800),
        budget_comune=Decimal(rng.randint(0, 20)) * 1000 if rng.random() < 0.5 else None,
    )
