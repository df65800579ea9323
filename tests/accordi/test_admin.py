"""The staff admin: pages open, actions call the services, bad input gets clear messages."""

from __future__ import annotations

from html import unescape

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accordi.models import Accordo, Firmatario, IscrizioneRegistro, StatoAccordo, TransizioneAccordo
from accordi.services import richiedi_iscrizione
from quartieri.models import Ente
from tests.factories import (
    crea_accordo,
    crea_aggiornamento,
    crea_comune,
    crea_ente,
    crea_firmatario,
    crea_progetto,
    crea_tema,
)

pytestmark = pytest.mark.django_db


def _valore(campo) -> object:
    valore = campo.value()
    if valore is None:
        return ""
    if isinstance(valore, list | tuple):
        return [str(v) for v in valore]
    if hasattr(valore, "name"):
        return ""
    return valore


def _dati_modulo(risposta) -> dict:
    """The POST data of an admin change form as it was rendered (with its inlines)."""
    dati = {}
    for campo in risposta.context["adminform"].form:
        if campo.field.disabled:
            continue
        valore = _valore(campo)
        if valore is False:
            continue
        dati[campo.html_name] = valore
    for inline in risposta.context["inline_admin_formsets"]:
        formset = inline.formset
        for campo in formset.management_form:
            dati[campo.html_name] = campo.value()
        for form in formset.forms:
            for campo in form:
                valore = _valore(campo)
                if valore is not False:
                    dati[campo.html_name] = valore
    return dati


def test_lo_staff_apre_tutte_le_pagine_dell_amministrazione(client, staff):
    accordo = crea_accordo()
    progetto = crea_progetto(accordo)
    crea_firmatario(accordo)
    crea_aggiornamento(progetto)
    crea_tema()
    client.force_login(staff)
    for modello in (
        "accordo",
        "progetto",
        "firmatario",
        "tema",
        "transizioneaccordo",
        "aggiornamentoprogetto",
        "iscrizioneregistro",
    ):
        assert client.get(reverse(f"admin:accordi_{modello}_changelist")).status_code == 200
    for url in (
        reverse("admin:accordi_accordo_change", args=[accordo.pk]),
        reverse("admin:accordi_accordo_add"),
        reverse("admin:accordi_accordo_history", args=[accordo.pk]),
        reverse("admin:accordi_progetto_change", args=[progetto.pk]),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["cittadino", "community_manager", "tutor"])
