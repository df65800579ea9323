"""Validation of meetings, members and requests: clear messages, nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from quartieri.forms.partecipazione import RiunioneForm
from quartieri.models import Membro, Richiesta, Riunione
from quartieri.services import partecipazione as servizi
from tests.quartieri.partecipazione_dati import (
    OGGI,
    crea_membro,
    crea_organismo,
    crea_richiesta,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organismo(community_manager):
    organismo = crea_organismo(nome="Consulta H")
    crea_membro(organismo, ruolo=Membro.Ruolo.COORDINATORE, utente=community_manager)
    return organismo


def _dati_riunione(**campi) -> dict:
    dati = {"inizio": "2026-03-20T20:45", "fine": "2026-03-20T22:45"}
    dati.update(campi)
    return dati


def test_riunione_che_finisce_prima_di_iniziare_ha_un_messaggio_chiaro(organismo):
    form = RiunioneForm(_dati_riunione(fine="2026-03-20T19:00"), organismo=organismo)
    assert not form.is_valid()
    assert "finire dopo l'inizio" in form.errors["fine"][0]
    assert not Riunione.objects.exists()


def test_verbale_che_non_e_un_pdf_e_rifiutato(organismo):
    falso = SimpleUploadedFile("verbale.pdf", b"non sono un pdf", content_type="application/pdf")
    form = RiunioneForm(_dati_riunione(), {"verbale_pdf": falso}, organismo=organismo)
    assert not form.is_valid()
    assert "non è un PDF valido" in form.errors["verbale_pdf"][0]
    assert not Riunione.objects.exists()


def test_verbale_pdf_vero_e_accettato(organismo, community_manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("verbale.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    form = RiunioneForm(_dati_riunione(), {"verbale_pdf": pdf}, organismo=organismo)
    assert form.is_valid(), form.errors
    riunione = servizi.salva_riunione(
        riunione=form.save(commit=False), presenti=[], utente=community_manager
    )
    assert riunione.verbale_pdf.name.endswith(".pdf")


def test_presenti_di_un_altro_organismo_sono_rifiutati(organismo, community_manager):
    estraneo = crea_membro(crea_organismo(), utente=community_manager)
    inizio = timezone.now()
    riunione = Riunione(organismo=organismo, inizio=inizio, fine=inizio + dt.timedelta(hours=1))
    with pytest.raises(ValidationError, match="non fa parte"):
        servizi.salva_riunione(riunione=riunione, presenti=[estraneo], utente=community_manager)
    assert not Riunione.objects.exists()


def test_un_membro_e_una_persona_o_un_ente():
    membro = Membro(organismo=crea_organismo(), ruolo="eletto", dal=OGGI)
    with pytest.raises(ValidationError) as errore:
        membro.full_clean()
    assert "persona o l'ente" in str(errore.value)


def test_fine_incarico_non_precede_l_inizio(cittadino):
    membro = Membro(
        organismo=crea_organismo(),
        ruolo="eletto",
        utente=cittadino,
        dal=OGGI,
        al=OGGI - dt.timedelta(1),
    )
    with pytest.raises(ValidationError, match="fine dell'incarico"):
        membro.full_clean()


def test_rispondere_a_una_richiesta_chiusa_e_un_errore_e_non_scrive_nulla(staff):
    richiesta = crea_richiesta(crea_organismo(), staff, stato=Richiesta.Stato.CHIUSA)
    with pytest.raises(ValidationError, match="chiusa"):
        servizi.rispondi(richiesta=richiesta, testo="Ecco la risposta", utente=staff)
    richiesta.refresh_from_db()
    assert richiesta.risposta == ""
    assert richiesta.risposta_il is None
    assert richiesta.stato == Richiesta.Stato.CHIUSA


def test_la_risposta_registra_data_e_stato(tutor):
    richiesta = crea_richiesta(crea_organismo(), tutor)
    servizi.rispondi(richiesta=richiesta, testo="Fatto.", utente=tutor, oggi=OGGI)
    richiesta.refresh_from_db()
    assert (richiesta.stato, richiesta.risposta, richiesta.risposta_il) == (
        Richiesta.Stato.RISPOSTA,
        "Fatto.",
        OGGI,
    )


def test_la_scadenza_segue_la_data_di_invio_e_l_impostazione(settings, community_manager):
    settings.RICHIESTE_GIORNI_RISPOSTA = 30
    organismo = crea_organismo()
    crea_membro(organismo, ruolo=Membro.Ruolo.COORDINATORE, utente=community_manager)
    richiesta = crea_richiesta(organismo, community_manager)
    richiesta.inviata_il = OGGI
    servizi.registra_richiesta(richiesta=richiesta, utente=community_manager)
    assert richiesta.scadenza == OGGI + dt.timedelta(days=30)


def test_l_ufficio_deve_essere_un_ufficio_del_comune(staff):
    from tests.factories import crea_ente

    richiesta = crea_richiesta(crea_organismo(), staff)
    richiesta.ufficio = crea_ente()
    with pytest.raises(ValidationError, match="ufficio del Comune"):
        servizi.registra_richiesta(richiesta=richiesta, utente=staff)


@time_machine.travel(dt.datetime(2026, 3, 9, 10, tzinfo=dt.UTC), tick=False)
def test_scadute_e_tempi_calcolati_nel_database(staff):
    organismo = crea_organismo()
    scaduta = crea_richiesta(organismo, staff, inviata_il=OGGI - dt.timedelta(days=70))
    risposta = crea_richiesta(
        organismo,
        staff,
        inviata_il=OGGI - dt.timedelta(days=70),
        stato=Richiesta.Stato.RISPOSTA,
        risposta="Sì",
        risposta_il=OGGI - dt.timedelta(days=45),
    )
    crea_richiesta(organismo, staff, inviata_il=OGGI - dt.timedelta(days=5))
    assert list(Richiesta.objects.scadute(OGGI)) == [scaduta]
    righe = {r.pk: r for r in Richiesta.objects.con_tempi(OGGI)}
    assert righe[scaduta.pk].scaduta is True
    assert righe[scaduta.pk].ritardo.days == 10
    assert righe[risposta.pk].scaduta is False
    assert righe[risposta.pk].tempo_risposta.days == 25
