"""Short-lived cache of the public pages' content, for anonymous visitors.

The public lists and detail pages (places, services, activities, agreements,
opportunities) spend most of their time rendering templates, and for an
anonymous visitor their content depends only on the address and the language.
`PaginaPubblicaInCacheMixin` keeps that content for
`settings.CACHE_PAGINE_PUBBLICHE_SECONDI` (0 disables it) and, on a hit, skips
the view entirely: no query, no page template.

What is cached is the page WITHOUT its per-visitor parts. On a miss the page is
rendered once with `segnaposto` in its context: base.html then writes an HTML
comment in place of the header (CSRF token of the language switcher, user
menu), the page-rating form (CSRF token) and the footer. That skeleton is
stored with the random nonce of its markers (content cannot forge a marker it
cannot guess), and every response, hit or miss, fills the markers with those
parts rendered for the current request. So no visitor ever receives another's
token, and the cached content is exactly what the page template produced.

Never cached: signed-in users (their pages show their own state: registration
buttons, management links), methods other than GET, responses other than a
template rendered with status 200, and requests with pending messages (a
message must be shown once, to its visitor, never stored in a page).

The key holds the view, the active language and the absolute address with its
query string (host included: some pages print absolute links). Public data may
therefore be up to the configured seconds old, "open now" badges included;
that is accepted for anonymous pages, while editors, being signed in, always
see their changes at once.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.safestring import mark_safe

# The per-visitor parts of base.html, in the order parti_per_visitatore.html renders them.
PARTI = ("header", "valutazione", "footer")


def _chiave(request: HttpRequest, vista: str) -> str:
    indirizzo = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pagina-pubblica:{vista}:{translation.get_language()}:{indirizzo}"


def _segnaposto(nonce: str) -> dict[str, str]:
    return {parte: mark_safe(f"<!--cdq-{nonce}-{parte}-->") for parte in PARTI}  # noqa: S308 - a hex nonce


def _ha_messaggi(request: HttpRequest) -> bool:
    # len() reads the stored messages without marking them as shown.
    return len(get_messages(request)) > 0


def _completa(request: HttpRequest, nonce: str, scheletro: str) -> str:
    """The skeleton with its markers replaced by this request's header, rating form and footer."""
    # One render (context processors run once), split on a separator nobody can write.
    separatore = mark_safe(f"<!--cdq-{nonce}-separatore-->")  # noqa: S308 - a hex nonce
    parti = render_to_string(
        "portal/parti_per_visitatore.html", {"separatore": separatore}, request
    ).split(separatore)
    pagina = scheletro
    for marcatore, html in zip(_segnaposto(nonce).values(), parti, strict=True):
        pagina = pagina.replace(marcatore, html)
    return pagina


class PaginaPubblicaInCacheMixin:
    """For anonymous GETs, serves the page's content from the cache, see the module docstring."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        secondi = settings.CACHE_PAGINE_PUBBLICHE_SECONDI
        if (
            secondi <= 0
            or request.method != "GET"
            or request.user.is_authenticated
            or _ha_messaggi(request)
        ):
            return super().dispatch(request, *args, **kwargs)
        chiave = _chiave(request, f"{type(self).__module__}.{type(self).__qualname__}")
        in_cache = cache.get(chiave)
        if in_cache is not None:
            nonce, scheletro = in_cache
            return HttpResponse(_completa(request, nonce, scheletro))
        response = super().dispatch(request, *args, **kwargs)
        if not isinstance(response, TemplateResponse) or response.status_code != 200:
            return response
        nonce = secrets.token_hex(8)
        response.context_data = {**(response.context_data or {}), "segnaposto": _segnaposto(nonce)}
        scheletro = response.render().content.decode()
        # A form in the content would carry this visitor's CSRF token: such a page
        # is never stored, whatever a future template puts in it.
        if not _ha_messaggi(request) and "csrfmiddlewaretoken" not in scheletro:
            cache.set(chiave, (nonce, scheletro), secondi)
        response.content = _completa(request, nonce, scheletro)
        return response
