from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.contenuti import tipi_contenuto
from portal.models import ValutazionePagina


def id_inviato(valore: str) -> int | None:
    """A posted id as a number, None if it is not one. ASCII digits only: str.isdigit()
    also takes "²", which int() refuses."""
    return int(valore) if valore.isascii() and valore.isdigit() else None


def classe_bootstrap_italia(widget: forms.Widget) -> str:
    """The Bootstrap Italia class a widget of this kind needs ("" for none)."""
    # Checkboxes and radio buttons stay native: Bootstrap Italia's styled ones move
    # the real input off screen, and its keyboard focus ring then needs JavaScript.
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
        return ""
    if isinstance(widget, forms.Select):
        return "form-select"
    if isinstance(widget, forms.ClearableFileInput):
        return "form-control portal-file"
    return "form-control"


class ValutazionePaginaForm(forms.ModelForm):
    class Meta:
        model = ValutazionePagina
        fields = ["pagina", "valutazione", "commento"]

    def clean_pagina(self) -> str:
        pagina = self.cleaned_data["pagina"]
        # Only paths of this site are recorded, never a full URL from elsewhere.
        if not pagina.startswith("/") or pagina.startswith("//"):
            raise forms.ValidationError("Pagina non valida.")
        return pagina


class CercaForm(forms.Form):
    """The site search: words, and optionally one kind of content to see whole."""

    q = forms.CharField(
        label=_("Cerca nel sito"),
        max_length=100,
        required=False,
        widget=forms.SearchInput(attrs={"class": "form-control"}),
    )
    tipo = forms.ChoiceField(
        label=_("Tipo di contenuto"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tipo"].choices = [("", _("Tutti"))] + [
            (tipo.chiave, tipo.titolo) for tipo in tipi_contenuto()
        ]
