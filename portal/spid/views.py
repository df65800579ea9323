from __future__ import annotations

import logging
import secrets
from dataclasses import asdict, replace

from allauth.account.models import EmailAddress
from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.sigver import verify_redirect_signature
from saml2.xmldsig import SIG_RSA_SHA256

from portal.spid import config, errori, sessione
from portal.spid.forms import CodiceConfermaForm, ConfermaPasswordForm, EmailForm
from portal.spid.saml import (
    AccessoNonRiuscito,
    leggi_risposta,
    metadata_firmati,
    richiesta_accesso,
)
from portal.spid.services import (
    CONFERMA,
    MINUTI_CODICE,
    CodiceRifiutato,
    Identita,
    account_da_identita,
    account_esistente,
    collega_identita,
    invia_codice_conferma,
    verifica_codice_conferma,
)

logger = logging.getLogger(__name__)

# The request in flight travels in its own cookie, signed: the IdP posts the answer
# from another site, and a SameSite=Lax session cookie would not come along.
COOKIE_RICHIESTA = "cdq_spid_richiesta"
SALE_RICHIESTA = "portal.spid.richiesta"
DURATA_RICHIESTA = 10 * 60
# A sign-in waiting for the person: a password to link, or an e-mail address to give.
IN_SOSPESO = "spid_in_sospeso"


def _attivo_o_404() -> None:
    if not config.attivo():
        raise Http404


