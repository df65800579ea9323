from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from portal.ruoli import GRUPPO_COMMUNITY_MANAGER, GRUPPO_TUTOR


class AuthenticationBackend(AllauthBackend):
    """allauth's backend, loading the role flags with the user of each request.

    The header shows role-specific links on every page: annotating the flags
    on the query that already loads the user saves a query per page.
    """

    def get_user(self, user_id):
        def nel_gruppo(nome: str) -> Exists:
            return Exists(Group.objects.filter(user=OuterRef("pk"), name=nome))

        user = (
            get_user_model()
            ._default_manager.annotate(
                _e_community_manager=nel_gruppo(GRUPPO_COMMUNITY_MANAGER),
                _e_tutor=nel_gruppo(GRUPPO_TUTOR),
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
