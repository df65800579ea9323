"""Short-lived cache of pages' content: public pages for anonymous visitors,
personal pages for their own signed-in user.

Lists, detail pages and personal areas spend most of their time rendering
templates. `PaginaPubblicaInCacheMixin` keeps an anonymous page's content, which
depends only on the address and the language, for
`settings.CACHE_PAGINE_PUBBLICHE_SECONDI`. `PaginaPersonaleInCacheMixin` keeps a
signed-in user's own page (their area, their approval queue) for
`settings.CACHE_PAGINE_PERSONALI_SECONDI`, for that user only. 0 disables either.
On a hit the view is skipped entirely: no query, no page template.

What is cached is the page WITHOUT its per-visitor parts. On a miss the page is
rendered once with `segnaposto` in its context: base.html then writes an HTML
comment in place of the header (CSRF token of the language switcher, user
menu), the page-rating form (CSRF token) and the footer, and every
`{% csrf_token %}` in the content writes a marker instead of the token. That
skeleton is stored with the random nonce of its markers (content cannot forge a
marker it cannot guess), and every response, hit or miss, fills the markers
with those parts and the token rendered for the current request. So no visitor
ever receives another's token, and the cached content is exactly what the page
template produced.

A public page is only ever served from the cache to anonymous visitors of its
key (address, language), who all get the same parts but for the CSRF token:
it is stored with those parts already in place, their `{% csrf_token %}`
writing the marker too, so a hit renders no template at all and only fills
the token.

Never cached: methods other than GET, responses other than a template rendered
with status 200, and requests with pending messages (a message must be shown
once, to its visitor, never stored in a page). Public pages are never cached
for signed-in users (their pages show their own state: registration buttons,
management links).

The key holds the view, the active language and the absolute address (host
included: some pages print absolute links) with its query string normalised,
and for a personal page the user. Normalised: only the parameters the page
reads (its FilterSet's, its page number, the view's `parametri_letti`), empty
ones dropped, sorted, so an unknown parameter cannot add an entry to the cache.
The request the page is rendered from is normalised the same way, so the
stored content depends on nothing the key leaves out (a link that repeats the
query string, a "reset the filters" button).

Public data may be up to the configured seconds old, "open now" badges
included; that is accepted for anonymous pages, while editors, being signed
in, always see their changes at once.

A personal page must show its user's own changes at once: every request of
theirs that may write (any method but GET, HEAD, OPTIONS, TRACE) gives them a
new random "version" (`VersioneUtenteMiddleware`), and a stored page counts
only under the version it was rendered with. What others change (a tutor
approving the user's hours, a volunteer logging hours in the tutor's queue)
shows within the configured seconds.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.safestring import mark_safe
from django_filters.widgets import SuffixedMultiWidget

# The per-visitor parts of base.html, in the order parti_per_visitatore.html renders them.
PARTI = ("header", "valutazione", "footer")
METODI_SICURI = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_TOKEN_NEL_MODULO = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


@functools.cache
def parametri_del_filtro(filterset_class: type) -> frozenset[str]:
    """The query parameters a django-filter FilterSet reads: a filter's name, or the
    names of its widget's parts (a range's `_min`/`_max`)."""
    nomi: set[str] = set()
    for nome, filtro in filterset_class.base_filters.items():
        widget = filtro.field.widget
        if isinstance(widget, SuffixedMultiWidget):
            nomi.update(widget.suffixed(nome, suffisso) for suffisso in widget.suffixes)
        elif isinstance(widget, forms.MultiWidget):
            nomi.update(nome + parte for parte in widget.widgets_names)
        else:
            nomi.add(nome)
    return frozenset(nomi)


def query_normalizzata(query: QueryDict, nomi: Iterable[str]) -> QueryDict:
    """`query` with only the parameters `nomi`, empty values dropped, sorted."""
    coppie = [
        (nome, valore)
        for nome in sorted(nomi)
        for valore in sorted(v for v in query.getlist(nome) if v != "")
    ]
    return QueryDict(urlencode(coppie))


def _normalizza(request: HttpRequest, nomi: Iterable[str]) -> None:
    """Render the page as if its address held only its own parameters (see the docstring)."""
    request.GET = query_normalizzata(request.GET, nomi)
    # get_full_path() and build_absolute_uri() read the query string from here.
    request.META["QUERY_STRING"] = request.GET.urlencode()


def _pagina(request: HttpRequest, vista: str) -> str:
    """The view, the language and the absolute address: what a page's key is made of."""
    indirizzo = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"{vista}:{translation.get_language()}:{indirizzo}"


