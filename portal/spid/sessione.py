"""What a SPID/CIE sign-in leaves in the Django session: enough for single logout."""

from __future__ import annotations

from typing import TypedDict

from django.http import HttpRequest

CHIAVE = "spid_accesso"


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
