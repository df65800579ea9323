"""Form fields of forms the portal does not define (allauth's) in Bootstrap Italia markup."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def bootstrap_italia(campo: BoundField) -> SafeString:
    """The field's widget with Bootstrap Italia's class added to its own."""
    classe = "form-check-input" if campo.widget_type in ("checkbox", "radio") else "form-control"
    proprie = campo.field.widget.attrs.get("class", "")
    return campo.as_widget(attrs={"class": f"{proprie} {classe}".strip()})
