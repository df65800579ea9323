"""Template filters for hours: "2,5" rather than "2,50", in the active language's format."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def ore(valore: Decimal | None) -> str:
    """Hours with only the decimals they need (2 → "2", 2.50 → "2,5", 1.25 → "1,25")."""
    valore = Decimal(valore or 0)
    if valore == valore.to_integral_value():
        valore = valore.quantize(Decimal(1))
    else:
        valore = valore.normalize()
    return formats.number_format(valore, use_l10n=True)
