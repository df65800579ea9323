"""allauth's account adapter: where the portal departs from allauth's defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from django.conf import settings

from portal.indirizzo import url_pubblico
from portal.spid import sessione as sessione_spid
from portal.spid.saml import url_logout_idp

if TYPE_CHECKING:
    from allauth.account.models import EmailConfirmation
    from django.http import HttpRequest


@dataclass(frozen=True)
class SitoDelComune:
    """What allauth's e-mail templates read as `current_site`."""

    name: str
    domain: str


def _sul_sito(url: str) -> str:
    """The same address on SITE_URL: a link in an e-mail is opened away from this request."""
    parti = urlsplit(url)
    return url_pubblico(parti.path + (f"?{parti.query}" if parti.query else ""))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Where the Comune wants every citizen through SPID/CIE, local sign-up is off.
        return settings.LOCAL_SIGNUP

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        # allauth asks before ending the session: who came through SPID or CIE is
        # sent on to their identity provider, to end its session too.
        accesso = sessione_spid.leggi(request)
        if accesso:
            url = url_logout_idp(accesso)
            if url:
                return sessione_spid.url_verso_il_gestore(url)
        return super().get_logout_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Without django.contrib.sites allauth's `current_site` is the request's host, so
        # the mails would greet "from 127.0.0.1:8000"; they name the Comune instead.
        sito = SitoDelComune(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        super().send_mail(template_prefix, email, {**context, "current_site": sito})

    def get_email_confirmation_url(
        self, request: HttpRequest | None, emailconfirmation: EmailConfirmation
    ) -> str:
        """The confirmation link carries on where the person was going ("next").

        Whoever signs up to book an activity lands on it after confirming, even
        when the mail is opened on another device, where no session remembers it.
        The address is checked (is_safe_url) before it goes into the mail.
        """
        url = _sul_sito(super().get_email_confirmation_url(request, emailconfirmation))
        prossima = get_next_redirect_url(request) if request is not None else None
        return f"{url}?{urlencode({'next': prossima})}" if prossima else url

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _sul_sito(super().get_reset_password_from_key_url(key))
