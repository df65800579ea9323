"""Synthetic data at scale, for benchmarks: `generate_scale_data --places 1000 --services 10000`.

The data are deterministic from `--seed` and kept apart from the demo and real
records (a "Comune Sintetico", names "Sintetico ...", slugs `sint-...`); see
`quartieri/management/scala.py`. `--reset` deletes the previous synthetic data
first.

Adding a generator for another app
----------------------------------
Each app that has synthetic data provides a module `<app>/management/scala.py`
(found by name, like admin.py, so quartieri never imports the other apps) with
three functions:

- `aggiungi_opzioni(parser)`: add the app's own options, e.g.
  `parser.add_argument("--activities", type=int, default=0)`;
- `elimina() -> dict[str, int]`: delete the app's synthetic rows, return counts
  per kind (called by `--reset`, in reverse app order, so rows that point at
  synthetic places go before the places);
- `genera(*, opzioni, rng, oggi) -> dict[str, int]`: create the rows, return
  counts per kind. `opzioni` holds every option of the command; `rng` is a
  `random.Random` seeded with the seed and the app's label, so adding an app
  never changes what the others generate. Find the places to hang rows on with
  `quartieri.management.scala.luoghi_sintetici()`; use `bulk_create` in batches.

Generators run in INSTALLED_APPS order (quartieri first), in one transaction.
"""

from __future__ import annotations

import importlib
import random
import time
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from portal import versioni


def generatori() -> list[tuple[str, ModuleType]]:
    """The (app label, module) of every installed app with a `management/scala.py`."""
    trovati = []
    for config in apps.get_app_configs():
        nome = f"{config.name}.management.scala"
        try:
            modulo = importlib.import_module(nome)
        except ModuleNotFoundError as exc:
            if exc.name is None or not nome.startswith(exc.name):
                raise
            continue
        trovati.append((config.label, modulo))
    return trovati


class Command(BaseCommand):
    help = (
        "Generate synthetic places, services and hours for benchmarks, deterministic from "
        "--seed and separate from the demo data (Comune Sintetico, slugs sint-...)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="Seme del generatore casuale.")
        parser.add_argument(
            "--reset", action="store_true", help="Cancella prima i dati sintetici già presenti."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Esegui anche con DEBUG spento (per esempio sul database del benchmark).",
        )
        for _, modulo in generatori():
            modulo.aggiungi_opzioni(parser)

    def handle(self, *args, **opzioni) -> None:
        if not settings.DEBUG and not opzioni["allow_production"]:
            raise CommandError(
                "generate_scale_data riempie il database di dati finti: con DEBUG spento "
                "serve --allow-production."
            )
        inizio = time.monotonic()
        oggi = timezone.localdate()
        elenco = generatori()
        with transaction.atomic():
            if opzioni["reset"]:
                for etichetta, modulo in reversed(elenco):
                    for tipo, numero in modulo.elimina().items():
                        self.stdout.write(f"{etichetta}: cancellati {numero} {tipo.lower()}")
            for etichetta, modulo in elenco:
                rng = random.Random(f"{opzioni['seed']}-{etichetta}")
                for tipo, numero in modulo.genera(opzioni=opzioni, rng=rng, oggi=oggi).items():
                    self.stdout.write(f"{etichetta}: {tipo}: {numero}")
        # bulk_create sends no signal: what is cached from these models would miss the rows.
        versioni.rinnova_tutti()
        self.stdout.write(
            self.style.SUCCESS(f"Dati sintetici generati in {time.monotonic() - inizio:.1f} s.")
        )
