"""allauth's account adapter: where the portal departs from allauth's defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url

if TYPE_CHECKING:
    from allauth.account.models import EmailConfirmation
    from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def get_email_confirmation_url(
        self, request: HttpRequest | None, emailconfirmation: EmailConfirmation
    ) -> str:
        """The confirmation link carries on where the person was going ("next").

        Whoever signs up to book an activity lands on it after confirming, even
        when the mail is opened on another device, where no session remembers it.
        The address is checked (is_safe_url) before it goes into the mail.
        """
        url = super().get_email_confirmation_url(request, emailconfirmation)
        prossima = get_next_redirect_url(request) if request is not None else None
        return f"{url}?{urlencode({'next': prossima})}" if prossima else url
