"""SITE_URL, the public address that links sent outside a page start with.

E-mails, calendar feeds and QR codes are read away from the site, often
produced without a request (Celery), so they take their links from SITE_URL,
never from the request. In production it must be the public address; a deploy
check says so when it is missing. In development without it, links follow the
address the development server is reached at (a phone on the local network
opens the link it is sent).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core import checks
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse


class SiteUrlDallaRichiestaMiddleware:
    """With DEBUG and no SITE_URL, set SITE_URL to the address being served."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.SITE_URL_DALLA_RICHIESTA:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # One development process, one address: the latest request's host wins.
        settings.SITE_URL = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)


@checks.register(checks.Tags.security, deploy=True)
def controlla_site_url(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Production links must not point at the development default."""
    if "127.0.0.1" in settings.SITE_URL or "localhost" in settings.SITE_URL:
        return [
            checks.Warning(
                f"SITE_URL is {settings.SITE_URL}: links in e-mails, calendar feeds and QR "
                "codes would not reach anyone.",
                hint="Set SITE_URL to the portal's public address, e.g. https://quartieri.comune.it",
                id="portal.W001",
            )
        ]
    return []
