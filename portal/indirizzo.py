"""SITE_URL, the public address that links sent outside a page start with.

E-mails, calendar feeds, QR codes and the SPID/CIE metadata are read away from
the site, often produced without a request (Celery), so they take their links
from SITE_URL through url_pubblico(), never from the request. In production it
must be the public address; a deploy check says so when it is missing
(portal.checks). In development without it, links follow the address the
development server is reached at (a phone on the local network opens the link
it is sent).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse


def url_pubblico(percorso: str) -> str:
    """The public address of `percorso`, a path of this site ("/attivita/12/")."""
    return settings.SITE_URL.rstrip("/") + percorso


def host_pubblico() -> str:
    """SITE_URL's host name, without port: the domain of calendar UIDs."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


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
