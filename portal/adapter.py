"""allauth's account adapter: its e-mails speak for the Comune, not for the host."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


@dataclass(frozen=True)
class SitoDelComune:
    """What allauth's e-mail templates read as `current_site`."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Without django.contrib.sites allauth's `current_site` is the request's host, so
        # the mails would greet "from 127.0.0.1:8000"; they name the Comune instead.
        sito = SitoDelComune(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        super().send_mail(template_prefix, email, {**context, "current_site": sito})
