from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from portal.spid import sessione as sessione_spid


class AccountAdapter(DefaultAccountAdapter):
    """allauth, with the Comune's choice on local sign-up and SPID/CIE single logout."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.LOCAL_SIGNUP

    def logout(self, request: HttpRequest) -> None:
        # The session is flushed by the logout: what the identity provider needs
        # to end its own session is read before.
        request._accesso_spid = sessione_spid.leggi(request)
        super().logout(request)

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        accesso = getattr(request, "_accesso_spid", None)
        if accesso:
            from portal.spid.saml import url_logout_idp

            url = url_logout_idp(accesso)
            if url:
                return url
        return super().get_logout_redirect_url(request)