def _chiave(request: HttpRequest, vista: str) -> str:
    # "completa": stored with its anonymous parts (a skeleton under the old key lacks them).
    return f"pagina-pubblica-completa:{_pagina(request, vista)}"


def _chiave_personale(request: HttpRequest, vista: str) -> str:
    return f"pagina-personale:{request.user.pk}:{_pagina(request, vista)}"


def _chiave_versione(user_pk: int) -> str:
    return f"versione-utente:{user_pk}"


def _segnaposto(nonce: str) -> dict[str, str]:
    return {parte: mark_safe(f"<!--cdq-{nonce}-{parte}-->") for parte in PARTI}  # noqa: S308 - a hex nonce


def _marcatore_csrf(nonce: str) -> str:
    return f"cdq-{nonce}-csrf"


def _ha_messaggi(request: HttpRequest) -> bool:
    # len() reads the stored messages without marking them as shown.
    return len(get_messages(request)) > 0


def _parti(request: HttpRequest, nonce: str, contesto: dict | None = None) -> list[str]:
    """The header, rating form and footer rendered for `request`."""
    # One render (context processors run once), split on a separator nobody can write.
    separatore = mark_safe(f"<!--cdq-{nonce}-separatore-->")  # noqa: S308 - a hex nonce
    return render_to_string(
        "portal/parti_per_visitatore.html", {"separatore": separatore, **(contesto or {})}, request
    ).split(separatore)


def _con_parti(scheletro: str, nonce: str, parti: list[str]) -> str:
    pagina = scheletro
    for marcatore, html in zip(_segnaposto(nonce).values(), parti, strict=True):
        pagina = pagina.replace(marcatore, html)
    return pagina


def _con_token(request: HttpRequest, nonce: str, pagina: str) -> str:
    marcatore_csrf = _marcatore_csrf(nonce)
    if marcatore_csrf in pagina:
        pagina = pagina.replace(marcatore_csrf, get_token(request))
    return pagina


def _completa(request: HttpRequest, nonce: str, scheletro: str) -> str:
    """The skeleton with its markers replaced by this request's header, rating form,
    footer and CSRF token."""
    return _con_token(request, nonce, _con_parti(scheletro, nonce, _parti(request, nonce)))


def _con_parti_anonime(request: HttpRequest, nonce: str, scheletro: str) -> str:
    """The skeleton with the parts an anonymous visitor of this address sees, their CSRF
    fields holding the marker: the same for every anonymous visitor of the key."""
    return _con_parti(
        scheletro, nonce, _parti(request, nonce, {"csrf_token": _marcatore_csrf(nonce)})
    )


def _scheletro(response: TemplateResponse, nonce: str) -> str:
    response.context_data = {
        **(response.context_data or {}),
        "segnaposto": _segnaposto(nonce),
        # {% csrf_token %} in the content writes the marker, filled per request.
        "csrf_token": _marcatore_csrf(nonce),
    }
    return response.render().content.decode()


def _solo_marcatori_csrf(scheletro: str, nonce: str) -> bool:
    """True if every CSRF field of the skeleton holds the marker, not somebody's token."""
    return all(valore == _marcatore_csrf(nonce) for valore in _TOKEN_NEL_MODULO.findall(scheletro))


