"""Plural forms of quantities that are not whole numbers (hours: "1 ora", "1,5 ore")."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def per_plurale(valore: Decimal | float | int | None) -> int:
    """The integer to give ngettext/blocktranslate count for `valore`.

    gettext's plural rules take integers: Italian reads one unit in the
    singular and any fraction in the plural ("1 ora", "0,5 ore", "1,5 ore"),
    so a fractional value counts as 2 whatever its size.
    """
    if valore is None:
        return 0
    return int(valore) if valore == int(valore) else 2
