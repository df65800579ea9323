"""Writes of news items: who may publish for which place.

Staff publish for the Comune (no place) or for any place, in the admin; a
community manager publishes only for the places they manage, in the
management area. Every function is atomic and checks the rule on the stored
row too, so a news item cannot be moved away from, or into, a place one does
not manage.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from portal.ruoli import e_staff_comunale
from quartieri.models import Novita

if TYPE_CHECKING:
    from portal.models import Argomento, User


def _verifica_modificabile(novita: Novita, utente: User) -> None:
    if novita.luogo is None and not e_staff_comunale(utente):
        raise PermissionDenied(_("Solo il Comune pubblica novità che non sono di un luogo."))
    if not novita.modificabile_da(utente):
        raise PermissionDenied(_("Non gestisci questo luogo."))


@transaction.atomic
def salva_novita(
    *, novita: Novita, argomenti: Iterable[Argomento] | None = None, utente: User
) -> Novita:
    """Create or change a news item of a place `utente` manages (staff: any, or the Comune's)."""
    _verifica_modificabile(novita, utente)
    if novita.pk is not None:
        _verifica_modificabile(Novita.objects.select_related("luogo").get(pk=novita.pk), utente)
    else:
        novita.autore = utente
    novita.full_clean()
    novita.save()
    if argomenti is not None:
        novita.argomenti.set(argomenti)
    return novita


@transaction.atomic
def elimina_novita(*, novita: Novita, utente: User) -> None:
    """Remove a news item."""
    _verifica_modificabile(novita, utente)
    novita.delete()
