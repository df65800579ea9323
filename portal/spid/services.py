"""Accounts from SPID and CIE identities: found by codice fiscale, created, or linked;
and the codice di conferma that proves an address the identity provider did not give."""

from __future__ import annotations

import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.models import User
from portal.validators import valida_codice_fiscale_persona

if TYPE_CHECKING:
    from django.http import HttpRequest

logger = logging.getLogger(__name__)

# SPID sends the codice fiscale as a TIN with its country: "TINIT-RSSMRA80A01H501U".
PREFISSO_TIN = "TINIT-"


@dataclass(frozen=True)
class Identita:
    """A person as their identity provider vouches for them."""

    codice_fiscale: str
    nome: str
    cognome: str
    # CIE ID shares the e-mail only if the citizen registered one: it may be "".
    email: str

    @classmethod
    def da_attributi(cls, attributi: dict[str, str]) -> Identita:
        """From the SAML attributes; ValidationError if one is missing or malformed."""
        codice = attributi.get("fiscalNumber", "").strip().upper()
        codice = codice.removeprefix(PREFISSO_TIN)
        email = attributi.get("email", "").strip()
        nome = attributi.get("name", "").strip()
        cognome = attributi.get("familyName", "").strip()
        if not (codice and nome and cognome):
            raise ValidationError(_("Mancano dati obbligatori dell'identità digitale."))
        valida_codice_fiscale_persona(codice)
        return cls(codice_fiscale=codice, nome=nome, cognome=cognome, email=email)


def account_esistente(identita: Identita) -> User | None:
    """The account keyed on the identity's codice fiscale, if there is one."""
    return get_user_model().objects.filter(codice_fiscale=identita.codice_fiscale).first()


@transaction.atomic
def account_da_identita(*, identita: Identita) -> User | None:
    """The account keyed on the identity's codice fiscale, created when it is new;
    None when an account with the same e-mail exists and its owner must confirm the link.

    The identity's e-mail must be proven: given by the identity provider, or typed
    by the person and confirmed with a codice di conferma (verifica_codice_conferma)."""
    user = account_esistente(identita)
    if user is not None:
        return user
    if not identita.email:
        raise ValueError("A new account needs an e-mail address")
    utenti = get_user_model().objects
    if utenti.filter(email__iexact=identita.email).exists():
        return None
    user = utenti.create_user(
        email=identita.email,
        password=None,
        first_name=identita.nome,
        last_name=identita.cognome,
        codice_fiscale=identita.codice_fiscale,
    )
    # An address from the identity provider was checked when it issued the identity;
    # a typed one, by the codice di conferma.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@transaction.atomic
