"""Form widgets of the public filters."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils import translation
from django.utils.choices import CallableChoiceIterator
from django.utils.safestring import SafeString, mark_safe
from markupsafe import escape

from portal import versioni
from quartieri.versioni import SCELTE_DEI_FILTRI

# The markup of Django's Jinja2 widget templates, which the form renderer uses
# (portal/renderer.py): escaped as Jinja2 escapes, by markupsafe.


def _attributi(attrs: dict[str, Any]) -> str:
    """Django's attrs.html: False drops an attribute, True leaves it bare."""
    return "".join(
        f" {escape(nome)}" if valore is True else f' {escape(nome)}="{escape(valore)}"'
        for nome, valore in attrs.items()
        if valore is not False
    )


def _inizio_opzione(valore: Any) -> str:
    return f'\n  <option value="{escape(valore)}">'


def _opzione(valore: Any, etichetta: Any) -> str:
    return f"{_inizio_opzione(valore)}{escape(etichetta)}</option>"


# The version changes with the data; the expiry frees unused entries and bounds what a
# write missed by the cache (Redis down at that moment) can leave stale.
SECONDI_CACHE_SCELTE = 60 * 60


class SelectRapida(forms.Select):
    """A single select whose markup is Django's own, built in Python.

    Django renders every <option> through an included template, after building
    a dict per option: with a thousand places that is most of a filter page's
    time. The choices, the selection rule (the first matching value only) and
    the attributes (aria ones of an invalid field included) stay Django's.

    The options of a list read from the database are built once and kept in the
    cache until one of the models of `SCELTE_DEI_FILTRI` is written; each page
    then only marks its selected option. A widget that `FiltriPubblici` names
    (`firma`) is known by its declaration: its options are found in the cache
    without compiling its query's SQL, and a fixed list's options are built once
    per process and language.
    """

    # "module.FilterSet.field", set by FiltriPubblici; None: known by its query's SQL.
    firma: str | None = None

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        attributi = self.build_attrs(self.attrs, attrs)
        opzioni = _seleziona(self._opzioni(), self.format_value(value))
        # Every value is escaped, here and in _opzione.
        return mark_safe(  # noqa: S308
            f'<select name="{escape(name)}"{_attributi(attributi)}>{opzioni}\n</select>'
        )

    def _opzioni(self) -> str:
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:
            return self._opzioni_fisse()
        if not versioni.seguito(SCELTE_DEI_FILTRI, queryset.model):
            return _opzioni_html(self.choices)
        # The declaration, or else the SQL, names the rows and columns read; the labels
        # of the empty and null choices are in the active language.
        campo = self.choices.field
        firma = "\n".join(
            [self.firma or str(queryset.query), str(campo.to_field_name), str(campo.empty_label)]
            + [str(getattr(campo, "null_label", None)), translation.get_language() or ""]
        )
        return versioni.in_cache(
            SCELTE_DEI_FILTRI, firma, lambda: _opzioni_html(self.choices), SECONDI_CACHE_SCELTE
        )

    def _opzioni_fisse(self) -> str:
        # Choices computed on each use (a callable) may change: built every time.
        scelte = getattr(self.choices, "choices", self.choices)  # inside django-filter's iterator
        if self.firma is None or callable(scelte) or isinstance(scelte, CallableChoiceIterator):
            return _opzioni_html(self.choices)
        chiave = (self.firma, translation.get_language() or "")
        if chiave not in _OPZIONI_FISSE:
            _OPZIONI_FISSE[chiave] = _opzioni_html(self.choices)
        return _OPZIONI_FISSE[chiave]


# The options of the fixed lists, by declaration and language: as many as the filters
# declared, built once per process.
_OPZIONI_FISSE: dict[tuple[str, str], str] = {}


class FiltriPubblici(django_filters.FilterSet):
    """A FilterSet whose SelectRapida widgets are known by their declaration.

    The options of each field must depend only on the code and on the models of
    `SCELTE_DEI_FILTRI`, never on the request: the name of the FilterSet and of
    the field is then what tells two lists apart.
    """

    def get_form_class(self):
        for nome, filtro in self.filters.items():
            widget = filtro.field.widget
            if isinstance(widget, SelectRapida):
                widget.firma = f"{type(self).__module__}.{type(self).__qualname__}.{nome}"
        return super().get_form_class()


def _opzioni_html(scelte: Any) -> str:
    """Every option, none selected."""
    parti = []
    for valore, etichetta in scelte:
        if valore is None:
            valore = ""
        gruppo = isinstance(etichetta, (list, tuple))
        if gruppo and valore:
            parti.append(f'\n  <optgroup label="{escape(valore)}">')
        for sottovalore, sottoetichetta in etichetta if gruppo else [(valore, etichetta)]:
            parti.append(_opzione(sottovalore, sottoetichetta))
        if gruppo and valore:
            parti.append("\n  </optgroup>")
    return "".join(parti)


def _seleziona(opzioni: str, valori: list[str]) -> str:
    """Mark as selected the first option whose value is among `valori`, as Django does."""
    posizioni = [
        posizione for valore in valori if (posizione := opzioni.find(_inizio_opzione(valore))) >= 0
    ]
    if not posizioni:
        return opzioni
    fine_valore = opzioni.index(">", min(posizioni))
    return f"{opzioni[:fine_valore]} selected{opzioni[fine_valore:]}"