def _servi(
    request: HttpRequest,
    chiave: str,
    secondi: int,
    genera: Callable[[], HttpResponse],
    *,
    versione: str = "",
    in_cache: tuple | None = None,
    anonima: bool = False,
) -> HttpResponse:
    """The cached content under `chiave` if stored with `versione`, else the view's response,
    stored when it may be. `anonima`: the stored content holds the anonymous visitor's
    parts too, and a hit only fills the CSRF token."""
    if in_cache is not None:
        versione_salvata, nonce, contenuto = in_cache
        if versione_salvata == versione:
            if anonima:
                return HttpResponse(_con_token(request, nonce, contenuto))
            return HttpResponse(_completa(request, nonce, contenuto))
    response = genera()
    if not isinstance(response, TemplateResponse) or response.status_code != 200:
        return response
    nonce = secrets.token_hex(8)
    contenuto = _scheletro(response, nonce)
    if anonima:
        contenuto = _con_parti_anonime(request, nonce, contenuto)
    # The content must not carry anybody's real token, whatever a future template does.
    if not _ha_messaggi(request) and _solo_marcatori_csrf(contenuto, nonce):
        cache.set(chiave, (versione, nonce, contenuto), secondi)
    response.content = (
        _con_token(request, nonce, contenuto) if anonima else _completa(request, nonce, contenuto)
    )
    return response


class _ParametriDellaPagina:
    # Query parameters the view reads itself, besides its FilterSet's and its paginator's.
    parametri_letti: tuple[str, ...] = ()

    def parametri_della_pagina(self) -> set[str]:
        """Every query parameter the page's content depends on."""
        nomi = set(self.parametri_letti)
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            nomi |= parametri_del_filtro(filterset_class)
        if getattr(self, "paginate_by", None):
            nomi.add(self.page_kwarg)
        return nomi


class PaginaPubblicaInCacheMixin(_ParametriDellaPagina):
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
        _normalizza(request, self.parametri_della_pagina())
        chiave = _chiave(request, f"{type(self).__module__}.{type(self).__qualname__}")
        return _servi(
            request,
            chiave,
            secondi,
            lambda: super(PaginaPubblicaInCacheMixin, self).dispatch(request, *args, **kwargs),
            in_cache=cache.get(chiave),
            anonima=True,
        )


class PaginaPersonaleInCacheMixin(_ParametriDellaPagina):
    """For a signed-in user's GETs, serves their own page's content from the cache, see the
    module docstring. Put it after the mixins that check the login and the role: they
    still run on every request."""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        secondi = settings.CACHE_PAGINE_PERSONALI_SECONDI
        if (
            secondi <= 0
            or request.method != "GET"
            # Never a page shared by all anonymous visitors, whatever the view lets through.
            or not request.user.is_authenticated
            or _ha_messaggi(request)
        ):
            return super().get(request, *args, **kwargs)
        _normalizza(request, self.parametri_della_pagina())
        chiave = _chiave_personale(request, f"{type(self).__module__}.{type(self).__qualname__}")
        chiave_versione = _chiave_versione(request.user.pk)
        # One round trip for the page and the user's version.
        trovati = cache.get_many([chiave, chiave_versione])
        versione = trovati.get(chiave_versione)
        if versione is None:
            # Never reuse a page stored under a version that was lost (evicted, flushed).
            versione = nuova_versione(request.user.pk)
        return _servi(
            request,
            chiave,
            secondi,
            lambda: super(PaginaPersonaleInCacheMixin, self).get(request, *args, **kwargs),
            versione=versione,
            in_cache=trovati.get(chiave),
        )


def nuova_versione(user_pk: int) -> str:
    """Invalidate every personal page stored for the user: they changed something."""
    versione = secrets.token_hex(8)
    # Outlives the pages it guards; an evicted version only costs a miss.
    cache.set(
        _chiave_versione(user_pk), versione, max(settings.CACHE_PAGINE_PERSONALI_SECONDI, 1) * 10
    )
    return versione


class VersioneUtenteMiddleware:
    """A request of a signed-in user that may write invalidates their cached personal pages.

    Whatever the outcome: a refused form costs one miss, a missed write would
    show them stale data.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The user before the view: a logout still invalidates the pages of who was signed in.
        utente = getattr(request, "user", None)
        pk = (
            utente.pk
            if request.method not in METODI_SICURI and utente and utente.is_authenticated
            else None
        )
        response = self.get_response(request)
        if pk is not None and settings.CACHE_PAGINE_PERSONALI_SECONDI > 0:
            nuova_versione(pk)
        return response
