"""Form widgets of the public filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attributi(attrs: dict[str, Any]) -> str:
    """Django's attrs.html: False drops an attribute, True leaves it bare."""
    return "".join(
        f" {conditional_escape(nome)}"
        if valore is True
        else f' {conditional_escape(nome)}="{conditional_escape(valore)}"'
        for nome, valore in attrs.items()
        if valore is not False
    )


def _opzione(valore: Any, etichetta: Any, selezionata: bool) -> str:
    # Django's option template ends with a newline, kept so the markup stays byte for byte the same.
    scelta = " selected" if selezionata else ""
    return (
        f'\n  <option value="{conditional_escape(valore)}"{scelta}>'
        f"{conditional_escape(etichetta)}</option>\n"
    )


class SelectRapida(forms.Select):
    """A single select whose markup is Django's own, built in Python.

    Django renders every <option> through an included template, after building
    a dict per option: with a thousand places that is most of a filter page's
    time. The choices, the selection rule (the first matching value only) and
    the attributes (aria ones of an invalid field included) stay Django's.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        valori = self.format_value(value)
        attributi = self.build_attrs(self.attrs, attrs)
        parti = [f'<select name="{conditional_escape(name)}"{_attributi(attributi)}>']
        gia_scelta = False
        for valore, etichetta in self.choices:
            if valore is None:
                valore = ""
            gruppo = isinstance(etichetta, (list, tuple))
            if gruppo and valore:
                parti.append(f'\n  <optgroup label="{conditional_escape(valore)}">')
            for sottovalore, sottoetichetta in etichetta if gruppo else [(valore, etichetta)]:
                selezionata = not gia_scelta and str(sottovalore) in valori
                gia_scelta |= selezionata
                parti.append(_opzione(sottovalore, sottoetichetta, selezionata))
            if gruppo and valore:
                parti.append("\n  </optgroup>")
        parti.append("\n</select>")
        return mark_safe("".join(parti))  # noqa: S308 - every value escaped above
