"""Services of quartieri: each write enforces its rule and is all-or-nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartieri.forms.luoghi import FasceOrarieFormSet
from quartieri.models import FasciaOraria, Servizio
from quartieri.services import luoghi as services
from tests.factories import crea_categoria, crea_servizio

pytestmark = pytest.mark.django_db


def _t(ora: str) -> dt.time:
    return dt.time.fromisoformat(ora)


def test_fasce_che_si_toccano_sono_accettate():
    services.controlla_sovrapposizioni(
        [
            (0, _t("09:00"), _t("12:00")),
            (0, _t("12:00"), _t("15:00")),
            (1, _t("09:00"), _t("19:00")),
        ]
    )


def test_fasce_sovrapposte_nello_stesso_giorno_sono_rifiutate_col_nome_del_giorno():
    with pytest.raises(ValidationError) as errore:
        services.controlla_sovrapposizioni(
            [(2, _t("09:00"), _t("13:00")), (2, _t("12:00"), _t("15:00"))]
        )
    assert "mercoledì" in errore.value.messages[0]
    assert "09:00–13:00" in errore.value.messages[0]


def test_aggiorna_luogo_rifiuta_i_campi_del_registro_comunale(casa, community_manager):
    with pytest.raises(PermissionDenied):
        services.aggiorna_luogo(
            luogo=casa, dati={"descrizione": "x", "pubblicato": False}, utente=community_manager
        )
    casa.refresh_from_db()
    assert casa.pubblicato is True
    assert casa.descrizione != "x"


def test_aggiorna_luogo_rifiuta_chi_non_gestisce_il_luogo(casa, altro_community_manager):
    with pytest.raises(PermissionDenied):
        services.aggiorna_luogo(
            luogo=casa, dati={"descrizione": "x"}, utente=altro_community_manager
        )


def test_aggiorna_luogo_salva_il_fatto_di_accessibilita_non_noto(casa, community_manager):
    casa.ingresso_senza_gradini = True
    casa.save()
    services.aggiorna_luogo(
        luogo=casa, dati={"ingresso_senza_gradini": None}, utente=community_manager
    )
    casa.refresh_from_db()
    assert casa.ingresso_senza_gradini is None


def test_salva_orari_controlla_le_fasce_salvate_e_annulla_tutto(casa, community_manager):
    """A formset that shows no existing rows passes its own check; the stored rows do not."""
    dati = {
        "fasce-TOTAL_FORMS": "2",
        "fasce-INITIAL_FORMS": "0",
        "fasce-0-giorno": "5",
        "fasce-0-apre": "20:00",
        "fasce-0-chiude": "22:00",
        "fasce-1-giorno": "0",
        "fasce-1-apre": "10:00",
        "fasce-1-chiude": "12:00",
    }
    formset = FasceOrarieFormSet(
        dati, instance=casa, prefix="fasce", queryset=FasciaOraria.objects.none()
    )
    assert formset.is_valid()
    with pytest.raises(ValidationError, match="si sovrappone"):
        services.salva_orari(luogo=casa, formset=formset, utente=community_manager)
    assert casa.fasce_orarie.count() == 7


def test_salva_orari_rifiuta_un_formset_non_valido(casa, community_manager):
    dati = {
        "fasce-TOTAL_FORMS": "1",
        "fasce-INITIAL_FORMS": "0",
        "fasce-0-giorno": "5",
        "fasce-0-apre": "22:00",
        "fasce-0-chiude": "20:00",
    }
    formset = FasceOrarieFormSet(
        dati, instance=casa, prefix="fasce", queryset=FasciaOraria.objects.none()
    )
    with pytest.raises(ValidationError):
        services.salva_orari(luogo=casa, formset=formset, utente=community_manager)
    assert casa.fasce_orarie.count() == 7


def test_salva_servizio_a_pagamento_senza_costo_non_scrive_nulla(casa, community_manager):
    servizio = Servizio(luogo=casa, categoria=crea_categoria(), titolo="Corso", gratuito=False)
    with pytest.raises(ValidationError) as errore:
        services.salva_servizio(servizio=servizio, utente=community_manager)
    assert "costo" in errore.value.message_dict
    assert not Servizio.objects.exists()


def test_salva_servizio_gratuito_dimentica_il_costo(casa, community_manager):
    servizio = Servizio(
        luogo=casa, categoria=crea_categoria(), titolo="Wi-fi", gratuito=True, costo="2 euro"
    )
    services.salva_servizio(servizio=servizio, utente=community_manager)
    servizio.refresh_from_db()
    assert servizio.costo == ""


def test_elimina_servizio_rifiuta_il_manager_di_un_altro_luogo(casa, altro_community_manager):
    servizio = crea_servizio(casa)
    with pytest.raises(PermissionDenied):
        services.elimina_servizio(servizio=servizio, utente=altro_community_manager)
    assert Servizio.objects.filter(pk=servizio.pk).exists()


def test_staff_puo_salvare_i_servizi_di_ogni_luogo(casa, staff):
    servizio = Servizio(luogo=casa, categoria=crea_categoria(), titolo="Portierato sociale")
    services.salva_servizio(servizio=servizio, utente=staff)
    assert casa.servizi.get().titolo == "Portierato sociale"
