"""The public registry of organisations and the request to be listed in it."""

from __future__ import annotations

import pytest

from accordi.models import Accordo, IscrizioneRegistro
from accordi.services import approva_iscrizione, respingi_iscrizione
from quartieri.models import Ente, Settore
from tests.factories import (
    crea_accordo,
    crea_comune,
    crea_ente,
    crea_firmatario,
    crea_luogo,
    crea_progetto,
    crea_quartiere,
)

pytestmark = pytest.mark.django_db

EMAIL_PRIVATA = "presidente.privata@esempio.test"
URL_RICHIESTA = "/enti/richiedi-iscrizione/"


@pytest.fixture
def dati_richiesta(db):
    comune = crea_comune()
    quartiere = crea_quartiere(nome="Ospizio")
    settore = Settore.objects.create(nome="Mobilità sostenibile", slug="mobilita")
    return {
        "comune": comune.pk,
        "nome": "Bici in Comune APS",
        "forma_giuridica": Ente.FormaGiuridica.APS,
        "codice_fiscale": "00743110157",
        "sezione_runts": "b",
        "numero_runts": "12345",
        "quartiere": quartiere.pk,
        "settori": [settore.pk],
        "descrizione": "Ciclofficina popolare.",
        "sito": "https://bici.esempio.test",
        "email": "info@bici.esempio.test",
        "telefono": "0522 555111",
        "contatti_pubblici": "on",
        "email_contatto": EMAIL_PRIVATA,
        "privacy": "on",
    }


def _pubblico(client) -> str:
    """Everything public about organisations: the registry, its downloads."""
    return (
        client.get("/enti/").content.decode()
        + b"".join(client.get("/open-data/enti.csv").streaming_content).decode()
        + b"".join(client.get("/open-data/enti.json").streaming_content).decode()
    )


def test_il_modulo_mostra_i_campi_e_l_informativa(client, dati_richiesta):
    testo = client.get(URL_RICHIESTA).content.decode()
    assert 'name="codice_fiscale"' in testo
    assert 'name="contatti_pubblici"' in testo
    assert 'name="privacy"' in testo
    assert 'href="/privacy/"' in testo
    assert 'type="hidden" name="comune"' in testo  # one comune: not asked
    assert "ufficio del Comune" not in testo


def test_richiesta_resta_in_attesa_e_non_e_pubblica_fino_all_approvazione(
    client, dati_richiesta, staff
):
    risposta = client.post(URL_RICHIESTA, dati_richiesta)
    assert risposta.status_code == 302
    assert risposta["Location"] == "/enti/richiedi-iscrizione/inviata/"
    pagina = client.get(risposta["Location"]).content.decode()
    assert "esaminerà la richiesta" in pagina

    iscrizione = IscrizioneRegistro.objects.get()
    assert iscrizione.stato == IscrizioneRegistro.Stato.IN_ATTESA
    assert iscrizione.email_contatto == EMAIL_PRIVATA
    ente = iscrizione.ente
    assert ente.contatti_pubblici is True
    assert ente.email == "info@bici.esempio.test"
    assert [s.slug for s in ente.settori.all()] == ["mobilita"]
    assert "Bici in Comune" not in _pubblico(client)
    assert client.get(f"/enti/{ente.slug}/").status_code == 404

    approva_iscrizione(iscrizione=iscrizione, utente=staff)

    pubblico = _pubblico(client)
    assert "Bici in Comune APS" in pubblico
    assert "info@bici.esempio.test" in pubblico
    assert EMAIL_PRIVATA not in pubblico
    pagina_ente = client.get(f"/enti/{ente.slug}/").content.decode()
    assert "0522 555111" in pagina_ente
    assert EMAIL_PRIVATA not in pagina_ente


def test_richiesta_respinta_resta_fuori_dal_registro(client, dati_richiesta, staff):
    client.post(URL_RICHIESTA, dati_richiesta)
    iscrizione = IscrizioneRegistro.objects.get()
    respingi_iscrizione(iscrizione=iscrizione, utente=staff, motivo="Non ha sede nel comune.")
    assert "Bici in Comune" not in _pubblico(client)
    assert client.get(f"/enti/{iscrizione.ente.slug}/").status_code == 404


def test_senza_consenso_i_contatti_restano_al_comune(client, dati_richiesta, staff):
    del dati_richiesta["contatti_pubblici"]
    client.post(URL_RICHIESTA, dati_richiesta)
    iscrizione = IscrizioneRegistro.objects.get()
    approva_iscrizione(iscrizione=iscrizione, utente=staff)
    pubblico = _pubblico(client) + client.get(f"/enti/{iscrizione.ente.slug}/").content.decode()
    assert "Bici in Comune APS" in pubblico
    assert "info@bici.esempio.test" not in pubblico
    assert "0522 555111" not in pubblico
    assert "bici.esempio.test" not in pubblico


