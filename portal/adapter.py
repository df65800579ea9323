from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from portal.spid import sessione as sessione_spid
from portal.spid.saml import url_logout_idp


class AccountAdapter(DefaultAccountAdapter):
    """allauth, with the Comune's choice on local sign-up and SPID/CIE single logout."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.LOCAL_SIGNUP

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        # allauth asks before ending the session: who came through SPID or CIE is
        # sent on to their identity provider, to end its session too.
        accesso = sessione_spid.leggi(request)
        if accesso:
            url = url_logout_idp(accesso)
            if url:
                return url
        return super().get_logout_redirect_url(request)
