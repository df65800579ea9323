"""Demo accounts for `make run`: one per role, with known passwords."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import capfirst

from portal.models import User
from portal.ruoli import GRUPPO_COMMUNITY_MANAGER, GRUPPO_STAFF, GRUPPO_TUTOR


def riga_riepilogo(
    tipo: str, *, nuovi: int, presenti: int = 0, aggiornati: int | None = None
) -> str:
    """One line of load_demo's summary, written in the order the records are created.

    On an empty database it says only what was created ("Luoghi: 23"); the rows
    an earlier run left are mentioned only when there are some.
    """
    riga = f"{capfirst(str(tipo))}: {nuovi}"
    if presenti:
        riga += f" (e {presenti} già presenti"
        riga += f", di cui {aggiornati} con modifiche)" if aggiornati is not None else ")"
    return riga + "\n"


@dataclass(frozen=True)
class AccountDemo:
    ruolo: str
    email: str
    password: str
    nome: str
    cognome: str
    gruppo: str | None = None
    is_staff: bool = False


ACCOUNT_DEMO = (
    AccountDemo(
        "Staff comunale",
        "staff@example.org",
        "Staff-Demo-2026",
        "Giulia",
        "Ferretti",
        GRUPPO_STAFF,
        is_staff=True,
    ),
    AccountDemo(
        "Community manager",
        "manager@example.org",
        "Manager-Demo-2026",
        "Marco",
        "Bertolini",
        GRUPPO_COMMUNITY_MANAGER,
    ),
    AccountDemo(
        "Tutor", "tutor@example.org", "Tutor-Demo-2026", "Elena", "Catellani", GRUPPO_TUTOR
    ),
    AccountDemo("Cittadino", "cittadino@example.org", "Cittadino-Demo-2026", "Luca", "Incerti"),
)


@transaction.atomic
def crea_account_demo() -> dict[str, User]:
    """Create (or leave as they are) the demo accounts; returns them by role."""
    utenti = {}
    for account in ACCOUNT_DEMO:
        user, creato = User.objects.get_or_create(
            email=account.email,
            defaults={
                "first_name": account.nome,
                "last_name": account.cognome,
                "is_staff": account.is_staff,
            },
        )
        if creato:
            user.set_password(account.password)
            user.save(update_fields=["password"])
        if account.gruppo:
            user.groups.add(Group.objects.get(name=account.gruppo))
        EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        utenti[account.ruolo] = user
    return utenti