def test_chi_non_e_staff_non_entra_nell_amministrazione(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    risposta = client.get(reverse("admin:accordi_accordo_changelist"))
    assert risposta.status_code == 302


def test_lo_stato_non_si_modifica_a_mano(client, staff):
    accordo = crea_accordo(stato=StatoAccordo.ASCOLTO)
    client.force_login(staff)
    url = reverse("admin:accordi_accordo_change", args=[accordo.pk])
    dati = _dati_modulo(client.get(url))
    dati["stato"] = StatoAccordo.CHIUSO
    assert client.post(url, dati).status_code == 302
    accordo.refresh_from_db()
    assert accordo.stato == StatoAccordo.ASCOLTO


def test_un_testo_rinominato_pdf_e_rifiutato_dall_amministrazione(client, staff):
    accordo = crea_accordo()
    client.force_login(staff)
    url = reverse("admin:accordi_accordo_change", args=[accordo.pk])
    dati = _dati_modulo(client.get(url))
    dati["documento_firmato"] = SimpleUploadedFile("accordo.pdf", b"ciao")
    risposta = client.post(url, dati)
    assert risposta.status_code == 200
    assert "Il file non è un PDF valido." in risposta.content.decode()
    accordo.refresh_from_db()
    assert not accordo.documento_firmato


def test_date_invertite_nell_amministrazione(client, staff):
    accordo = crea_accordo()
    client.force_login(staff)
    url = reverse("admin:accordi_accordo_change", args=[accordo.pk])
    dati = _dati_modulo(client.get(url))
    dati.update({"data_inizio": "2025-06-01", "data_fine": "2025-01-01"})
    risposta = client.post(url, dati)
    assert "La data di fine non può precedere la data di inizio." in risposta.content.decode()


def test_firmatario_doppio_nell_inline_da_un_errore_chiaro(client, staff):
    accordo = crea_accordo()
    ente = crea_ente()
    crea_firmatario(accordo, ente)
    client.force_login(staff)
    url = reverse("admin:accordi_accordo_change", args=[accordo.pk])
    dati = _dati_modulo(client.get(url))
    dati.update(
        {
            "firmatari-TOTAL_FORMS": "2",
            "firmatari-1-tipo": "ente",
            "firmatari-1-ente": str(ente.pk),
            "firmatari-1-ruolo": "partner",
            "firmatari-1-accordo": str(accordo.pk),
        }
    )
    risposta = client.post(url, dati)
    assert risposta.status_code == 200
    # The error list is rendered by Django's Jinja2 template (portal/renderer.py): markupsafe
    # writes the apostrophe as &#39;, the Django language as &#x27;.
    assert "Questo ente è già tra i firmatari dell'accordo." in unescape(risposta.content.decode())
    assert Firmatario.objects.count() == 1


def _azione(client, modello: str, azione: str, oggetti, **extra):
    return client.post(
        reverse(f"admin:accordi_{modello}_changelist"),
        {"action": azione, ACTION_CHECKBOX_NAME: [o.pk for o in oggetti], **extra},
        follow=True,
    )


def test_l_azione_cambia_stato_chiede_stato_e_motivo_poi_chiama_il_servizio(client, staff):
    primo = crea_accordo(stato=StatoAccordo.ASCOLTO)
    secondo = crea_accordo(stato=StatoAccordo.ASCOLTO)
    client.force_login(staff)
    modulo = _azione(client, "accordo", "cambia_stato", [primo, secondo])
    assert 'value="istruttoria"' in modulo.content.decode()
    _azione(
        client,
        "accordo",
        "cambia_stato",
        [primo, secondo],
        applica="1",
        nuovo_stato="istruttoria",
        motivo="Ascolto concluso",
    )
    assert set(Accordo.objects.values_list("stato", flat=True)) == {"istruttoria"}
    assert TransizioneAccordo.objects.filter(utente=staff, motivo="Ascolto concluso").count() == 2


def test_l_azione_cambia_stato_segnala_gli_accordi_che_non_possono_passare(client, staff):
    pronto = crea_accordo(stato=StatoAccordo.ASCOLTO)
    chiuso = crea_accordo(stato=StatoAccordo.CHIUSO)
    client.force_login(staff)
    risposta = _azione(
        client,
        "accordo",
        "cambia_stato",
        [pronto, chiuso],
        applica="1",
        nuovo_stato="istruttoria",
        motivo="Ascolto concluso",
    )
    testo = risposta.content.decode()
    assert "non può passare" in testo
    chiuso.refresh_from_db()
    pronto.refresh_from_db()
    assert (pronto.stato, chiuso.stato) == ("istruttoria", "chiuso")
    assert TransizioneAccordo.objects.count() == 1


def test_l_azione_senza_motivo_ripropone_il_modulo(client, staff):
    accordo = crea_accordo(stato=StatoAccordo.ASCOLTO)
    client.force_login(staff)
    risposta = _azione(
        client, "accordo", "cambia_stato", [accordo], applica="1", nuovo_stato="istruttoria"
    )
    assert "Questo campo è obbligatorio" in risposta.content.decode()
    accordo.refresh_from_db()
    assert accordo.stato == StatoAccordo.ASCOLTO


def _richiesta(nome: str) -> IscrizioneRegistro:
    return richiedi_iscrizione(
        comune=crea_comune(),
        nome=nome,
        forma_giuridica=Ente.FormaGiuridica.APS,
        email_contatto="info@example.org",
    )


def test_azioni_approva_e_respingi_iscrizioni(client, staff):
    da_approvare, da_respingere = _richiesta("Galline Volanti APS"), _richiesta("Doppione APS")
    client.force_login(staff)
    _azione(client, "iscrizioneregistro", "approva", [da_approvare])
    da_approvare.refresh_from_db()
    assert (da_approvare.stato, da_approvare.decisa_da) == ("approvata", staff)

    modulo = _azione(client, "iscrizioneregistro", "respingi", [da_respingere])
    assert "motivo del rifiuto" in modulo.content.decode().lower()
    _azione(
        client,
        "iscrizioneregistro",
        "respingi",
        [da_respingere],
        applica="1",
        motivo="Richiesta doppia",
    )
    da_respingere.refresh_from_db()
    assert (da_respingere.stato, da_respingere.motivo_rifiuto) == ("respinta", "Richiesta doppia")


def test_approvare_due_volte_da_un_messaggio_e_non_cambia_nulla(client, staff):
    iscrizione = _richiesta("Galline Volanti APS")
    client.force_login(staff)
    _azione(client, "iscrizioneregistro", "approva", [iscrizione])
    iscrizione.refresh_from_db()
    decisa_il = iscrizione.decisa_il
    risposta = _azione(client, "iscrizioneregistro", "approva", [iscrizione])
    assert "già stata decisa" in risposta.content.decode()
    iscrizione.refresh_from_db()
    assert iscrizione.decisa_il == decisa_il