def _prossima(request: HttpRequest, candidata: str) -> str:
    if candidata and url_has_allowed_host_and_scheme(
        candidata, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidata
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _errore(request: HttpRequest, messaggio: str) -> HttpResponse:
    messages.error(request, messaggio)
    risposta = redirect("account_login")
    risposta.delete_cookie(COOKIE_RICHIESTA, samesite="None")
    return risposta


@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    """The SP metadata, signed with the SP key, at a stable address for the federations."""
    _attivo_o_404()
    return HttpResponse(metadata_firmati().encode(), content_type="application/samlmetadata+xml")


@require_GET
def metadata_cie(request: HttpRequest) -> HttpResponse:
    """The SP metadata for the Federazione CIE: its own attributes and contact, signed."""
    _attivo_o_404()
    return HttpResponse(
        metadata_firmati(config.CIE).encode(), content_type="application/samlmetadata+xml"
    )


@require_GET
def accedi(request: HttpRequest) -> HttpResponse:
    """Send the citizen to the identity provider they chose, with a signed request."""
    _attivo_o_404()
    gestore = config.gestore_identita(request.GET.get("idp", ""))
    if gestore is None:
        return _errore(request, _("Scegli il tuo gestore di identità dall'elenco."))
    id_richiesta, url = richiesta_accesso(idp=gestore, livello=settings.SPID_LEVEL)
    risposta = redirect(url)
    risposta.set_cookie(
        COOKIE_RICHIESTA,
        signing.dumps(
            {
                "id": id_richiesta,
                "idp": gestore.entity_id,
                "federazione": gestore.federazione,
                "livello": settings.SPID_LEVEL,
                "next": _prossima(request, request.GET.get("next", "")),
            },
            salt=SALE_RICHIESTA,
        ),
        max_age=DURATA_RICHIESTA,
        secure=True,
        httponly=True,
        samesite="None",
    )
    return risposta


@csrf_exempt  # posted by the identity provider; the signed assertion is the proof
@require_POST
def acs(request: HttpRequest) -> HttpResponse:
    """Assertion consumer service: check the IdP's answer and sign the person in."""
    _attivo_o_404()
    try:
        richiesta = signing.loads(
            request.COOKIES.get(COOKIE_RICHIESTA, ""),
            salt=SALE_RICHIESTA,
            max_age=DURATA_RICHIESTA,
        )
    except signing.BadSignature:
        return _errore(request, errori.RICHIESTA_ASSENTE)
    # One answer per request: a replayed response, even a valid one, finds it used.
    chiave, gettone = f"spid:risposta:{richiesta['id']}", secrets.token_hex(16)
    if not cache.add(chiave, gettone, timeout=2 * DURATA_RICHIESTA):
        return _errore(request, errori.GIA_USATA)
    # The cache fails soft (portal/cache_redis.py): with Redis down add() says "added"
    # and remembers nothing, so a replay would pass. Only our own token read back
    # proves the answer is new; without it the sign-in waits for Redis.
    if cache.get(chiave) != gettone:
        logger.warning("SAML response not checked for replay: cache unavailable")
        return _errore(request, errori.NON_DISPONIBILE)
    try:
        risposta = leggi_risposta(
            saml_response=request.POST.get("SAMLResponse", ""),
            id_richiesta=richiesta["id"],
            idp=richiesta["idp"],
            livello=richiesta["livello"],
        )
    except AccessoNonRiuscito as exc:
        return _errore(request, exc.messaggio)
    try:
        identita = Identita.da_attributi(risposta.attributi)
    except ValidationError:
        return _errore(request, str(errori.ATTRIBUTI_MANCANTI))
    accesso = sessione.Accesso(
        federazione=richiesta["federazione"],
        idp=richiesta["idp"],
        name_id=risposta.name_id,
        session_index=risposta.session_index,
        livello=risposta.livello,
    )
    in_sospeso = {"identita": asdict(identita), "accesso": dict(accesso), "next": richiesta["next"]}
    if not identita.email and account_esistente(identita) is None:
        request.session[IN_SOSPESO] = in_sospeso
        risposta_http = redirect("spid:email")
    elif (user := account_da_identita(identita=identita)) is None:
        request.session[IN_SOSPESO] = in_sospeso
        risposta_http = redirect("spid:collega")
    else:
        risposta_http = _entra(request, user, accesso, richiesta["next"])
    risposta_http.delete_cookie(COOKIE_RICHIESTA, samesite="None")
    return risposta_http


def _entra(request: HttpRequest, user, accesso: sessione.Accesso, prossima: str) -> HttpResponse:
    if not user.is_active:
        return _errore(request, _("Questo account è disattivato."))
    if accesso["livello"] >= 2 and _email_verificata(user):
        # SPID/CIE level 2 already took a second factor: no TOTP on top of it.
        # login() empties a session that was someone else's: the record goes after it.
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        sessione.salva(request, accesso)
        return redirect(prossima)
    # allauth's login may first wait for the second factor, so the record is saved
    # now; its login() keeps the session's data unless the session was someone
    # else's, which is therefore ended first.
    if request.user.is_authenticated and request.user.pk != user.pk:
        logout(request)
    sessione.salva(request, accesso)
    # allauth's login: its signals, and its second-factor step for who set one up.
    return perform_login(request, user, redirect_url=prossima)


def _email_verificata(user) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


@require_http_methods(["GET", "POST"])
def email(request: HttpRequest) -> HttpResponse:
    """The identity provider shared no e-mail (CIE may not): the person gives one,
    and is mailed a codice di conferma to prove it is theirs."""
    _attivo_o_404()
    in_sospeso = request.session.get(IN_SOSPESO)
    if not in_sospeso:
        return _errore(request, errori.RICHIESTA_ASSENTE)
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request.session[IN_SOSPESO] = invia_codice_conferma(
                request=request, in_sospeso=in_sospeso, email=form.cleaned_data["email"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("spid:email_conferma")
    return render(
        request,
        "spid/email.html",
        {
            "form": form,
            "codice_inviato": CONFERMA in in_sospeso,
            "titolo": _("Manca il tuo indirizzo e-mail"),
        },
    )


@require_http_methods(["GET", "POST"])
def email_conferma(request: HttpRequest) -> HttpResponse:
    """The codice di conferma mailed by `email`: only the right one creates or links
    an account with the address."""
    _attivo_o_404()
    in_sospeso = request.session.get(IN_SOSPESO)
    if not in_sospeso:
        return _errore(request, errori.RICHIESTA_ASSENTE)
    if CONFERMA not in in_sospeso:
        return redirect("spid:email")
    invia_di_nuovo = request.method == "POST" and "invia_di_nuovo" in request.POST
    form = CodiceConfermaForm(None if invia_di_nuovo else request.POST or None)
    errore_invio = None
    if invia_di_nuovo:
        try:
            request.session[IN_SOSPESO] = invia_codice_conferma(
                request=request, in_sospeso=in_sospeso, email=in_sospeso[CONFERMA]["email"]
            )
        except ValidationError as exc:
            errore_invio = " ".join(exc.messages)
        else:
            messages.success(request, _("Ti abbiamo mandato un nuovo codice."))
            return redirect("spid:email_conferma")
    elif form.is_valid():
        try:
            indirizzo = verifica_codice_conferma(
                in_sospeso=in_sospeso, codice=form.cleaned_data["codice"]
            )
        except CodiceRifiutato as exc:
            if exc.in_sospeso is None:
                del request.session[IN_SOSPESO]
                return _errore(request, exc.message)
            request.session[IN_SOSPESO] = exc.in_sospeso
            form.add_error("codice", exc)
        else:
            return _email_confermata(request, in_sospeso, indirizzo)
    return render(
        request,
        "spid/email_conferma.html",
        {
            "form": form,
            "email": in_sospeso[CONFERMA]["email"],
            "errore_invio": errore_invio,
            "minuti": MINUTI_CODICE,
            "titolo": _("Conferma il tuo indirizzo e-mail"),
        },
    )


def _email_confermata(request: HttpRequest, in_sospeso: dict, indirizzo: str) -> HttpResponse:
    # The code proved the address: the sign-in goes on as if the identity provider
    # had given it, verified.
    identita = replace(Identita(**in_sospeso["identita"]), email=indirizzo)
    user = account_da_identita(identita=identita)
    if user is None:
        request.session[IN_SOSPESO] = {
            "identita": asdict(identita),
            "accesso": in_sospeso["accesso"],
            "next": in_sospeso["next"],
        }
        return redirect("spid:collega")
    del request.session[IN_SOSPESO]
    return _entra(request, user, in_sospeso["accesso"], in_sospeso["next"])


@require_http_methods(["GET", "POST"])
def collega(request: HttpRequest) -> HttpResponse:
    """An account with the identity's e-mail exists: its owner confirms with the password."""
    _attivo_o_404()
    in_sospeso = request.session.get(IN_SOSPESO)
    if not in_sospeso:
        return _errore(request, errori.RICHIESTA_ASSENTE)
    identita = Identita(**in_sospeso["identita"])
    user = get_user_model().objects.filter(email__iexact=identita.email).first()
    if user is None:
        del request.session[IN_SOSPESO]
        return _errore(request, errori.RICHIESTA_ASSENTE)
    form = ConfermaPasswordForm(request.POST or None, user=user, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            user = collega_identita(
                user=user,
                identita=identita,
                # Set only by sign-ins left pending from before the codice di
                # conferma, whose address was typed and never proven.
                email_verificata=not in_sospeso.get("email_digitata", False),
            )
        except ValidationError as exc:
            del request.session[IN_SOSPESO]
            return _errore(request, " ".join(exc.messages))
        del request.session[IN_SOSPESO]
        messages.success(
            request, _("Fatto: d'ora in poi entri anche con la tua identità digitale.")
        )
        return _entra(request, user, in_sospeso["accesso"], in_sospeso["next"])
    return render(
        request,
        "spid/collega.html",
        {
            "form": form,
            "email": user.email,
            "senza_password": not user.has_usable_password(),
            "titolo": _("Collega la tua identità digitale"),
        },
    )


@require_GET
def uscita(request: HttpRequest) -> HttpResponse:
    """The last step of leaving through the identity provider (sessione.url_verso_il_gestore)."""
    url_idp = sessione.url_idp_firmato(request.GET.get("verso", ""))
    if url_idp is None:
        return redirect("portal:home")
    return render(
        request,
        "spid/uscita.html",
        {"titolo": _("Uscita dal gestore di identità"), "url_idp": url_idp},
    )


@csrf_exempt  # posted or redirected by the identity provider
@require_http_methods(["GET", "POST"])
def sls(request: HttpRequest) -> HttpResponse:
    """Single logout service: the IdP's answer to our logout, or its own logout request."""
    _attivo_o_404()
    dati = request.POST if request.method == "POST" else request.GET
    binding = BINDING_HTTP_POST if request.method == "POST" else BINDING_HTTP_REDIRECT
    client = Saml2Client(config.configurazione())
    if "SAMLResponse" in dati:
        # We ended the local session before going to the IdP: its answer only
        # says whether its own session ended too.
        try:
            client.parse_logout_request_response(dati["SAMLResponse"], binding)
        except Exception as exc:  # pysaml2 raises anything, as for sign-in answers
            logger.warning("SAML logout response refused: %r", exc)
            messages.warning(
                request,
                _(
                    "Sei uscito dal portale; il gestore di identità non ha confermato "
                    "l'uscita anche dal suo servizio."
                ),
            )
        else:
            messages.success(request, _("Sei uscito dal portale e dal gestore di identità."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    if "SAMLRequest" in dati:
        return _logout_chiesto_da_idp(request, client, dati, binding)
    raise Http404


def _logout_chiesto_da_idp(request, client, dati, binding) -> HttpResponse:
    try:
        richiesta = client.parse_logout_request(
            dati["SAMLRequest"],
            binding,
            relay_state=dati.get("RelayState"),
            sigalg=dati.get("SigAlg"),
            signature=dati.get("Signature"),
        )
    except Exception as exc:  # pysaml2 raises anything, as for sign-in answers
        logger.warning("SAML logout request refused: %r", exc)
        raise Http404 from exc
    if richiesta is None:
        raise Http404
    # pysaml2 checks the query-string signature only when configured as an IdP wanting
    # signed requests, and as an SP does not demand a signature at all: either way a
    # link with no or a made-up signature could sign anyone out.
    if binding == BINDING_HTTP_REDIRECT:
        if not _firma_redirect_valida(client, dati, richiesta.issuer.text):
            logger.warning("SAML logout request with no valid signature refused")
            raise Http404
    elif not richiesta.message.signature:
        logger.warning("Unsigned SAML logout request refused")
        raise Http404
    accesso = sessione.leggi(request)
    if accesso and accesso["idp"] == richiesta.issuer.text:
        logout(request)
    idp = richiesta.issuer.text
    destinazione = client.metadata.single_logout_service(idp, BINDING_HTTP_REDIRECT, "idpsso")
    risposta = client.create_logout_response(richiesta.message, [BINDING_HTTP_REDIRECT])
    http = client.apply_binding(
        BINDING_HTTP_REDIRECT,
        str(risposta),
        destinazione[0].get("response_location") or destinazione[0]["location"],
        relay_state=dati.get("RelayState", ""),
        response=True,
        sign=True,
        sigalg=SIG_RSA_SHA256,
    )
    return redirect(dict(http["headers"])["Location"])


def _firma_redirect_valida(client, dati, idp: str) -> bool:
    """The HTTP-Redirect signature of `dati` verifies with one of `idp`'s signing certificates."""
    if not dati.get("Signature") or not dati.get("SigAlg"):
        return False
    messaggio = {
        chiave: dati[chiave]
        for chiave in ("SAMLRequest", "RelayState", "SigAlg", "Signature")
        if chiave in dati
    }
    try:
        certificati = client.metadata.certs(idp, "idpsso", "signing")
    except KeyError:  # not an identity provider of the federations' metadata
        return False
    for _nome, certificato in certificati:
        try:
            if verify_redirect_signature(messaggio, client.sec.sec_backend, cert=certificato):
                return True
        except Exception as exc:  # bad base64, unknown algorithm: pysaml2 raises anything
            logger.warning("SAML redirect signature not verified: %r", exc)
    return False
