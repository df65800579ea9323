from __future__ import annotations

from allauth.core import ratelimit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


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
        help_text=gettext_lazy("Ti mandiamo un messaggio per confermarlo."),
    )
