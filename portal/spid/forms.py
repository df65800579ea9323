from __future__ import annotations

from allauth.core import ratelimit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.spid.services import CIFRE_CODICE


class ConfermaPasswordForm(forms.Form):
    """The password of the account an identity is linked to; wrong ones count towards
    allauth's limit on failed sign-ins for that account."""

    password = forms.CharField(
        label=gettext_lazy("Password del tuo account"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "class": "form-control"}
        ),
    )

    def __init__(self, *args, user, request, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        chiave = self.user.email.lower()
        if not ratelimit.consume(self.request, action="login_failed", key=chiave, dry_run=True):
            raise ValidationError(_("Troppi tentativi: riprova tra qualche minuto."))
        if not self.user.check_password(password):
            ratelimit.consume(self.request, action="login_failed", key=chiave)
            raise ValidationError(_("La password non è corretta."))
        return password


class EmailForm(forms.Form):
    """The address of a new account, when the identity provider did not share one."""

    email = forms.EmailField(
        label=gettext_lazy("Il tuo indirizzo e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control"}),
        help_text=gettext_lazy("Ti mandiamo un codice per confermare che è tuo."),
    )


class CodiceConfermaForm(forms.Form):
    """The codice di conferma mailed to the address typed in EmailForm."""

    codice = forms.CharField(
        label=gettext_lazy("Codice di conferma"),
        # Room for the spaces or dashes someone copies along with the digits.
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "form-control",
            }
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set here, in the request's language: a lazy string formatted at import
        # time would be translated once, in the default one.
        self.fields["codice"].help_text = _(
            "Le %(cifre)d cifre del messaggio che ti abbiamo mandato."
        ) % {"cifre": CIFRE_CODICE}

    def clean_codice(self) -> str:
        codice = "".join(self.cleaned_data["codice"].replace("-", "").split())
        if not (codice.isascii() and codice.isdigit() and len(codice) == CIFRE_CODICE):
            raise ValidationError(
                _("Il codice è fatto di %(cifre)d cifre.") % {"cifre": CIFRE_CODICE}
            )
        return codice
