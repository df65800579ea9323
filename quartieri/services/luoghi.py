"""Writes that enforce the rules of places, opening hours and services.

Every function is atomic: when a rule is broken it raises ValidationError
(with Italian messages, keyed by field where one is to blame) and nothing is
written. Views pass the error back to the form that collected the input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import BaseModelFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from quartieri.models import FasciaOraria, Luogo, Servizio
from quartieri.models.luoghi import GIORNI_CON_ARTICOLO

if TYPE_CHECKING:
    from portal.models import Argomento, User

# What a community manager may change on their place's page. Name, slug, kind,
# neighbourhood, coordinates, gestore, convention dates and the published flag
# belong to the council's registry and are edited by staff in the admin.
FATTI_ACCESSIBILITA = (
    "ingresso_senza_gradini",
    "bagno_accessibile",
    "anello_induttivo",
    "parcheggio_disabili",
)
CAMPI_CONTENUTI_LUOGO = (
    "descrizione",
    "foto",
    "foto_descrizione",
    "telefono",
    "email",
    "sito",
    "tessera",
    *FATTI_ACCESSIBILITA,
    "note_accessibilita",
    "argomenti",
)


def _verifica_gestibile(luogo: Luogo, utente: User) -> None:
    if not luogo.gestibile_da(utente):
        raise PermissionDenied(_("Non gestisci questo luogo."))


def controlla_sovrapposizioni(fasce: Iterable[tuple[int, dt.time, dt.time]]) -> None:
    """Refuse weekly slots that overlap on the same day (touching ones are fine)."""
    per_giorno: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for giorno, apre, chiude in fasce:
        per_giorno.setdefault(giorno, []).append((apre, chiude))
    nomi = dict(GIORNI_CON_ARTICOLO)
    errori = []
    for giorno in sorted(per_giorno):
        ordinate = sorted(per_giorno[giorno])
        for (apre_a, chiude_a), (apre_b, chiude_b) in zip(ordinate, ordinate[1:], strict=False):
            if apre_b < chiude_a:
                errori.append(
                    _(
                        "%(giorno)s la fascia %(a1)s–%(c1)s si sovrappone a quella "
                        "%(a2)s–%(c2)s: unisci le due fasce o correggi gli orari."
                    )
                    % {
                        "giorno": capfirst(str(nomi[giorno])),
                        "a1": f"{apre_a:%H:%M}",
                        "c1": f"{chiude_a:%H:%M}",
                        "a2": f"{apre_b:%H:%M}",
                        "c2": f"{chiude_b:%H:%M}",
                    }
                )
    if errori:
        raise ValidationError(errori)


def controlla_costo(*, gratuito: bool, costo: str) -> None:
    """A service that is not free must say what it costs."""
    if not gratuito and not costo.strip():
        raise ValidationError(
            {"costo": _("Un servizio a pagamento deve indicare il costo (per esempio «5 euro»).")}
        )


def _salva_formset(formset: BaseModelFormSet) -> list:
    """Write a validated formset row by row, each through full_clean()."""
    if not formset.is_valid():
        raise ValidationError(_("Correggi gli errori indicati nel modulo."))
    istanze = formset.save(commit=False)
    for eliminata in formset.deleted_objects:
        eliminata.delete()
    for istanza in istanze:
        istanza.full_clean()
        istanza.save()
    return istanze


@transaction.atomic
def aggiorna_luogo(*, luogo: Luogo, dati: Mapping[str, Any], utente: User) -> Luogo:
    """Update the page content of a place (description, photo, contacts, accessibility)."""
    _verifica_gestibile(luogo, utente)
    estranei = set(dati) - set(CAMPI_CONTENUTI_LUOGO)
    if estranei:
        raise PermissionDenied(
            _("Questi dati sono gestiti dal Comune: %(campi)s.") % {"campi": ", ".join(estranei)}
        )
    for nome, valore in dati.items():
        # save_form_data understands a cleared file (False) as well as plain values.
        Luogo._meta.get_field(nome).save_form_data(luogo, valore)
    if luogo.foto and not luogo.foto_descrizione.strip():
        raise ValidationError(
            {"foto_descrizione": _("Descrivi la foto per chi non può vederla (testo alternativo).")}
        )
    luogo.full_clean()
    luogo.save()
    return luogo


@transaction.atomic
def aggiorna_posizione(*, luogo: Luogo, lat: float, lon: float, utente: User) -> Luogo:
    """Set the point of a place's entrance: no longer the neighbourhood's approximate centre."""
    _verifica_gestibile(luogo, utente)
    luogo.lat = lat
    luogo.lon = lon
    # Whoever types or picks the point knows the building: maps and directions may trust it.
    luogo.coordinate_esatte = True
    luogo.full_clean()
    luogo.save(update_fields=["lat", "lon", "coordinate_esatte", "updated_at"])
    return luogo


@transaction.atomic
def salva_orari(*, luogo: Luogo, formset: BaseModelFormSet, utente: User) -> Luogo:
    """Save the weekly opening slots of a place; overlapping slots are refused."""
    _verifica_gestibile(luogo, utente)
    _salva_formset(formset)
    # Checked on the rows as stored, so slots the form did not show count too.
    controlla_sovrapposizioni(
        FasciaOraria.objects.filter(luogo=luogo).values_list("giorno", "apre", "chiude")
    )
    # Hours entered by the place's own manager are real, no longer demo samples.
    if luogo.orari_di_esempio:
        luogo.orari_di_esempio = False
        luogo.save(update_fields=["orari_di_esempio", "updated_at"])
    return luogo


@transaction.atomic
def salva_eccezioni(*, luogo: Luogo, formset: BaseModelFormSet, utente: User) -> Luogo:
    """Save the dated closures and special openings of a place."""
    _verifica_gestibile(luogo, utente)
    _salva_formset(formset)
    return luogo


@transaction.atomic
def salva_servizio(
    *,
    servizio: Servizio,
    fasce: BaseModelFormSet | None = None,
    argomenti: Iterable[Argomento] | None = None,
    utente: User,
) -> Servizio:
    """Create or update a service of a place, its own weekly slots and its topics."""
    _verifica_gestibile(servizio.luogo, utente)
    controlla_costo(gratuito=servizio.gratuito, costo=servizio.costo)
    if servizio.gratuito:
        servizio.costo = ""
    servizio.full_clean()
    servizio.save()
    if argomenti is not None:
        servizio.argomenti.set(argomenti)
    if fasce is not None:
        fasce.instance = servizio
        _salva_formset(fasce)
        controlla_sovrapposizioni(servizio.fasce_orarie.values_list("giorno", "apre", "chiude"))
    return servizio


@transaction.atomic
def elimina_servizio(*, servizio: Servizio, utente: User) -> None:
    """Remove a service the place no longer offers."""
    _verifica_gestibile(servizio.luogo, utente)
    servizio.delete()
