"""Synthetic volunteers and hours for benchmarks: `generate_scale_data --volunteers 5000
--ledger-entries 1000000` (see quartieri/management/commands/generate_scale_data.py).

Opportunities hang off quartieri's synthetic places (slugs `sint-...`; some on
accordi's synthetic projects when there are any); volunteers have accounts
`sint-volontario-N@esempio.invalid`, tutors `sint-tutor-N@esempio.invalid`,
none with a usable password. Entries are mostly approved, the recent ones
pending, a few rejected; rows go in with `bulk_create` batch by batch, so a
million entries never sit in memory at once.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from stdnum.it import codicefiscale

from accordi.models import Progetto
from portal.models import User
from portal.ruoli import GRUPPO_TUTOR
from quartieri.management.scala import LOTTO, PREFISSO_SLUG, luoghi_sintetici
from volontari.models import GIORNI, Incarico, Opportunita, OreVolontariato, Polizza, Volontario

EMAIL_VOLONTARIO = "sint-volontario-{}@esempio.invalid"
EMAIL_TUTOR = "sint-tutor-{}@esempio.invalid"
NUMERO_POLIZZA = "SINT-POLIZZA"
VOLONTARI_PER_OPPORTUNITA = 25
# Two tutors per service, as in R+; one tutor follows several opportunities.
OPPORTUNITA_PER_TUTOR = 4
ANNI_DI_STORIA = 3
CONSONANTI = "BCDFGHJKLMNPQRSTVZ"
MESI = "ABCDEHLMPRST"
QUARTI = [Decimal(q) / 4 for q in range(4, 25)]  # 1 to 6 hours


def aggiungi_opzioni(parser: CommandParser) -> None:
    parser.add_argument("--volunteers", type=int, default=0, help="Volontari sintetici da creare.")
    parser.add_argument(
        "--ledger-entries",
        type=int,
        default=0,
        help="Registrazioni di ore sintetiche da distribuire fra i volontari.",
    )


def _volontari_sintetici():
    return Volontario.objects.filter(user__email__startswith="sint-volontario-")


@contextmanager
def ore_approvate_cancellabili() -> Iterator[None]:
    """Lift the database's ban on deleting approved entries (volontari migration 0005) for
    the current transaction only: synthetic entries are the one thing ever deleted.

    Both the DISABLE and the DROP are transactional, so a failure puts the guard back.
    """
    trigger = "volontari_ore_approvate_indelebili"
    tabella = OreVolontariato._meta.db_table
    with transaction.atomic(), connection.cursor() as cursore:
        if connection.vendor == "postgresql":
            _altera_trigger(cursore, f"ALTER TABLE {tabella} DISABLE TRIGGER {trigger}")
            yield
            _altera_trigger(cursore, f"ALTER TABLE {tabella} ENABLE TRIGGER {trigger}")
        elif connection.vendor == "sqlite":
            cursore.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [trigger]
            )
            [definizione] = cursore.fetchone()
            cursore.execute(f"DROP TRIGGER {trigger}")
            yield
            cursore.execute(definizione)
        else:
            yield


def _altera_trigger(cursore, istruzione: str) -> None:
    # PostgreSQL alters no table with deferred foreign-key checks still pending on it:
    # run them now, then defer again (Django's foreign keys are INITIALLY DEFERRED).
    cursore.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursore.execute(istruzione)
    cursore.execute("SET CONSTRAINTS ALL DEFERRED")


def elimina() -> dict[str, int]:
    """Delete the synthetic ledger, enrolments, profiles, opportunities and accounts."""
    with ore_approvate_cancellabili():
        ore = OreVolontariato.objects.filter(
            incarico__opportunita__slug__startswith=PREFISSO_SLUG
        ).delete()[0]
    conteggi = {
        "Ore": ore,
        "Incarichi": Incarico.objects.filter(opportunita__slug__startswith=PREFISSO_SLUG).delete()[
            0
        ],
    }
    conteggi["Volontari"] = _volontari_sintetici().delete()[0]
    conteggi["Opportunità"] = Opportunita.objects.filter(slug__startswith=PREFISSO_SLUG).delete()[0]
    conteggi["Polizze"] = Polizza.objects.filter(numero=NUMERO_POLIZZA).delete()[0]
    conteggi["Account"] = User.objects.filter(
        email__startswith="sint-", email__endswith="@esempio.invalid"
    ).delete()[0]
    return conteggi


def codice_fiscale_sintetico(numero: int, nascita: dt.date) -> str:
    """A checksum-valid code for volunteer `numero`: name code SNT, never a real person's."""
    cognome = "".join(CONSONANTI[(numero // 18**i) % 18] for i in range(3))
    nome = "SN" + CONSONANTI[(numero // 18**3) % 18]
    base = f"{cognome}{nome}{nascita.year % 100:02d}{MESI[nascita.month - 1]}"
    base += f"{nascita.day:02d}Z999"
    return base + codicefiscale.calc_check_digit(base)


def genera(*, opzioni: dict[str, Any], rng: random.Random, oggi: dt.date) -> dict[str, int]:
    """Create the synthetic opportunities, volunteers, enrolments and entries."""
    n_volontari, n_ore = opzioni["volunteers"], opzioni["ledger_entries"]
    if min(n_volontari, n_ore) < 0:
        raise CommandError("--volunteers e --ledger-entries non possono essere negativi.")
    if n_ore and not n_volontari:
        raise CommandError("Le ore hanno bisogno di volontari (--volunteers).")
    if not n_volontari:
        return {}
    if n_volontari > 18**4:
        raise CommandError(f"Al massimo {18**4} volontari sintetici.")
    luoghi = list(luoghi_sintetici().select_related("quartiere"))
    if not luoghi:
        raise CommandError("I volontari sintetici hanno bisogno dei luoghi sintetici (--places).")
    progetti = list(Progetto.objects.filter(accordo__codice__startswith="SINT-")[:200])
    inizio_storia = oggi - dt.timedelta(days=365 * ANNI_DI_STORIA)
    password = make_password(None)

    Polizza.objects.create(
        compagnia="Sintetica Assicurazioni",
        numero=NUMERO_POLIZZA,
        copertura_dal=inizio_storia,
        copertura_al=oggi + dt.timedelta(days=365),
    )
    n_opportunita = max(1, n_volontari // VOLONTARI_PER_OPPORTUNITA)
    opportunita = []
    for i in range(n_opportunita):
        luogo = luoghi[i % len(luoghi)]
        progetto = progetti[i % len(progetti)] if progetti and i % 3 == 0 else None
        giorni = set(rng.sample(range(7), rng.randint(1, 3)))
        opportunita.append(
            Opportunita(
                titolo=f"Sintetico volontariato {i + 1}",
                slug=f"{PREFISSO_SLUG}volontariato-{i + 1}",
                tipo="progetto_accordo" if progetto else "servizio_comunale",
                servizio_comunale="" if progetto else rng.choice(Opportunita.Servizio.values),
                progetto=progetto,
                luogo=luogo,
                quartiere=luogo.quartiere,
                descrizione="Opportunità sintetica per il benchmark.",
                posti=VOLONTARI_PER_OPPORTUNITA * 2,
                **{campo: n in giorni for n, campo in enumerate(GIORNI)},
            )
        )
    opportunita = Opportunita.objects.bulk_create(opportunita, batch_size=LOTTO)

    n_tutor = max(1, n_opportunita * 2 // OPPORTUNITA_PER_TUTOR)
    tutor = User.objects.bulk_create(
        [
            User(email=EMAIL_TUTOR.format(i), password=password, first_name=f"Tutor {i}")
            for i in range(1, n_tutor + 1)
        ],
        batch_size=LOTTO,
    )
    # Following an opportunity is not enough: the tutor area is for the Tutor group.
    Group.objects.get(name=GRUPPO_TUTOR).user_set.add(*tutor)
    Seguite = Opportunita.tutor.through
    Seguite.objects.bulk_create(
        [
            Seguite(opportunita_id=o.pk, user_id=tutor[(i * 2 + k) % n_tutor].pk)
            for i, o in enumerate(opportunita)
            for k in range(2)
        ],
        batch_size=LOTTO,
        ignore_conflicts=True,
    )

    utenti = User.objects.bulk_create(
        [
            User(email=EMAIL_VOLONTARIO.format(i), password=password)
            for i in range(1, n_volontari + 1)
        ],
        batch_size=LOTTO,
    )
    adesso = timezone.now()
    volontari = []
    for i, utente in enumerate(utenti, start=1):
        nascita = dt.date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
        luogo = rng.choice(luoghi)
        volontari.append(
            Volontario(
                user=utente,
                nome=f"Sintetico {i}",
                cognome="Volontario",
                codice_fiscale=codice_fiscale_sintetico(i, nascita),
                data_nascita=nascita,
                luogo_nascita="Reggio nell'Emilia",
                comune="Comune Sintetico",
                indirizzo=f"via Sintetica {i}",
                quartiere=luogo.quartiere,
                consenso_privacy=True,
                consenso_privacy_il=adesso,
                occasionale=rng.random() < 0.1,
            )
        )
    volontari = Volontario.objects.bulk_create(volontari, batch_size=LOTTO)

    incarichi = []
    for i, volontario in enumerate(volontari):
        scelte = {opportunita[i % n_opportunita]}
        if rng.random() < 0.3:
            scelte.add(rng.choice(opportunita))
        for scelta in scelte:
            incarichi.append(
                Incarico(volontario=volontario, opportunita=scelta, data_inizio=inizio_storia)
            )
    incarichi = Incarico.objects.bulk_create(incarichi, batch_size=LOTTO)

    ore_create = _genera_ore(
        incarichi=incarichi, n_ore=n_ore, rng=rng, oggi=oggi, inizio=inizio_storia, tutor=tutor
    )
    return {
        "Opportunità": len(opportunita),
        "Tutor": len(tutor),
        "Volontari": len(volontari),
        "Incarichi": len(incarichi),
        "Ore": ore_create,
    }


def _genera_ore(*, incarichi, n_ore, rng, oggi, inizio, tutor) -> int:
    """Spread `n_ore` entries over the enrolments, one a day at most per enrolment."""
    if not n_ore:
        return 0
    giorni_di_storia = (oggi - inizio).days
    per_incarico, resto = divmod(n_ore, len(incarichi))
    if per_incarico + 1 > giorni_di_storia:
        raise CommandError("Troppe ore per così pochi volontari: aumenta --volunteers.")
    adesso = timezone.now()
    recenti = oggi - dt.timedelta(days=21)
    lotto: list[OreVolontariato] = []
    create = 0
    for i, incarico in enumerate(incarichi):
        quante = per_incarico + (1 if i < resto else 0)
        for giorno in rng.sample(range(giorni_di_storia), quante):
            data = inizio + dt.timedelta(days=giorno + 1)
            stato = OreVolontariato.Stato.APPROVATA
            if data > recenti:
                stato = OreVolontariato.Stato.IN_ATTESA
            elif rng.random() < 0.02:
                stato = OreVolontariato.Stato.RIFIUTATA
            decisa = stato != OreVolontariato.Stato.IN_ATTESA
            lotto.append(
                OreVolontariato(
                    incarico_id=incarico.pk,
                    data=data,
                    ore=rng.choice(QUARTI),
                    attivita_svolta="Turno di volontariato.",
                    stato=stato,
                    motivo_rifiuto="Giorno non previsto." if stato == "rifiutata" else "",
                    approvata_da_id=tutor[i % len(tutor)].pk if decisa else None,
                    approvata_il=adesso if decisa else None,
                )
            )
            if len(lotto) >= LOTTO * 5:
                OreVolontariato.objects.bulk_create(lotto)
                create += len(lotto)
                lotto = []
    if lotto:
        OreVolontariato.objects.bulk_create(lotto)
        create += len(lotto)
    return create
