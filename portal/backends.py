from __future__ import annotations

from functools import cache

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef

from portal.ruoli import GRUPPO_COMMUNITY_MANAGER, GRUPPO_TUTOR

# Stands for the user's id in the query compiled once; no user has a negative id.
_ID_SEGNAPOSTO = -1


@cache
def _query_utente_con_ruoli() -> tuple[str, tuple, int]:
    """The SQL of the user with their role flags, compiled by the ORM once per process.

    It runs on every signed-in request, and building and compiling the
    queryset cost twice as much as running it.
    """

    def nel_gruppo(nome: str) -> Exists:
        return Exists(Group.objects.filter(user=OuterRef("pk"), name=nome))

    queryset = (
        get_user_model()
        ._default_manager.annotate(
            _e_community_manager=nel_gruppo(GRUPPO_COMMUNITY_MANAGER),
            _e_tutor=nel_gruppo(GRUPPO_TUTOR),
        )
        .filter(pk=_ID_SEGNAPOSTO)
        .order_by()
    )
    sql, params = queryset.query.sql_with_params()
    return sql, params, params.index(_ID_SEGNAPOSTO)


class AuthenticationBackend(AllauthBackend):
    """allauth's backend, loading the role flags with the user of each request.

    The header shows role-specific links on every page: annotating the flags
    on the query that already loads the user saves a query per page.
    """

    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        sql, params, posizione = _query_utente_con_ruoli()
        params = (*params[:posizione], pk, *params[posizione + 1 :])
        user = next(iter(model._default_manager.raw(sql, params)), None)
        if user is None or not self.user_can_authenticate(user):
            return None
        # SQLite gives EXISTS as 0/1.
        user._e_community_manager = bool(user._e_community_manager)
        user._e_tutor = bool(user._e_tutor)
        return user
