"""The portal's roles and the predicates views use to check them.

A citizen is anyone signed in. Council staff are `is_staff` users in the
"Staff comunale" group, which holds the model permissions of the admin.
Community managers and tutors are groups: what they may touch is then decided
object by object by each app's QuerySet predicates (e.g. the places a
community manager manages).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.models import User

GRUPPO_STAFF = "Staff comunale"
GRUPPO_COMMUNITY_MANAGER = "Community manager"
GRUPPO_TUTOR = "Tutor"
GRUPPI = (GRUPPO_STAFF, GRUPPO_COMMUNITY_MANAGER, GRUPPO_TUTOR)


def _nei_gruppi(user: User | AnonymousUser) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    # Cached on the user object: templates and views ask several times per request.
    if not hasattr(user, "_gruppi_portale"):
        user._gruppi_portale = set(user.groups.values_list("name", flat=True))
    return user._gruppi_portale


def e_cittadino(user: User | AnonymousUser) -> bool:
    """Anyone signed in with an active account."""
    return bool(user.is_authenticated and user.is_active)


def e_staff_comunale(user: User | AnonymousUser) -> bool:
    """Council staff: admin access and the whole registry."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def e_community_manager(user: User | AnonymousUser) -> bool:
    """Works for the organisation that runs one or more Case di Quartiere."""
    if hasattr(user, "_e_community_manager"):  # loaded by portal.backends
        return user.is_active and user._e_community_manager
    return GRUPPO_COMMUNITY_MANAGER in _nei_gruppi(user)


def e_tutor(user: User | AnonymousUser) -> bool:
    """Accepts volunteers into opportunities and approves their hours."""
    if hasattr(user, "_e_tutor"):  # loaded by portal.backends
        return user.is_active and user._e_tutor
    return GRUPPO_TUTOR in _nei_gruppi(user)


def usa_area_gestione(user: User | AnonymousUser) -> bool:
    """Who works in /gestione/ and /report/: community managers and staff."""
    # Staff first: it reads the user row only, the group may cost a query.
    return e_staff_comunale(user) or e_community_manager(user)


def usa_area_tutor(user: User | AnonymousUser) -> bool:
    """Who works in /volontariato/tutor/: tutors, community managers and staff."""
    return e_tutor(user) or e_community_manager(user) or e_staff_comunale(user)


def concedi_permessi_app(apps, schema_editor, *, app_label: str, gruppo: str, azioni) -> None:
    """Give `gruppo` the model permissions of `app_label` (for data migrations).

    Permissions are normally created after `migrate`; a data migration that
    needs them creates them first.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    # The migration state's app configs are stubs without models: use the real one.
    app_config = global_apps.get_app_config(app_label)
    create_contenttypes(app_config, apps=apps, verbosity=0)
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=gruppo)
    perms = Permission.objects.filter(content_type__app_label=app_label)
    perms = [p for p in perms if p.codename.split("_", 1)[0] in azioni]
    group.permissions.add(*perms)


# What council staff may do in the admin, app by app. Data migrations grant
# these when the tables appear; `ripristina_ruoli` grants them again after a
# test flush has emptied the tables those migrations filled.
PERMESSI_STAFF = {
    "portal": {"view"},
    "quartieri": {"add", "change", "delete", "view"},
    "accordi": {"add", "change", "delete", "view"},
    "volontari": {"add", "change", "delete", "view"},
}


def ripristina_ruoli() -> None:
    """Create the role groups and the staff permissions if they are missing."""
    from django.apps import apps as global_apps
    from django.contrib.auth.models import Group

    for nome in GRUPPI:
        Group.objects.get_or_create(name=nome)
    for app_label, azioni in PERMESSI_STAFF.items():
        if global_apps.is_installed(app_label):
            concedi_permessi_app(
                global_apps, None, app_label=app_label, gruppo=GRUPPO_STAFF, azioni=azioni
            )
