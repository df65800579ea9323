"""One-row rules, QuerySets and the numbers computed from records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accordi.forms import AccordoForm, FirmatarioForm
from accordi.models import (
    Accordo,
    Firmatario,
    IscrizioneRegistro,
    StatoAccordo,
    enti_nel_registro,
)
from quartieri.models import Ente
from tests.factories import (
    crea_accordo,
    crea_aggiornamento,
    crea_comune,
    crea_ente,
    crea_firmatario,
    crea_progetto,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%demo\n"


def _dati_accordo(**campi) -> dict:
    dati = {
        "codice": "QUA-2024-01",
        "titolo": "Pieve Modolena, Carrozzone e Betonica",
        "slug": "pieve-modolena",
        "comune": crea_comune().pk,
        "data_inizio": "2024-01-01",
        "data_fine": "2026-12-31",
    }
    dati.update(campi)
    return dati


def test_modulo_accordo_valido_salva():
    form = AccordoForm(data=_dati_accordo())
    assert form.is_valid(), form.errors
    accordo = form.save()
    assert accordo.stato == StatoAccordo.ASCOLTO


def test_data_fine_prima_dell_inizio_da_un_errore_chiaro_e_non_scrive():
    form = AccordoForm(data=_dati_accordo(data_inizio="2025-06-01", data_fine="2025-01-01"))
    assert not form.is_valid()
    assert form.errors["data_fine"] == ["La data di fine non può precedere la data di inizio."]
    assert not Accordo.objects.exists()


def test_lo_slug_delle_pagine_dello_staff_e_riservato():
    form = AccordoForm(data=_dati_accordo(slug="gestione"))
    assert not form.is_valid()
    assert "riservato" in form.errors["slug"][0]


def test_un_file_di_testo_rinominato_pdf_e_rifiutato():
    falso = SimpleUploadedFile("accordo.pdf", b"non sono un pdf", content_type="application/pdf")
    form = AccordoForm(data=_dati_accordo(), files={"documento_firmato": falso})
    assert not form.is_valid()
    assert form.errors["documento_firmato"] == ["Il file non è un PDF valido."]
    assert not Accordo.objects.exists()


def test_un_file_con_altra_estensione_e_rifiutato():
    form = AccordoForm(
        data=_dati_accordo(), files={"documento_firmato": SimpleUploadedFile("accordo.docx", PDF)}
    )
    assert not form.is_valid()
    assert form.errors["documento_firmato"] == ["Il file deve essere un PDF."]


def test_un_pdf_vero_e_accettato():
    form = AccordoForm(
        data=_dati_accordo(), files={"documento_firmato": SimpleUploadedFile("accordo.pdf", PDF)}
    )
    assert form.is_valid(), form.errors
    assert form.save().documento_firmato.name.startswith("accordi/")


def test_quartieri_di_un_altro_comune_sono_rifiutati():
    from tests.factories import crea_ambito, crea_quartiere

    altro = crea_comune(nome="Bergamo", slug="bergamo", codice_istat="016024")
    quartiere = crea_quartiere(ambito=crea_ambito(comune=altro))
    form = AccordoForm(data=_dati_accordo(quartieri=[quartiere.pk]))
    assert not form.is_valid()
    assert form.errors["quartieri"] == ["Scegli quartieri del comune dell'accordo."]


def _dati_firmatario(accordo, **campi) -> dict:
    dati = {"accordo": accordo.pk, "tipo": "ente", "ruolo": "partner", "data_firma": "2024-01-10"}
    dati.update(campi)
    return dati


def test_un_ente_non_firma_due_volte_lo_stesso_accordo():
    accordo = crea_accordo()
    ente = crea_ente()
    crea_firmatario(accordo, ente)
    form = FirmatarioForm(data=_dati_firmatario(accordo, ente=ente.pk))
    assert not form.is_valid()
    assert "Questo ente è già tra i firmatari dell'accordo." in form.errors["__all__"]
    assert Firmatario.objects.count() == 1


def test_un_cittadino_non_firma_due_volte_lo_stesso_accordo(cittadino):
    accordo = crea_accordo()
    crea_firmatario(accordo, tipo="cittadino", utente=cittadino)
    form = FirmatarioForm(data=_dati_firmatario(accordo, tipo="cittadino", utente=cittadino.pk))
    assert not form.is_valid()
    assert "Questa persona è già tra i firmatari dell'accordo." in form.errors["__all__"]


def test_lo_stesso_ente_puo_firmare_accordi_diversi():
    ente = crea_ente()
    crea_firmatario(crea_accordo(), ente)
    form = FirmatarioForm(data=_dati_firmatario(crea_accordo(), ente=ente.pk))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("campi", "campo_errore"),
    [
        ({"tipo": "ente"}, "ente"),
        ({"tipo": "cittadino"}, "nome_cittadino"),
        ({"tipo": "comune", "ente": "ASSOCIAZIONE"}, "ente"),
        ({"tipo": "ente", "ente": "COMUNE"}, "ente"),
        ({"tipo": "cittadino", "nome_cittadino": "Ada Bianchi", "ente": "ASSOCIAZIONE"}, "ente"),
    ],
)
def test_il_firmatario_deve_essere_coerente_col_tipo(campi, campo_errore):
    accordo = crea_accordo()
    enti = {
        "ASSOCIAZIONE": crea_ente().pk,
        "COMUNE": crea_ente(forma_giuridica=Ente.FormaGiuridica.UFFICIO_COMUNALE).pk,
    }
    campi = {k: enti.get(v, v) for k, v in campi.items()}
    form = FirmatarioForm(data=_dati_firmatario(accordo, **campi))
    assert not form.is_valid()
    assert campo_errore in form.errors


def test_il_comune_firma_col_suo_ente():
    accordo = crea_accordo()
    comune = crea_ente(forma_giuridica=Ente.FormaGiuridica.UFFICIO_COMUNALE)
    form = FirmatarioForm(data=_dati_firmatario(accordo, tipo="comune", ente=comune.pk))
    assert form.is_valid(), form.errors


def test_cittadini_senza_consenso_sono_solo_contati():
    accordo = crea_accordo()
    ente = crea_firmatario(accordo)
    con = crea_firmatario(
        accordo, tipo="cittadino", nome_cittadino="Ada Bianchi", consenso_pubblicazione=True
    )
    senza = crea_firmatario(accordo, tipo="cittadino", nome_cittadino="Bruno Verdi")
    assert set(Firmatario.objects.pubblici()) == {ente, con}
    assert list(Firmatario.objects.cittadini_anonimi()) == [senza]
    assert not senza.nominabile
    assert con.nominabile
    assert ente.nominabile


def test_accordi_pubblici_dalla_proposta_condivisa():
    visibili = {
        stato: crea_accordo(stato=stato) for stato in StatoAccordo if stato not in ("ascolto",)
    }
    crea_accordo(stato=StatoAccordo.ASCOLTO)
    pubblici = set(Accordo.objects.pubblici().values_list("stato", flat=True))
    assert pubblici == set(visibili) - {StatoAccordo.ISTRUTTORIA}


def test_con_numeri_conta_progetti_e_firmatari_senza_moltiplicarli():
    accordo = crea_accordo()
    for _ in range(3):
        crea_progetto(accordo)
    for _ in range(4):
        crea_firmatario(accordo)
    crea_accordo()
    risultato = Accordo.objects.con_numeri().get(pk=accordo.pk)
    assert (risultato.numero_progetti, risultato.numero_firmatari) == (3, 4)


def test_ore_e_abitanti_vengono_dagli_aggiornamenti():
    accordo = crea_accordo()
    primo, secondo = crea_progetto(accordo), crea_progetto(accordo)
    crea_aggiornamento(
        primo, data=dt.date(2024, 3, 1), ore_collaborazione=10, abitanti_raggiunti=50
    )
    crea_aggiornamento(
        primo, data=dt.date(2024, 6, 1), ore_collaborazione=15, abitanti_raggiunti=80
    )
    # A later update without inhabitants does not erase the last known total.
    crea_aggiornamento(primo, data=dt.date(2024, 9, 1), ore_collaborazione=5)
    crea_aggiornamento(
        secondo, data=dt.date(2024, 5, 1), ore_collaborazione=2.5, abitanti_raggiunti=20
    )
    vuoto = crea_accordo()
    risultati = {a.pk: a for a in Accordo.objects.con_impatto()}
    assert risultati[accordo.pk].ore_collaborazione == pytest.approx(32.5)
    assert risultati[accordo.pk].abitanti_raggiunti == 100
    assert (risultati[vuoto.pk].ore_collaborazione, risultati[vuoto.pk].abitanti_raggiunti) == (
        0,
        0,
    )


def _iscrizione(ente, stato):
    return IscrizioneRegistro.objects.create(
        ente=ente,
        stato=stato,
        email_contatto="info@example.org",
        decisa_il=None if stato == "in_attesa" else dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        motivo_rifiuto="Doppione" if stato == "respinta" else "",
    )


def test_il_registro_pubblico_mostra_solo_enti_approvati_o_firmatari_pubblici():
    approvato = crea_ente()
    _iscrizione(approvato, "approvata")
    _iscrizione(in_attesa := crea_ente(), "in_attesa")
    _iscrizione(respinto := crea_ente(), "respinta")
    firmatario_pubblico = crea_ente()
    crea_firmatario(crea_accordo(stato=StatoAccordo.IN_CORSO), firmatario_pubblico)
    firmatario_riservato = crea_ente()
    crea_firmatario(crea_accordo(stato=StatoAccordo.ASCOLTO), firmatario_riservato)
    # Signing does not bypass a pending request: nothing is public before approval.
    crea_firmatario(crea_accordo(stato=StatoAccordo.IN_CORSO), in_attesa)
    comune = crea_ente(forma_giuridica=Ente.FormaGiuridica.UFFICIO_COMUNALE)
    crea_firmatario(crea_accordo(), comune, tipo="comune")
    nel_registro = set(enti_nel_registro())
    assert nel_registro == {approvato, firmatario_pubblico}
    assert respinto not in nel_registro
