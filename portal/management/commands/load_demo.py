from __future__ import annotations

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import ACCOUNT_DEMO, crea_account_demo

# Each app that has demo records exposes `demo.carica(stdout)`; order matters
# because accordi and volontari refer to quartieri's places and organisations.
APP_CON_DEMO = ("quartieri", "accordi", "volontari")


class Command(BaseCommand):
    help = "Load the demo data (accounts, places, ...). Idempotent: a second run changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off. The demo accounts have public passwords.",
        )

    def handle(self, *args, allow_production: bool = False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "load_demo creates accounts with public passwords: it refuses to run with "
                "DEBUG off. Pass --allow-production if this is really a demo server."
            )
        crea_account_demo()
        self.stdout.write("Dati dimostrativi, nell'ordine in cui sono creati:")
        for app in APP_CON_DEMO:
            try:
                modulo = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            modulo.carica(self.stdout)
        self.stdout.write(self.style.SUCCESS("Dati dimostrativi caricati."))
        self.stdout.write("Account dimostrativi (e-mail / password):")
        for account in ACCOUNT_DEMO:
            self.stdout.write(f"  {account.ruolo:<18} {account.email:<24} {account.password}")
