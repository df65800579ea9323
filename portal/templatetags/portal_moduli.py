"""Form fields of forms the portal does not define (allauth's) in Bootstrap Italia markup."""

from __future__ import annotations

import copy

from django import template
from django.forms import BoundField

from portal.forms import classe_bootstrap_italia

register = template.Library()


@register.filter
def bootstrap_italia(campo: BoundField) -> BoundField:
    """The field with the class our own forms give its widget (StileBootstrapMixin).

    A copy: the form's own field is left as it is. For includes/campo.html.
    """
    classe = classe_bootstrap_italia(campo.field.widget)
    if not classe:
        return campo
    field = copy.copy(campo.field)
    field.widget = copy.copy(field.widget)
    proprie = field.widget.attrs.get("class", "")
    field.widget.attrs = {**field.widget.attrs, "class": f"{proprie} {classe}".strip()}
    return BoundField(campo.form, field, campo.name)
