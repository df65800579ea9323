"""Celery tasks of the quartieri app: thin wrappers that load by id and call a service."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from quartieri import schede
from quartieri.services import assistenza as services_assistenza
from quartieri.services import avvisi_attivita
from quartieri.services import partecipazione as services_partecipazione


@shared_task(name="quartieri.invia_conferma_iscrizione")
def invia_conferma_iscrizione(iscrizione_id: int) -> bool:
    """E-mail the confirmation (or waiting-list notice) of a registration."""
    return avvisi_attivita.invia_conferma_iscrizione(iscrizione_id=iscrizione_id)


@shared_task(name="quartieri.invia_promozione_iscrizione")
def invia_promozione_iscrizione(iscrizione_id: int) -> bool:
    """E-mail someone promoted from the waiting list."""
    return avvisi_attivita.invia_promozione_iscrizione(iscrizione_id=iscrizione_id)


@shared_task(name="quartieri.invia_avviso_annullamento")
def invia_avviso_annullamento(iscrizione_id: int, variata_il: str) -> bool:
    """E-mail a registered person that their date was cancelled (the change `variata_il`)."""
    return avvisi_attivita.invia_avviso_annullamento(
        iscrizione_id=iscrizione_id, variata_il=dt.datetime.fromisoformat(variata_il)
    )


@shared_task(name="quartieri.invia_avviso_spostamento")
def invia_avviso_spostamento(
    iscrizione_id: int, variata_il: str, vecchio_inizio: str, vecchio_fine: str
) -> bool:
    """E-mail a registered person that their date was moved, from `vecchio_inizio`."""
    return avvisi_attivita.invia_avviso_spostamento(
        iscrizione_id=iscrizione_id,
        variata_il=dt.datetime.fromisoformat(variata_il),
        vecchio_inizio=dt.datetime.fromisoformat(vecchio_inizio),
        vecchio_fine=dt.datetime.fromisoformat(vecchio_fine),
    )


@shared_task(name="quartieri.invia_promemoria_iscrizioni")
def invia_promemoria_iscrizioni() -> int:
    """Beat, hourly: remind the registered of tomorrow's dates; return how many were sent."""
    da_ricordare = avvisi_attivita.iscrizioni_da_ricordare(adesso=timezone.now())
    return sum(avvisi_attivita.invia_promemoria(iscrizione_id=pk) for pk in da_ricordare)


@shared_task(name="quartieri.recupera_email")
def recupera_email() -> int:
    """Beat, every minute: send again the e-mails whose task the broker did not take."""
    adesso = timezone.now()
    return avvisi_attivita.recupera_avvisi_iscrizioni(
        adesso=adesso
    ) + services_assistenza.recupera_avvisi_segnalazioni(adesso=adesso)


@shared_task(name="quartieri.invia_solleciti_richieste")
def invia_solleciti_richieste() -> int:
    """Beat, Monday morning: e-mail each owner their overdue requests; return how many mails."""
    oggi = timezone.localdate()
    da_sollecitare = services_partecipazione.responsabili_da_sollecitare(oggi=oggi)
    return sum(
        services_partecipazione.invia_sollecito(responsabile_id=pk, oggi=oggi)
        for pk in da_sollecitare
    )


@shared_task(name="quartieri.invia_conferma_segnalazione")
def invia_conferma_segnalazione(segnalazione_id: int) -> bool:
    """E-mail a reporter the reference number of their disservice report."""
    return services_assistenza.invia_conferma_segnalazione(segnalazione_id=segnalazione_id)


@shared_task(name="quartieri.invia_risposta_segnalazione")
def invia_risposta_segnalazione(segnalazione_id: int) -> bool:
    """E-mail a reporter the staff's reply to their disservice report."""
    return services_assistenza.invia_risposta_segnalazione(segnalazione_id=segnalazione_id)


@shared_task(name="quartieri.cancella_dati_personali_segnalazioni")
def cancella_dati_personali_segnalazioni() -> int:
    """Nightly: erase contact and photo of disservice reports past their retention."""
    return services_assistenza.cancella_dati_personali_segnalazioni(adesso=timezone.now())


@shared_task(name="quartieri.prepara_luoghi")
def prepara_luoghi() -> int:
    """Render into the shared cache the places' pages that are missing or stale."""
    return schede.prepara_luoghi()
