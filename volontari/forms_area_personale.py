"""Forms of the personal area: the certificate's period, the account erasure, a code to verify."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.validators import valida_data_plausibile
from quartieri.forms.luoghi import StileBootstrapMixin

FORMATI_DATA = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]


def _giorno() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CertificatoForm(StileBootstrapMixin, forms.Form):
    """The days the certificate covers: this year by default, never past today."""

    dal = forms.DateField(
        label=_("Dal giorno"),
        widget=_giorno(),
        input_formats=FORMATI_DATA,
        error_messages={"invalid": _("Data non valida: scrivila come 31/12/2025.")},
        validators=[valida_data_plausibile],
    )
    al = forms.DateField(
        label=_("Al giorno"),
        widget=_giorno(),
        input_formats=FORMATI_DATA,
        error_messages={"invalid": _("Data non valida: scrivila come 31/12/2025.")},
        validators=[valida_data_plausibile],
    )

    def __init__(self, *args, oggi: dt.date | None = None, **kwargs) -> None:
        self.oggi = oggi or timezone.localdate()
        kwargs.setdefault("initial", {"dal": self.oggi.replace(month=1, day=1), "al": self.oggi})
        super().__init__(*args, **kwargs)
        self.fields["al"].widget.attrs["max"] = self.oggi.isoformat()
        self.fields["dal"].widget.attrs["max"] = self.oggi.isoformat()

    def clean(self) -> dict:
        dati = super().clean()
        dal, al = dati.get("dal"), dati.get("al")
        if al and al > self.oggi:
            self.add_error("al", _("Il periodo non può finire dopo oggi."))
        if dal and al and al < dal:
            self.add_error("al", _("La data finale non può precedere quella iniziale."))
        return dati


class CancellaAccountForm(StileBootstrapMixin, forms.Form):
    """Erasure is final: the person confirms with their password (or e-mail, if they have none)."""

    conferma = forms.CharField(label=_("La tua password"), strip=False, max_length=200)
    ho_capito = forms.BooleanField(
        label=_("Ho capito che la cancellazione è definitiva e non si può annullare"),
        error_messages={"required": _("Spunta la casella per confermare.")},
    )

    def __init__(self, *args, utente, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.utente = utente
        if utente.has_usable_password():
            self.fields["conferma"].widget = forms.PasswordInput(
                attrs={"autocomplete": "current-password", "class": "form-control"}
            )
        else:
            self.fields["conferma"].label = _("Il tuo indirizzo e-mail")
            self.fields["conferma"].widget = forms.EmailInput(
                attrs={"autocomplete": "email", "class": "form-control"}
            )

    def clean_conferma(self) -> str:
        valore = self.cleaned_data["conferma"]
        if self.utente.has_usable_password():
            if not self.utente.check_password(valore):
                raise forms.ValidationError(_("La password non è corretta."))
        elif valore.strip().lower() != self.utente.email.lower():
            raise forms.ValidationError(_("L'indirizzo e-mail non corrisponde al tuo account."))
        return valore


class VerificaForm(StileBootstrapMixin, forms.Form):
    """A certificate's code, typed or pasted (the whole address is accepted too)."""

    codice = forms.CharField(
        label=_("Codice dell'attestato"),
        max_length=500,
        help_text=_("Lo trovi in fondo all'attestato, sotto il codice QR."),
    )

    def clean_codice(self) -> str:
        codice = self.cleaned_data["codice"].strip()
        # People paste the whole address printed under the QR code.
        if "/verifica/" in codice:
            codice = codice.split("/verifica/", 1)[1]
        codice = codice.strip("/ ")
        if not codice or "/" in codice:
            raise forms.ValidationError(_("Questo non sembra un codice di attestato."))
        return codice
