"""A second factor for council staff and community managers, on every page."""

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

# What a person who still owes the second factor may reach: allauth's account and
# second-factor pages (to set it up or use it, and to sign out), the SPID/CIE
# sign-in and single logout, the language switch, the health check, static files.
# Their roles reach personal data from many pages (registry exports, agreements,
# reports, tutor pages, admin, management area), so everything else waits.
SENZA_SECONDO_FATTORE = ("/account/", "/saml/", "/i18n/", "/healthz/", settings.STATIC_URL)


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
    """Staff and community managers are sent to set up a second factor (or to use it)
    before any page, whatever its address."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.STAFF_MFA_REQUIRED
            and request.user.is_authenticated
            and not request.path.startswith(SENZA_SECONDO_FATTORE)
            and deve_usare_secondo_fattore(request.user)
            # SPID/CIE level 2 is a second factor: no authenticator app needed on top.
            and not sessione_con_secondo_fattore(request)
        ):
            prosegui = urlencode({"next": request.get_full_path()})
            if not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists():
                messages.info(
                    request,
                    _(
                        "Il tuo ruolo dà accesso a dati personali: serve la verifica in due "
                        "passaggi. Attivala con un'app di autenticazione."
                    ),
                )
                return redirect(f"{reverse('mfa_activate_totp')}?{prosegui}")
            return redirect(f"{reverse('mfa_reauthenticate')}?{prosegui}")
        return self.get_response(request)
