"""Accounts from SPID and CIE identities: found by codice fiscale, created, or linked."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import User
from portal.validators import valida_codice_fiscale_persona

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
def account_da_identita(*, identita: Identita, email_verificata: bool = True) -> User | None:
    """The account keyed on the identity's codice fiscale, created when it is new;
    None when an account with the same e-mail exists and its owner must confirm the link.

    `email_verificata` is False when the person typed the address rather than their
    identity provider vouching for it: allauth then sends the confirmation mail."""
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
    # An address from the identity provider was checked when it issued the identity.
    EmailAddress.objects.create(
        user=user, email=user.email, verified=email_verificata, primary=True
    )
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
