"""`python -m bench.sessioni`: what the authenticated and detail scenarios need, as JSON.

Run by `bench/__main__.py` after the synthetic data is loaded, with the bench's
environment (its database and SECRET_KEY, so gunicorn accepts the sessions).
Prints `{"accordo": slug, "anno_scorso": year, "casa": slug, "sessioni":
{"volontario": key, "tutor": key, "manager": key}}`: the first public agreement
by slug, last year (for the certificate scenario), the first synthetic place by
slug, and a database session for the synthetic volunteer with the most entries,
for the synthetic tutor with the longest approval queue (added to the tutor
group, which the generator leaves out) and for the benchmark's own community
manager of that place (the generator makes none).
A value is missing when the data has no such record.
"""

from __future__ import annotations

import json

import django

# The synthetic places' slugs (generate_scale_data) and the manager bench.sessioni adds.
PREFISSO_LUOGHI = "sint-luogo-"
EMAIL_MANAGER = "sint-manager-bench@esempio.invalid"


def sessione_per(user) -> str:
    """A saved session logged in as `user`, as django.contrib.auth.login would store it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    sessione = SessionStore()
    sessione[SESSION_KEY] = str(user.pk)
    sessione[BACKEND_SESSION_KEY] = "portal.backends.AuthenticationBackend"
    sessione[HASH_SESSION_KEY] = user.get_session_auth_hash()
    sessione.create()
    return sessione.session_key


def contesto() -> dict:
    from django.db.models import Count, Q
    from django.utils import timezone

    from accordi.models import Accordo
    from portal.models import User
    from quartieri.models import Luogo
    from volontari.management.scala import EMAIL_TUTOR, EMAIL_VOLONTARIO
    from volontari.models import OreVolontariato

    # The certificate scenario asks for the last full year, which the generator fills.
    risultato: dict = {"sessioni": {}, "anno_scorso": timezone.localdate().year - 1}
    # What the random scenarios draw from (bench/scenari.py's ELENCHI_A_CASO); the fixed
    # agreement's page is the first of them.
    risultato["accordi"] = list(
        Accordo.objects.pubblici().order_by("slug").values_list("slug", flat=True)
    )
    if risultato["accordi"]:
        risultato["accordo"] = risultato["accordi"][0]
    risultato["luoghi"] = list(
        Luogo.objects.pubblicati()
        .filter(slug__startswith=PREFISSO_LUOGHI)
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    volontario = (
        User.objects.filter(email__startswith=EMAIL_VOLONTARIO.partition("{}")[0])
        .annotate(voci=Count("volontario__incarichi__ore"))
        .order_by("-voci", "pk")
        .first()
    )
    if volontario is not None:
        risultato["sessioni"]["volontario"] = sessione_per(volontario)
    tutor = (
        User.objects.filter(email__startswith=EMAIL_TUTOR.partition("{}")[0])
        .annotate(
            coda=Count(
                "opportunita_seguite__incarichi__ore",
                filter=Q(
                    opportunita_seguite__incarichi__ore__stato=OreVolontariato.Stato.IN_ATTESA
                ),
            )
        )
        .order_by("-coda", "pk")
        .first()
    )
    if tutor is not None:
        risultato["sessioni"]["tutor"] = sessione_per(tutor)
    casa = Luogo.objects.filter(slug__startswith=PREFISSO_LUOGHI).order_by("slug").first()
    if casa is not None:
        risultato["casa"] = casa.slug
        risultato["sessioni"]["manager"] = sessione_per(community_manager_di(casa))
    return risultato


def community_manager_di(casa):
    """The benchmark's own community manager, in charge of `casa` (the generator makes none)."""
    from django.contrib.auth.models import Group

    from portal.models import User
    from portal.ruoli import GRUPPO_COMMUNITY_MANAGER

    manager = User.objects.filter(email=EMAIL_MANAGER).first()
    if manager is None:
        manager = User.objects.create_user(email=EMAIL_MANAGER, password=None)
    manager.groups.add(Group.objects.get(name=GRUPPO_COMMUNITY_MANAGER))
    casa.community_manager.add(manager)
    return manager


if __name__ == "__main__":
    django.setup()
    print(json.dumps(contesto()))
