"""The data subject's rights: a copy of one's data and erasure (Reg. UE 2016/679, art. 15, 17, 20).

Erasure anonymises rather than deletes: the hours ledger is the basis of the
municipality's figures and of the art. 17 register, so approved hours stay in
the totals, tied to a profile that no longer says whose they were.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from quartieri.models import Iscrizione, Membro
from quartieri.services.attivita import annulla_iscrizione
from volontari.models import Cancellazione, Candidatura, Incarico, OreVolontariato, Volontario

if TYPE_CHECKING:
    from portal.models import User

# RFC 2606: ".invalid" can never be delivered to, so no mail reaches a stranger.
DOMINIO_ANONIMO = "anonimo.invalid"

CAMPI_PROFILO = (
    "nome",
    "cognome",
    "codice_fiscale",
    "data_nascita",
    "luogo_nascita",
    "comune",
    "indirizzo",
    "telefono",
    "idoneita_medica_valida_fino_al",
    "autorizzazione_genitoriale_il",
    "occasionale",
    "created_at",
)


def esporta_dati(*, utente: User) -> dict[str, Any]:
    """Everything the portal holds about `utente`, as JSON-ready data."""
    volontario = (
        Volontario.objects.filter(user=utente, anonimizzato_il__isnull=True)
        .select_related("quartiere")
        .first()
    )
    dati: dict[str, Any] = {
        "account": {
            "email": utente.email,
            "nome": utente.first_name,
            "cognome": utente.last_name,
            "codice_fiscale_da_spid_o_cie": utente.codice_fiscale,
            "iscritto_il": utente.date_joined,
            "ultimo_accesso": utente.last_login,
        },
        "indirizzi_email": list(
            EmailAddress.objects.filter(user=utente).values("email", "verified", "primary")
        ),
        "profilo_volontario": None,
        "consensi": None,
        "candidature": [],
        "incarichi": [],
        "ore_di_volontariato": [],
        "iscrizioni_alle_attivita": list(
            Iscrizione.objects.filter(utente=utente)
            .order_by("created_at", "pk")
            .values(
                "stato",
                "persone",
                "created_at",
                "annullata_il",
                attivita=F("occorrenza__attivita__titolo"),
                inizio=F("occorrenza__inizio"),
            )
        ),
        "partecipazione_agli_organismi": list(
            Membro.objects.filter(utente=utente)
            .order_by("dal", "pk")
            .values("ruolo", "dal", "al", "nome_pubblico", organismo_nome=F("organismo__nome"))
        ),
        # The page-rating widget stores no user: nothing to export.
        "valutazioni_delle_pagine": [],
    }
    if volontario is None:
        return dati
    dati["profilo_volontario"] = {
        **{campo: getattr(volontario, campo) for campo in CAMPI_PROFILO},
        "quartiere": volontario.quartiere.nome if volontario.quartiere else None,
    }
    dati["consensi"] = {
        "informativa_privacy": volontario.consenso_privacy,
        "informativa_privacy_accettata_il": volontario.consenso_privacy_il,
        "foto_e_riprese": volontario.consenso_foto,
    }
    dati["candidature"] = list(
        volontario.candidature.order_by("created_at", "pk").values(
            "stato",
            "messaggio",
            "risposta",
            "created_at",
            "decisa_il",
            opportunita_titolo=F("opportunita__titolo"),
        )
    )
    dati["incarichi"] = list(
        volontario.incarichi.order_by("data_inizio", "pk").values(
            "data_inizio", "data_fine", opportunita_titolo=F("opportunita__titolo")
        )
    )
    dati["ore_di_volontariato"] = list(
        OreVolontariato.objects.filter(incarico__volontario=volontario)
        .order_by("data", "pk")
        .values(
            "id",
            "data",
            "ore",
            "attivita_svolta",
            "stato",
            "motivo_rifiuto",
            "corregge",
            "motivo_correzione",
            "created_at",
            "approvata_il",
            opportunita_titolo=F("incarico__opportunita__titolo"),
        )
        .iterator(chunk_size=2000)
    )
    return dati


@transaction.atomic
def cancella_account(
    *, utente: User, eseguita_da: User | None = None, adesso: dt.datetime | None = None
) -> Cancellazione:
    """Erase `utente`'s personal data; their approved hours stay in the totals, anonymous.

    `eseguita_da` is who acts: the person themselves unless given (a member of staff).
    """
    adesso = adesso or timezone.now()
    oggi = timezone.localdate(adesso)
    utente = get_user_model().objects.select_for_update().get(pk=utente.pk)
    volontario = Volontario.objects.select_for_update().filter(user=utente).first()
    ore_ritirate = 0
    if volontario is not None:
        ore_ritirate = _ritira_ore(volontario, utente)
        _anonimizza_volontario(volontario, adesso=adesso, oggi=oggi)
    # Future registrations free their seats for the waiting list; past ones stay,
    # tied to the anonymous account, so that attendance figures do not change.
    for iscrizione in Iscrizione.objects.attive().filter(
        utente=utente, occorrenza__inizio__gt=adesso
    ):
        annulla_iscrizione(iscrizione=iscrizione, utente=utente)
    EmailAddress.objects.filter(user=utente).delete()
    Authenticator.objects.filter(user=utente).delete()
    utente.opportunita_seguite.clear()
    utente.luoghi_gestiti.clear()
    utente.groups.clear()
    utente.user_permissions.clear()
    utente.email = f"cancellato-{uuid.uuid4().hex}@{DOMINIO_ANONIMO}"
    utente.first_name = ""
    utente.last_name = ""
    # Frees the identity too: signing in again with SPID/CIE starts a new account.
    utente.codice_fiscale = None
    utente.is_active = False
    utente.is_staff = False
    utente.is_superuser = False
    utente.last_login = None
    utente.set_unusable_password()
    utente.full_clean()
    utente.save()
    cancellazione, _creata = Cancellazione.objects.update_or_create(
        account=utente,
        defaults={
            "eseguita_da_id": eseguita_da.pk if eseguita_da else utente.pk,
            "eseguita_il": adesso,
            "ore_ritirate": ore_ritirate,
        },
    )
    return cancellazione


def _ritira_ore(volontario: Volontario, utente: User) -> int:
    """Take the pending entries out of the tutors' queue and replace the free text the
    person wrote in the others; approved hours keep counting. Returns how many went."""
    ore = OreVolontariato.objects.filter(incarico__volontario=volontario)
    # Pending entries never counted; corrections are made only of approved entries, so
    # none of these is PROTECTed by another.
    ritirate, _per_modello = ore.in_attesa().delete()
    # The texts cannot be empty (a correction must say why): a neutral placeholder.
    rimosso = _("Testo rimosso con la cancellazione dell'account.")
    scritte = ore.filter(inserita_da=utente)
    scritte.update(attivita_svolta=rimosso)
    scritte.exclude(motivo_correzione="").update(motivo_correzione=rimosso)
    return ritirate


def _anonimizza_volontario(volontario: Volontario, *, adesso: dt.datetime, oggi: dt.date) -> None:
    # Applications carry free text written by the person and their tutor; the
    # enrolment they became keeps its dates (Incarico.candidatura is SET_NULL).
    Candidatura.objects.filter(volontario=volontario).delete()
    # The register records when activity ended (D.Lgs. 117/2017, art. 17).
    for incarico in Incarico.objects.filter(volontario=volontario, data_fine__isnull=True):
        incarico.data_fine = max(oggi, incarico.data_inizio)
        incarico.full_clean()
        incarico.save(update_fields=["data_fine"])
    volontario.nome = volontario.cognome = volontario.codice_fiscale = ""
    volontario.luogo_nascita = volontario.comune = volontario.indirizzo = ""
    volontario.telefono = ""
    volontario.data_nascita = None
    volontario.idoneita_medica_valida_fino_al = None
    volontario.autorizzazione_genitoriale_il = None
    volontario.quartiere = None
    volontario.user = None
    volontario.consenso_privacy = False
    volontario.consenso_privacy_il = None
    volontario.consenso_foto = False
    volontario.anonimizzato_il = adesso
    volontario.full_clean()
    volontario.save()
