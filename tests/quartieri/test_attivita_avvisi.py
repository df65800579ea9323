"""E-mails to the registered when a date is cancelled or moved: who, what, and only once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from portal.models import User
from quartieri import tasks
from quartieri.models import Iscrizione
from quartieri.services.attivita import annulla_occorrenza, sposta_occorrenza
from tests.factories import crea_attivita

ROMA = ZoneInfo("Europe/Rome")
ADESSO = dt.datetime(2026, 3, 4, 9, 15, tzinfo=ROMA)  # a Wednesday
# Django's Italian catalogue capitalises day and month names, as in every e-mail of the portal.
DOMANI_ALLE_17 = "giovedì 5 marzo 2026, 17:00–19:00"
AVVISO_SULLA_PAGINA = "Le persone iscritte saranno avvisate per e-mail."
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def orologio():
    with time_machine.travel(ADESSO, tick=False) as viaggio:
        yield viaggio


def _iscrivi(occorrenza, utente, stato=Iscrizione.Stato.CONFERMATA) -> Iscrizione:
    return Iscrizione.objects.create(occorrenza=occorrenza, utente=utente, stato=stato)


def _destinatari() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


def _oggetti() -> list[str]:
    """The subjects without the "[site name] " prefix."""
    return [m.subject.split("] ", 1)[1] for m in mail.outbox]


def test_annullare_una_data_avvisa_confermati_e_lista_d_attesa(
    client, casa, community_manager, cittadino, staff, tutor, django_capture_on_commit_callbacks
):
    attivita = crea_attivita(casa, titolo="Tombola", iscrizione_richiesta=True, capienza=1)
    occorrenza = attivita.occorrenze.get()
    _iscrivi(occorrenza, cittadino)
    _iscrivi(occorrenza, staff, Iscrizione.Stato.IN_ATTESA)
    _iscrivi(occorrenza, tutor, Iscrizione.Stato.ANNULLATA)
    _iscrivi(occorrenza, User.objects.create(email=""))
    client.force_login(community_manager)
    url = reverse("gestione:occorrenza_annulla", kwargs={"slug": casa.slug, "pk": occorrenza.pk})

    with django_capture_on_commit_callbacks(execute=True):
        risposta = client.post(url, {"motivo": "Sala allagata"})

    assert risposta.status_code == 302
    assert _destinatari() == sorted([cittadino.email, staff.email])
    messaggio = mail.outbox[0]
    assert _oggetti()[0] == "Data annullata: Tombola"
    assert "è stata annullata" in messaggio.body
    assert f"Quando: {DOMANI_ALLE_17}" in messaggio.body
    assert f"Dove: {casa.nome}, {casa.indirizzo}" in messaggio.body
    assert "Motivo: Sala allagata" in messaggio.body


def test_annullamento_senza_motivo_non_ha_la_riga_del_motivo(
    casa, community_manager, cittadino, django_capture_on_commit_callbacks
):
    occorrenza = crea_attivita(casa, iscrizione_richiesta=True).occorrenze.get()
    _iscrivi(occorrenza, cittadino)
    with django_capture_on_commit_callbacks(execute=True):
        annulla_occorrenza(occorrenza=occorrenza, utente=community_manager)
    assert len(mail.outbox) == 1
    assert "Motivo" not in mail.outbox[0].body


def test_annullare_l_attivita_avvisa_solo_per_le_date_future(
    client, casa, community_manager, cittadino, staff, django_capture_on_commit_callbacks
):
    attivita = crea_attivita(
        casa,
        titolo="Corso di cucito",
        iscrizione_richiesta=True,
        settimanale=True,
        inizio=dt.datetime(2026, 2, 25, 17, 0, tzinfo=ROMA),
        ripeti_fino_al=dt.date(2026, 3, 11),
    )
    passata, oggi, prossima = attivita.occorrenze.order_by("inizio")
    iscrizione_passata = _iscrivi(passata, cittadino)
    _iscrivi(oggi, staff)
    _iscrivi(prossima, cittadino)
    client.force_login(community_manager)
    url = reverse("gestione:attivita_annulla", kwargs={"slug": casa.slug, "pk": attivita.pk})

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"motivo": "Insegnante malata"}).status_code == 302

    per_destinatario = {m.to[0]: m.body for m in mail.outbox}
    assert sorted(per_destinatario) == sorted([cittadino.email, staff.email])
    assert "mercoledì 4 marzo 2026, 17:00–19:00" in per_destinatario[staff.email]
    assert "mercoledì 11 marzo 2026, 17:00–19:00" in per_destinatario[cittadino.email]
    assert "Motivo: Insegnante malata" in per_destinatario[cittadino.email]
    passata.refresh_from_db()
    iscrizione_passata.refresh_from_db()
    assert not passata.annullata
    assert passata.variata_il is None
    assert iscrizione_passata.variazione_comunicata is None


def test_spostare_una_data_dice_il_vecchio_e_il_nuovo_orario(
    client, casa, community_manager, cittadino, tutor, django_capture_on_commit_callbacks
):
    occorrenza = crea_attivita(casa, titolo="Yoga", iscrizione_richiesta=True).occorrenze.get()
    _iscrivi(occorrenza, cittadino)
    _iscrivi(occorrenza, tutor, Iscrizione.Stato.ANNULLATA)
    client.force_login(community_manager)
    url = reverse("gestione:occorrenza_sposta", kwargs={"slug": casa.slug, "pk": occorrenza.pk})

    with django_capture_on_commit_callbacks(execute=True):
        risposta = client.post(url, {"inizio": "2026-03-06T10:00", "fine": "2026-03-06T12:00"})

    assert risposta.status_code == 302
    assert _destinatari() == [cittadino.email]
    messaggio = mail.outbox[0]
    assert _oggetti() == ["Data spostata: Yoga"]
    assert "Quando: venerdì 6 marzo 2026, 10:00–12:00" in messaggio.body
    assert f"Orario precedente: {DOMANI_ALLE_17}" in messaggio.body


def test_data_spostata_due_volte_avvisa_due_volte(
    casa, community_manager, cittadino, orologio, django_capture_on_commit_callbacks
):
    occorrenza = crea_attivita(casa, iscrizione_richiesta=True).occorrenze.get()
    _iscrivi(occorrenza, cittadino)
    with django_capture_on_commit_callbacks(execute=True):
        sposta_occorrenza(
            occorrenza=occorrenza,
            utente=community_manager,
            inizio=dt.datetime(2026, 3, 6, 10, 0, tzinfo=ROMA),
            fine=dt.datetime(2026, 3, 6, 12, 0, tzinfo=ROMA),
        )
    orologio.shift(dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        sposta_occorrenza(
            occorrenza=occorrenza,
            utente=community_manager,
            inizio=dt.datetime(2026, 3, 7, 10, 0, tzinfo=ROMA),
            fine=dt.datetime(2026, 3, 7, 12, 0, tzinfo=ROMA),
        )

    assert len(mail.outbox) == 2
    primo, secondo = (m.body for m in mail.outbox)
    assert "Quando: venerdì 6 marzo 2026, 10:00–12:00" in primo
    assert "Orario precedente: venerdì 6 marzo 2026, 10:00–12:00" in secondo
    assert "Quando: sabato 7 marzo 2026, 10:00–12:00" in secondo


def test_avviso_di_annullamento_eseguito_due_volte_invia_una_sola_email(
    casa, community_manager, cittadino
):
    occorrenza = crea_attivita(casa, iscrizione_richiesta=True).occorrenze.get()
    iscrizione = _iscrivi(occorrenza, cittadino)
    # Outside django_capture_on_commit_callbacks the enqueued tasks never run: run them by hand.
    annulla_occorrenza(occorrenza=occorrenza, utente=community_manager)
    variata_il = occorrenza.variata_il.isoformat()

    assert tasks.invia_avviso_annullamento.delay(iscrizione.pk, variata_il).get() is True
    assert tasks.invia_avviso_annullamento.delay(iscrizione.pk, variata_il).get() is False
    assert len(mail.outbox) == 1
    iscrizione.refresh_from_db()
    assert iscrizione.variazione_comunicata == ADESSO


def test_avviso_di_uno_spostamento_superato_non_parte(casa, community_manager, cittadino, orologio):
    occorrenza = crea_attivita(casa, iscrizione_richiesta=True).occorrenze.get()
    iscrizione = _iscrivi(occorrenza, cittadino)
    vecchio = (occorrenza.inizio.isoformat(), occorrenza.fine.isoformat())
    sposta_occorrenza(
        occorrenza=occorrenza,
        utente=community_manager,
        inizio=dt.datetime(2026, 3, 6, 10, 0, tzinfo=ROMA),
        fine=dt.datetime(2026, 3, 6, 12, 0, tzinfo=ROMA),
    )
    primo_spostamento = occorrenza.variata_il.isoformat()
    orologio.shift(dt.timedelta(hours=1))
    annulla_occorrenza(occorrenza=occorrenza, utente=community_manager)

    # The move's message arrives after the date was cancelled: only the cancellation is news.
    assert not tasks.invia_avviso_spostamento.delay(
        iscrizione.pk, primo_spostamento, *vecchio
    ).get()
    assert tasks.invia_avviso_annullamento.delay(
        iscrizione.pk, occorrenza.variata_il.isoformat()
    ).get()
    assert [o.split(":")[0] for o in _oggetti()] == ["Data annullata"]


def test_annullata_ripristinata_e_riannullata_avvisa_ogni_volta(
    casa, community_manager, cittadino, orologio, django_capture_on_commit_callbacks
):
    occorrenza = crea_attivita(casa, iscrizione_richiesta=True).occorrenze.get()
    _iscrivi(occorrenza, cittadino)
    with django_capture_on_commit_callbacks(execute=True):
        annulla_occorrenza(occorrenza=occorrenza, utente=community_manager)
    orologio.shift(dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        sposta_occorrenza(
            occorrenza=occorrenza,
            utente=community_manager,
            inizio=occorrenza.inizio,
            fine=occorrenza.fine,
        )
    orologio.shift(dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        annulla_occorrenza(occorrenza=occorrenza, utente=community_manager, motivo="Di nuovo")
        # Cancelling a cancelled date again only edits the reason: no new e-mail.
        annulla_occorrenza(occorrenza=occorrenza, utente=community_manager, motivo="Neve")

    assert [o.split(":")[0] for o in _oggetti()] == [
        "Data annullata",
        "Data spostata",
        "Data annullata",
    ]


def test_annullare_una_data_passata_non_avvisa(
    casa, community_manager, cittadino, django_capture_on_commit_callbacks
):
    occorrenza = crea_attivita(
        casa, iscrizione_richiesta=True, inizio=ADESSO - dt.timedelta(days=2)
    ).occorrenze.get()
    _iscrivi(occorrenza, cittadino)
    with django_capture_on_commit_callbacks(execute=True):
        annulla_occorrenza(occorrenza=occorrenza, utente=community_manager)
    assert mail.outbox == []


@pytest.mark.parametrize("pagina", ["occorrenza_annulla", "occorrenza_sposta"])
def test_la_pagina_dice_che_gli_iscritti_saranno_avvisati(client, casa, community_manager, pagina):
    occorrenza = crea_attivita(casa).occorrenze.get()
    client.force_login(community_manager)
    risposta = client.get(
        reverse(f"gestione:{pagina}", kwargs={"slug": casa.slug, "pk": occorrenza.pk})
    )
    assert AVVISO_SULLA_PAGINA in risposta.content.decode()


def test_la_pagina_di_annullamento_dell_attivita_lo_dice(client, casa, community_manager):
    attivita = crea_attivita(casa)
    client.force_login(community_manager)
    url = reverse("gestione:attivita_annulla", kwargs={"slug": casa.slug, "pk": attivita.pk})
    assert AVVISO_SULLA_PAGINA in client.get(url).content.decode()
