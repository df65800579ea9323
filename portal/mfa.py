"""A second factor for whoever reaches the admin or the management area."""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from portal.ruoli import e_community_manager, e_staff_comunale
from portal.spid import sessione as sessione_spid

# The areas where personal data of many people can be read or changed.
AREE_PROTETTE = ("/admin/", "/gestione/")


def deve_usare_secondo_fattore(user) -> bool:
    """Council staff and community managers: a stolen password must not be enough."""
    return e_staff_comunale(user) or e_community_manager(user)


def sessione_con_secondo_fattore(request: HttpRequest) -> bool:
    """This session's sign-in went through a TOTP or recovery code, or SPID/CIE level 2+."""
    records = get_authentication_records(request, request.user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    accesso = sessione_spid.leggi(request)
    return bool(accesso and accesso["livello"] >= 2)


class SecondoFattoreMiddleware:
    """Staff and community managers without a second factor are sent to set one up
    (or to use it) before the admin or the management area."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.STAFF_MFA_REQUIRED
            and request.path.startswith(AREE_PROTETTE)
            and deve_usare_secondo_fattore(request.user)
        ):
            prosegui = urlencode({"next": request.get_full_path()})
            if not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists():
                messages.info(
                    request,
                    _(
                        "Per entrare nell'area di gestione serve la verifica in due passaggi: "
                        "attivala con un'app di autenticazione."
                    ),
                )
                return redirect(f"{reverse('mfa_activate_totp')}?{prosegui}")
            if not sessione_con_secondo_fattore(request):
                return redirect(f"{reverse('mfa_reauthenticate')}?{prosegui}")
        return self.get_response(request)
