"""The public pages of the agreements: the list, an agreement's story, a project's page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from accordi.models import (
    Accordo,
    Firmatario,
    IncontroLaboratorio,
    IscrizioneRegistro,
    TransizioneAccordo,
    ValoreIndicatore,
)
from quartieri.models import Ente
from tests.conftest import crea_utente
from tests.factories import (
    crea_accordo,
    crea_aggiornamento,
    crea_ente,
    crea_firmatario,
    crea_indicatore,
    crea_luogo,
    crea_progetto,
    crea_quartiere,
    crea_tema,
)

pytestmark = pytest.mark.django_db

NOME_SEGRETO = "Ottavio Riservatissimo"
NOME_PUBBLICO = "Giulia Consenziente"


@pytest.fixture
def architetto(db):
    return crea_utente("architetto@comune.test", first_name="Lucia", last_name="Architetta")


@pytest.fixture
def accordo(staff, architetto):
    """An agreement in progress with its whole story: steps, meetings, parties, a project."""
    quartiere = crea_quartiere(nome="Rosta Nuova")
    precedente = crea_accordo(
        titolo="Accordo Rosta Nuova 2019", stato=Accordo.Stato.CHIUSO, slug="rosta-2019"
    )
    accordo = crea_accordo(
        titolo="Accordo di cittadinanza Rosta Nuova",
        slug="rosta-nuova",
        descrizione="Cura dei giardini e portierato di quartiere.",
        architetto_di_quartiere=architetto,
        rinnova=precedente,
        ambito=quartiere.ambito,
    )
    accordo.quartieri.add(quartiere)
    accordo.temi.add(crea_tema(nome="Verde pubblico"))
    accordo.documento_firmato.save("accordo.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    for giorno, (da, a) in enumerate(
        [("ascolto", "istruttoria"), ("istruttoria", "proposta_condivisa"), ("firmato", "in_corso")]
    ):
        TransizioneAccordo.objects.create(
            accordo=accordo,
            da=da,
            a=a,
            utente=staff,
            momento=timezone.make_aware(dt.datetime(2024, 2, 1 + giorno, 10)),
            motivo=f"Motivo pubblico {giorno}",
        )
    casa = crea_luogo(quartiere, nome="Casa Rosta", slug="casa-rosta")
    IncontroLaboratorio.objects.create(
        accordo=accordo,
        data=timezone.make_aware(dt.datetime(2023, 11, 8, 18)),
        luogo=casa,
        partecipanti=42,
    )
    comune = crea_ente(
        nome="Comune di Reggio Emilia",
        forma_giuridica=Ente.FormaGiuridica.UFFICIO_COMUNALE,
        codice_fiscale="",
    )
    crea_firmatario(accordo, comune, tipo=Firmatario.Tipo.COMUNE, ruolo="promotore")
    associazione = crea_ente(nome="Orti Rosta APS", slug="orti-rosta")
    crea_firmatario(accordo, associazione, ruolo="partner")
    crea_firmatario(
        accordo, tipo="cittadino", nome_cittadino=NOME_PUBBLICO, consenso_pubblicazione=True
    )
    for numero in range(2):
        crea_firmatario(accordo, tipo="cittadino", nome_cittadino=f"{NOME_SEGRETO} {numero}")
    progetto = crea_progetto(
        accordo,
        titolo="Giardino condiviso",
        luogo=casa,
        ore_volontariato_previste=300,
        budget_comune=Decimal("1500.00"),
    )
    progetto.partner.add(associazione)
    indicatore = crea_indicatore(
        progetto, nome="Aiuole curate", unita="aiuole", valore_obiettivo=20
    )
    vecchio = crea_aggiornamento(progetto, data=dt.date(2024, 4, 1), ore_collaborazione=10)
    ValoreIndicatore.objects.create(aggiornamento=vecchio, indicatore=indicatore, valore=5)
    nuovo = crea_aggiornamento(
        progetto,
        data=dt.date(2024, 6, 1),
        testo="Piantate le prime aiuole.",
        ore_collaborazione=Decimal("12.5"),
        abitanti_raggiunti=140,
    )
    ValoreIndicatore.objects.create(aggiornamento=nuovo, indicatore=indicatore, valore=12)
    return accordo


def test_lista_mostra_solo_gli_accordi_dalla_proposta_condivisa(client):
    crea_accordo(titolo="Accordo in ascolto", stato=Accordo.Stato.ASCOLTO)
    crea_accordo(titolo="Accordo in istruttoria", stato=Accordo.Stato.ISTRUTTORIA)
    crea_accordo(titolo="Accordo proposto", stato=Accordo.Stato.PROPOSTA_CONDIVISA)
    crea_accordo(titolo="Accordo ritirato", stato=Accordo.Stato.RITIRATO)
    testo = client.get("/accordi/").content.decode()
    assert "Accordo proposto" in testo
    assert "Accordo ritirato" in testo
    assert "Accordo in ascolto" not in testo
    assert "Accordo in istruttoria" not in testo


def test_lista_mostra_numeri_stato_e_periodo(client, accordo):
    # Before the agreement's last two months: it reads "in corso", not "da rinnovare".
    with time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        risposta = client.get("/accordi/")
    assert risposta.status_code == 200
    accordi = {a.slug: a for a in risposta.context["object_list"]}
    assert accordi["rosta-nuova"].numero_progetti == 1
    assert accordi["rosta-nuova"].numero_firmatari == 5
    testo = risposta.content.decode()
    assert "1 progetto" in testo
    assert "5 firmatari" in testo
    assert "In corso" in testo
    assert "dal 1 gennaio 2024 al 31 dicembre 2026" in testo


def test_lista_paginata(client):
    for numero in range(25):
        crea_accordo(titolo=f"Accordo {numero:02d}")
    prima = client.get("/accordi/")
    assert len(prima.context["object_list"]) == 20
    seconda = client.get("/accordi/?page=2")
    assert len(seconda.context["object_list"]) == 5


def test_dettaglio_racconta_la_storia_senza_nomi_dello_staff(client, accordo, staff):
    testo = client.get("/accordi/rosta-nuova/").content.decode()
    for numero in range(3):
        assert f"Motivo pubblico {numero}" in testo
    assert "Proposta condivisa" in testo
    assert "2 febbraio 2024" in testo
    assert staff.get_full_name() not in testo
    assert staff.email not in testo


def test_dettaglio_mostra_laboratorio_progetti_e_documento(client, accordo):
    testo = client.get("/accordi/rosta-nuova/").content.decode()
    assert "42 partecipanti" in testo
    assert 'href="/case-di-quartiere/casa-rosta/"' in testo
    assert "Giardino condiviso" in testo
    assert f'href="/accordi/rosta-nuova/progetti/{accordo.progetti.get().pk}/"' in testo
    assert "Piantate le prime aiuole." in testo
    assert "Aiuole curate: 12 su un obiettivo di 20 aiuole" in testo
    assert accordo.documento_firmato.url in testo
    assert "Verde pubblico" in testo
    assert "Rosta Nuova" in testo


def test_dettaglio_calcola_ore_e_abitanti_dai_registri(client, accordo):
    risposta = client.get("/accordi/rosta-nuova/")
    assert risposta.context_data["accordo"].ore_collaborazione == Decimal("22.5")
    assert risposta.context_data["accordo"].abitanti_raggiunti == 140
    testo = risposta.content.decode()
    assert "22,5" in testo
    assert "140" in testo


def test_dettaglio_nomina_solo_i_cittadini_che_acconsentono(client, accordo):
    testo = client.get("/accordi/rosta-nuova/").content.decode()
    assert NOME_PUBBLICO in testo
    assert NOME_SEGRETO not in testo
    assert "e altri 2 cittadini" in testo


def test_dettaglio_senza_cittadini_nominati_dice_solo_quanti(client):
    accordo = crea_accordo(slug="solo-anonimi")
    crea_firmatario(accordo, tipo="cittadino", nome_cittadino=NOME_SEGRETO)
    testo = client.get("/accordi/solo-anonimi/").content.decode()
    assert NOME_SEGRETO not in testo
    assert "1 cittadino" in testo


def test_dettaglio_collega_gli_enti_del_registro_e_non_il_comune(client, accordo):
    testo = client.get("/accordi/rosta-nuova/").content.decode()
    assert '<a href="/enti/orti-rosta/">Orti Rosta APS</a>' in testo
    assert "Comune di Reggio Emilia" in testo
    assert "/enti/comune-di-reggio-emilia/" not in testo


def test_dettaglio_ente_in_attesa_non_ha_link(client, accordo):
    in_attesa = crea_ente(nome="Gruppo in attesa", slug="gruppo-in-attesa")
    IscrizioneRegistro.objects.create(ente=in_attesa, email_contatto="chi@richiede.test")
    crea_firmatario(accordo, in_attesa)
    testo = client.get("/accordi/rosta-nuova/").content.decode()
    assert "Gruppo in attesa" in testo
    assert "/enti/gruppo-in-attesa/" not in testo


def test_dettaglio_mostra_il_ruolo_del_funzionario_senza_contatti(client, accordo, architetto):
    testo = client.get("/accordi/rosta-nuova/").content.decode()
    assert "Lucia Architetta, architetto di quartiere" in testo
    assert architetto.email not in testo


def test_rinnovi_collegati_nei_due_sensi(client, accordo):
    testo = client.get("/accordi/rosta-nuova/").content.decode()
    assert 'href="/accordi/rosta-2019/"' in testo
    testo_precedente = client.get("/accordi/rosta-2019/").content.decode()
    assert 'href="/accordi/rosta-nuova/"' in testo_precedente


def test_rinnovo_non_pubblico_non_compare(client, accordo):
    crea_accordo(titolo="Rinnovo in ascolto", stato="ascolto", rinnova=accordo)
    assert "Rinnovo in ascolto" not in client.get("/accordi/rosta-nuova/").content.decode()


@pytest.mark.parametrize("stato", [Accordo.Stato.ASCOLTO, Accordo.Stato.ISTRUTTORIA])
def test_accordo_non_pubblico_riceve_404(client, stato):
    accordo = crea_accordo(stato=stato, slug="riservato")
    progetto = crea_progetto(accordo)
    assert client.get("/accordi/riservato/").status_code == 404
    assert client.get(f"/accordi/riservato/progetti/{progetto.pk}/").status_code == 404


def test_accordo_inesistente_riceve_404(client):
    assert client.get("/accordi/non-esiste/").status_code == 404


def test_progetto_con_slug_di_un_altro_accordo_riceve_404(client, accordo):
    altro = crea_accordo(slug="altro")
    progetto = accordo.progetti.get()
    assert client.get(f"/accordi/{altro.slug}/progetti/{progetto.pk}/").status_code == 404


def test_pagina_del_progetto(client, accordo):
    progetto = accordo.progetti.get()
    risposta = client.get(f"/accordi/rosta-nuova/progetti/{progetto.pk}/")
    assert risposta.status_code == 200
    testo = risposta.content.decode()
    assert "Giardino condiviso" in testo
    assert "Cura della comunità" in testo
    assert 'href="/case-di-quartiere/casa-rosta/"' in testo
    assert '<a href="/enti/orti-rosta/">Orti Rosta APS</a>' in testo
    assert "Aiuole curate: 12 su un obiettivo di 20 aiuole" in testo
    assert "1.500,00 €" in testo
    assert "300" in testo
    assert "22,5" in testo
    assert "Piantate le prime aiuole." in testo
    assert testo.index("1 giugno 2024") < testo.index("1 aprile 2024")
    assert "Registra un aggiornamento" not in testo


def test_luogo_non_pubblicato_non_ha_link(client, accordo):
    progetto = accordo.progetti.get()
    progetto.luogo.pubblicato = False
    progetto.luogo.save()
    testo = client.get(f"/accordi/rosta-nuova/progetti/{progetto.pk}/").content.decode()
    assert "/case-di-quartiere/casa-rosta/" not in testo


def test_architetto_vede_il_link_per_aggiornare(client, accordo, architetto):
    progetto = accordo.progetti.get()
    client.force_login(architetto)
    testo = client.get(f"/accordi/rosta-nuova/progetti/{progetto.pk}/").content.decode()
    assert f"/accordi/rosta-nuova/progetti/{progetto.pk}/aggiorna/" in testo


def test_referente_di_un_partner_vede_il_link_per_aggiornare(client, accordo, cittadino):
    Firmatario.objects.filter(accordo=accordo, ente__slug="orti-rosta").update(referente=cittadino)
    progetto = accordo.progetti.get()
    client.force_login(cittadino)
    testo = client.get(f"/accordi/rosta-nuova/progetti/{progetto.pk}/").content.decode()
    assert "Registra un aggiornamento" in testo


@pytest.mark.parametrize("persona", ["cittadino", "community_manager", "tutor"])
def test_chi_non_puo_aggiornare_non_vede_il_link(client, accordo, request, persona):
    client.force_login(request.getfixturevalue(persona))
    progetto = accordo.progetti.get()
    testo = client.get(f"/accordi/rosta-nuova/progetti/{progetto.pk}/").content.decode()
    assert "Registra un aggiornamento" not in testo


def test_accordo_chiuso_non_offre_aggiornamenti_nemmeno_allo_staff(client, staff):
    accordo = crea_accordo(stato=Accordo.Stato.CHIUSO, slug="chiuso")
    progetto = crea_progetto(accordo)
    client.force_login(staff)
    testo = client.get(f"/accordi/chiuso/progetti/{progetto.pk}/").content.decode()
    assert "Registra un aggiornamento" not in testo


def test_amministrazione_porta_agli_accordi(client):
    assert 'href="/accordi/"' in client.get("/amministrazione/").content.decode()
