"""The news form of the management area: the place comes from the URL."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartieri.forms.luoghi import StileBootstrapMixin
from quartieri.models import Novita


class NovitaForm(StileBootstrapMixin, forms.ModelForm):
    class Meta:
        model = Novita
        fields = ["tipo", "titolo", "sommario", "testo", "data_pubblicazione", "argomenti"]
        widgets = {
            "testo": forms.Textarea(attrs={"rows": 10}),
            "data_pubblicazione": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "argomenti": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "tipo": _(
                "Avviso: un'informazione pratica e urgente (una chiusura, una scadenza). "
                "Comunicato: una comunicazione ufficiale. Notizia: il racconto di "
                "un'iniziativa o di un evento."
            ),
        }