def collega_identita(*, user: User, identita: Identita, email_verificata: bool = True) -> User:
    """Link `identita` to `user`, who proved to own the account with its password;
    the address counts as verified only if the identity provider gave it."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.codice_fiscale and user.codice_fiscale != identita.codice_fiscale:
        raise ValidationError(_("Questo account è già collegato a un'altra identità digitale."))
    if (
        get_user_model()
        .objects.filter(codice_fiscale=identita.codice_fiscale)
        .exclude(pk=user.pk)
        .exists()
    ):
        raise ValidationError(_("Questa identità digitale è già collegata a un altro account."))
    # The volunteer register must hold the person's real codice fiscale
    # (D.Lgs. 117/2017, art. 17): a profile saying otherwise is not theirs.
    volontario = getattr(user, "volontario", None)
    if volontario and volontario.codice_fiscale not in ("", identita.codice_fiscale):
        raise ValidationError(
            _(
                "Il codice fiscale del tuo profilo di volontario è diverso da quello della tua "
                "identità digitale: scrivi all'ufficio volontariato per correggerlo."
            )
        )
    user.codice_fiscale = identita.codice_fiscale
    user.full_clean()
    user.save(update_fields=["codice_fiscale"])
    if email_verificata:
        EmailAddress.objects.filter(user=user, email__iexact=identita.email).update(verified=True)
    return user


# Codice di conferma. An address the person typed (CIE ID often shares none) is
# theirs only once they read a code sent to it: without the proof anyone could
# take another person's address for an account, and its owner could not sign up.
CIFRE_CODICE = 6
MINUTI_CODICE = 15
DURATA_CODICE = timedelta(minutes=MINUTI_CODICE)
# Per pending sign-in: a few mails cover a typo or a slow mailbox, without letting
# the form bomb someone's inbox; five guesses at a 6-digit code leave a
# 1 in 200,000 chance, and a new code does not buy new guesses.
MASSIMO_INVII = 3
MASSIMO_ERRORI = 5
# The pending sign-in's key for the code's record: the address, the code's hash,
# its expiry, how many codes were sent and how many wrong ones were typed.
CONFERMA = "conferma_email"
_SALE_CODICE = "portal.spid.codice_conferma"


class CodiceRifiutato(ValidationError):
    """A wrong, expired or exhausted code; `in_sospeso` is the pending sign-in with
    the attempt counted, or None when the attempt is over."""

    def __init__(self, messaggio: str, *, code: str, in_sospeso: dict[str, Any] | None):
        super().__init__(messaggio, code=code)
        self.in_sospeso = in_sospeso


def _impronta(*, in_sospeso: dict[str, Any], email: str, codice: str) -> str:
    # Keyed with SECRET_KEY: a 6-digit code's plain hash, read from the session
    # store, would give the code back in a million tries. The pending sign-in's own
    # token and the address are in it, so the code proves this address for this
    # sign-in only.
    valore = "\n".join((in_sospeso["gettone"], email.lower(), codice))
    return salted_hmac(_SALE_CODICE, valore, algorithm="sha256").hexdigest()


def invia_codice_conferma(
    *, request: HttpRequest, in_sospeso: dict[str, Any], email: str
) -> dict[str, Any]:
    """Mail a new codice di conferma to `email`; the pending sign-in that records it,
    ValidationError once MASSIMO_INVII were sent or if the mail could not go."""
    precedente = in_sospeso.get(CONFERMA) or {}
    invii = precedente.get("invii", 0)
    if invii >= MASSIMO_INVII:
        raise ValidationError(
            _(
                "Ti abbiamo già mandato %(numero)d codici per questo accesso: usa l'ultimo "
                "che hai ricevuto o ricomincia l'accesso con la tua identità digitale."
            )
            % {"numero": MASSIMO_INVII},
            code="troppi_invii",
        )
    in_sospeso = {**in_sospeso, "gettone": in_sospeso.get("gettone") or secrets.token_hex(16)}
    codice = f"{secrets.randbelow(10**CIFRE_CODICE):0{CIFRE_CODICE}d}"
    # Sent here, not through Celery: the person waits at the form for this code,
    # and a stopped worker or broker would leave them unable to sign in at all;
    # nor does the code then sit in plain text in the broker's queue.
    try:
        get_adapter(request).send_mail(
            "emails/spid_codice_conferma",
            email,
            {"codice": codice, "minuti": MINUTI_CODICE},
        )
    except (smtplib.SMTPException, OSError):
        logger.exception("Codice di conferma not sent")
        raise ValidationError(
            _("Non siamo riusciti a mandarti il codice: riprova tra qualche minuto."),
            code="invio_fallito",
        ) from None
    return {
        **in_sospeso,
        CONFERMA: {
            "email": email,
            "impronta": _impronta(in_sospeso=in_sospeso, email=email, codice=codice),
            "scade_il": (timezone.now() + DURATA_CODICE).timestamp(),
            "invii": invii + 1,
            "errori": precedente.get("errori", 0),
        },
    }


def verifica_codice_conferma(*, in_sospeso: dict[str, Any], codice: str) -> str:
    """The address `codice` proves for the pending sign-in; CodiceRifiutato if it is
    wrong (counted: the MASSIMO_ERRORI-th ends the attempt) or expired."""
    conferma = in_sospeso[CONFERMA]
    if timezone.now().timestamp() > conferma["scade_il"]:
        raise CodiceRifiutato(
            _("Il codice è scaduto: chiedine uno nuovo."), code="scaduto", in_sospeso=in_sospeso
        )
    attesa = _impronta(in_sospeso=in_sospeso, email=conferma["email"], codice=codice)
    if constant_time_compare(attesa, conferma["impronta"]):
        return conferma["email"]
    errori = conferma["errori"] + 1
    if errori >= MASSIMO_ERRORI:
        raise CodiceRifiutato(
            _(
                "Hai sbagliato il codice troppe volte: per sicurezza l'accesso è stato "
                "annullato. Ricomincia con la tua identità digitale."
            ),
            code="troppi_errori",
            in_sospeso=None,
        )
    rimasti = MASSIMO_ERRORI - errori
    raise CodiceRifiutato(
        ngettext(
            "Il codice non è corretto: ti resta %(rimasti)d tentativo.",
            "Il codice non è corretto: ti restano %(rimasti)d tentativi.",
            rimasti,
        )
        % {"rimasti": rimasti},
        code="sbagliato",
        in_sospeso={**in_sospeso, CONFERMA: {**conferma, "errori": errori}},
    )