@pytest.mark.parametrize(
    ("campo", "valore", "messaggio"),
    [
        ("codice_fiscale", "00743110158", "cifra di controllo"),
        ("codice_fiscale", "1234", "cifra di controllo"),
        ("privacy", None, "conferma di aver letto"),
        ("nome", "", "obbligatorio"),
        ("email_contatto", "non-una-mail", "e-mail"),
        ("numero_runts", "", "sia la sezione sia il numero"),
        ("forma_giuridica", "ufficio_comunale", "Scegli"),
    ],
)
def test_dati_sbagliati_danno_un_messaggio_e_non_scrivono_nulla(
    client, dati_richiesta, campo, valore, messaggio
):
    if valore is None:
        del dati_richiesta[campo]
    else:
        dati_richiesta[campo] = valore
    enti_prima = Ente.objects.count()
    risposta = client.post(URL_RICHIESTA, dati_richiesta)
    assert risposta.status_code == 400
    assert messaggio in risposta.content.decode()
    assert "Non è stato inviato nulla" in risposta.content.decode()
    assert Ente.objects.count() == enti_prima
    assert IscrizioneRegistro.objects.count() == 0


def test_codice_fiscale_gia_registrato(client, dati_richiesta):
    crea_ente(codice_fiscale=dati_richiesta["codice_fiscale"])
    risposta = client.post(URL_RICHIESTA, dati_richiesta)
    assert risposta.status_code == 400
    assert "già registrato" in risposta.content.decode()
    assert IscrizioneRegistro.objects.count() == 0


def test_pagina_dell_ente_elenca_accordi_progetti_e_luoghi(client):
    ente = crea_ente(nome="Circolo Arci Tricolore", slug="arci-tricolore")
    accordo = crea_accordo(titolo="Accordo Tricolore", slug="tricolore")
    crea_firmatario(accordo, ente, ruolo="promotore")
    riservato = crea_accordo(titolo="Accordo in ascolto", stato=Accordo.Stato.ASCOLTO)
    crea_firmatario(riservato, ente)
    progetto = crea_progetto(accordo, titolo="Portierato sociale")
    progetto.partner.add(ente)
    crea_progetto(riservato, titolo="Progetto riservato").partner.add(ente)
    crea_luogo(nome="Casa Tricolore", slug="casa-tricolore", gestore=ente)
    crea_luogo(nome="Casa in bozza", gestore=ente, pubblicato=False)

    testo = client.get("/enti/arci-tricolore/").content.decode()
    assert 'href="/accordi/tricolore/"' in testo
    assert f'href="/accordi/tricolore/progetti/{progetto.pk}/"' in testo
    assert 'href="/case-di-quartiere/casa-tricolore/"' in testo
    assert "Accordo in ascolto" not in testo
    assert "Progetto riservato" not in testo
    assert "Casa in bozza" not in testo
    assert "L'ente non ha pubblicato i suoi contatti." in testo


def test_il_comune_e_gli_enti_solo_di_accordi_riservati_non_sono_nel_registro(client):
    ufficio = crea_ente(
        nome="Servizio Partecipazione",
        forma_giuridica=Ente.FormaGiuridica.UFFICIO_COMUNALE,
        codice_fiscale="",
    )
    crea_firmatario(crea_accordo(), ufficio, tipo="comune")
    solo_riservato = crea_ente(nome="Gruppo in ascolto")
    crea_firmatario(crea_accordo(stato=Accordo.Stato.ASCOLTO), solo_riservato)
    testo = client.get("/enti/").content.decode()
    assert "Servizio Partecipazione" not in testo
    assert "Gruppo in ascolto" not in testo
    assert client.get(f"/enti/{ufficio.slug}/").status_code == 404
    assert client.get(f"/enti/{solo_riservato.slug}/").status_code == 404


def test_elenco_paginato(client):
    for numero in range(23):
        ente = crea_ente(nome=f"Associazione {numero:02d}")
        IscrizioneRegistro.objects.create(
            ente=ente,
            email_contatto="a@b.test",
            stato=IscrizioneRegistro.Stato.APPROVATA,
            decisa_il="2025-01-01T10:00Z",
        )
    assert len(client.get("/enti/").context["object_list"]) == 20
    assert len(client.get("/enti/?page=2").context["object_list"]) == 3
