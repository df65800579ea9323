"""Services: progress updates and the registry of organisations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accordi.forms import RichiestaIscrizioneForm
from accordi.models import AggiornamentoProgetto, IscrizioneRegistro, StatoAccordo, ValoreIndicatore
from accordi.services import (
    approva_iscrizione,
    registra_aggiornamento,
    respingi_iscrizione,
    richiedi_iscrizione,
)
from quartieri.models import Ente
from tests.factories import (
    codice_fiscale_ente,
    crea_accordo,
    crea_comune,
    crea_indicatore,
    crea_progetto,
)

pytestmark = pytest.mark.django_db


def _aggiorna(progetto, utente, **campi):
    valori = {
        "progetto": progetto,
        "utente": utente,
        "data": dt.date(2025, 5, 1),
        "testo": "Aperto il portierato.",
        "ore_collaborazione": Decimal("12.5"),
        "abitanti_raggiunti": 40,
    }
    valori.update(campi)
    return registra_aggiornamento(**valori)


def test_un_aggiornamento_registra_autore_e_valori_degli_indicatori(staff):
    progetto = crea_progetto()
    richieste = crea_indicatore(progetto, nome="Richieste accolte")
    volontari = crea_indicatore(progetto, nome="Volontari")
    aggiornamento = _aggiorna(progetto, staff, valori={richieste: Decimal(85), volontari: None})
    assert aggiornamento.autore == staff
    assert [(v.indicatore, v.valore) for v in aggiornamento.valori.all()] == [(richieste, 85)]


@pytest.mark.parametrize(
    "stato", [StatoAccordo.PROPOSTA_CONDIVISA, StatoAccordo.CHIUSO, StatoAccordo.RITIRATO]
)
def test_fuori_dall_attuazione_non_si_aggiorna(staff, stato):
    progetto = crea_progetto(crea_accordo(stato=stato))
    with pytest.raises(ValidationError, match="solo per gli accordi firmati"):
        _aggiorna(progetto, staff)
    assert not AggiornamentoProgetto.objects.exists()


def test_ore_negative_sono_rifiutate_senza_scrivere(staff):
    progetto = crea_progetto()
    with pytest.raises(ValidationError) as errore:
        _aggiorna(progetto, staff, ore_collaborazione=Decimal(-1))
    assert "ore_collaborazione" in errore.value.message_dict
    assert not AggiornamentoProgetto.objects.exists()


def test_l_indicatore_di_un_altro_progetto_annulla_tutto(staff):
    progetto, altro = crea_progetto(), crea_progetto()
    estraneo = crea_indicatore(altro)
    with pytest.raises(ValidationError, match="altro progetto"):
        _aggiorna(progetto, staff, valori={estraneo: Decimal(3)})
    assert not AggiornamentoProgetto.objects.exists()
    assert not ValoreIndicatore.objects.exists()


def test_chi_non_puo_aggiornare_riceve_permission_denied(cittadino):
    with pytest.raises(PermissionDenied):
        _aggiorna(crea_progetto(), cittadino)
    assert not AggiornamentoProgetto.objects.exists()


def _richiesta(**campi):
    valori = {
        "comune": crea_comune(),
        "nome": "Galline Volanti APS",
        "forma_giuridica": Ente.FormaGiuridica.APS,
        "codice_fiscale": codice_fiscale_ente(90_500_001),
        "email_contatto": "info@galline.example.org",
    }
    valori.update(campi)
    return richiedi_iscrizione(**valori)


def test_una_richiesta_crea_l_ente_in_attesa_fuori_dal_registro():
    iscrizione = _richiesta()
    assert iscrizione.stato == IscrizioneRegistro.Stato.IN_ATTESA
    assert iscrizione.ente.slug == "galline-volanti-aps"
    assert _richiesta(codice_fiscale="", nome="Galline Volanti APS").ente.slug == (
        "galline-volanti-aps-2"
    )


def test_un_codice_fiscale_sbagliato_non_scrive_nulla():
    with pytest.raises(ValidationError) as errore:
        _richiesta(codice_fiscale="12345678901")
    assert "cifra di controllo" in " ".join(errore.value.message_dict["codice_fiscale"])
    assert not Ente.objects.exists()
    assert not IscrizioneRegistro.objects.exists()


def test_il_modulo_di_richiesta_segnala_codice_fiscale_e_doppioni():
    comune = crea_comune()
    dati = {
        "comune": comune.pk,
        "nome": "Cinqueminuti APS",
        "forma_giuridica": "aps",
        "codice_fiscale": "12345678901",
        "email_contatto": "a@example.org",
        "email": "info@cinqueminuti.example.org",
        "contatti_pubblici": "on",
        "privacy": "on",
    }
    form = RichiestaIscrizioneForm(data=dati)
    assert not form.is_valid()
    assert "cifra di controllo" in form.errors["codice_fiscale"][0]
    _richiesta(codice_fiscale=codice_fiscale_ente(90_500_002))
    form = RichiestaIscrizioneForm(data={**dati, "codice_fiscale": codice_fiscale_ente(90_500_002)})
    assert not form.is_valid()
    assert "già registrato" in form.errors["codice_fiscale"][0]
    form = RichiestaIscrizioneForm(data={**dati, "codice_fiscale": codice_fiscale_ente(90_500_003)})
    assert form.is_valid(), form.errors
    iscrizione = richiedi_iscrizione(**form.dati_servizio())
    assert iscrizione.email_contatto == "a@example.org"
    assert (iscrizione.ente.email, iscrizione.ente.contatti_pubblici) == (
        "info@cinqueminuti.example.org",
        True,
    )


def test_il_modulo_di_richiesta_non_offre_la_forma_ufficio_comunale():
    scelte = dict(RichiestaIscrizioneForm().fields["forma_giuridica"].choices)
    assert Ente.FormaGiuridica.UFFICIO_COMUNALE not in scelte


def test_lo_staff_approva_e_registra_chi_e_quando(staff):
    iscrizione = approva_iscrizione(iscrizione=_richiesta(), utente=staff)
    assert iscrizione.stato == IscrizioneRegistro.Stato.APPROVATA
    assert iscrizione.decisa_da == staff
    assert iscrizione.decisa_il is not None


def test_respingere_richiede_il_motivo(staff):
    iscrizione = _richiesta()
    with pytest.raises(ValidationError, match="motivo"):
        respingi_iscrizione(iscrizione=iscrizione, utente=staff, motivo=" ")
    iscrizione.refresh_from_db()
    assert iscrizione.stato == IscrizioneRegistro.Stato.IN_ATTESA
    respinta = respingi_iscrizione(iscrizione=iscrizione, utente=staff, motivo="Doppione")
    assert (respinta.stato, respinta.motivo_rifiuto) == ("respinta", "Doppione")


def test_una_richiesta_decisa_non_si_decide_di_nuovo(staff):
    iscrizione = approva_iscrizione(iscrizione=_richiesta(), utente=staff)
    with pytest.raises(ValidationError, match="già stata decisa"):
        respingi_iscrizione(iscrizione=iscrizione, utente=staff, motivo="Ripensamento")


@pytest.mark.parametrize("persona", ["cittadino", "community_manager", "tutor"])
def test_solo_lo_staff_decide_le_iscrizioni(request, persona):
    utente = request.getfixturevalue(persona)
    iscrizione = _richiesta()
    with pytest.raises(PermissionDenied):
        approva_iscrizione(iscrizione=iscrizione, utente=utente)
    iscrizione.refresh_from_db()
    assert iscrizione.stato == IscrizioneRegistro.Stato.IN_ATTESA
