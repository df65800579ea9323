"""What a SPID/CIE sign-in leaves in the Django session, and the way out through the IdP."""

from __future__ import annotations

from typing import TypedDict
from urllib.parse import urlencode

from django.core import signing
from django.http import HttpRequest
from django.shortcuts import resolve_url

CHIAVE = "spid_accesso"

# Leaving through the identity provider: "Esci" is a form, and the pages'
# Content-Security-Policy (form-action 'self') stops a form's redirects at the
# portal's origin. The last step to the provider is therefore a page of ours that
# moves on by itself (meta refresh, which the policy does not govern) and offers
# the link for who must click. The provider's address travels signed, so this
# page is no open redirect.
_SALE_USCITA = "portal.spid.uscita"


class Accesso(TypedDict):
    federazione: str  # "spid" or "cie"
    idp: str  # the identity provider's entity ID
    name_id: str  # the NameID element as XML, as the IdP sent it
    session_index: str
    livello: int


def salva(request: HttpRequest, accesso: Accesso) -> None:
    request.session[CHIAVE] = dict(accesso)


def leggi(request: HttpRequest) -> Accesso | None:
    return request.session.get(CHIAVE)


def url_verso_il_gestore(url_idp: str) -> str:
    """The portal's page that takes the browser on to `url_idp` (a signed LogoutRequest)."""
    firmato = signing.dumps(url_idp, salt=_SALE_USCITA, compress=True)
    return f"{resolve_url('spid:uscita')}?{urlencode({'verso': firmato})}"


def url_idp_firmato(verso: str) -> str | None:
    """The IdP address that url_verso_il_gestore signed into `verso` (5 minutes), or None."""
    try:
        return signing.loads(verso, salt=_SALE_USCITA, max_age=300)
    except signing.BadSignature:
        return None
