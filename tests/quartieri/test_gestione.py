"""The management area (/gestione/): pages, forms and their query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from quartieri.models import EccezioneOrario, FasciaOraria, FasciaOrariaServizio, Luogo, Servizio
from tests.factories import (
    crea_categoria,
    crea_eccezione,
    crea_fascia,
    crea_luogo,
    crea_quartiere,
    crea_servizio,
)

pytestmark = pytest.mark.django_db


def dati_formset(prefisso: str, esistenti: list[dict], nuove: list[dict]) -> dict:
    """POST data for a formset: the existing rows (with their id), then the new ones."""
    righe = [*esistenti, *nuove]
    dati = {
        f"{prefisso}-TOTAL_FORMS": str(len(righe)),
        f"{prefisso}-INITIAL_FORMS": str(len(esistenti)),
        f"{prefisso}-MIN_NUM_FORMS": "0",
        f"{prefisso}-MAX_NUM_FORMS": "1000",
    }
    for i, riga in enumerate(righe):
        for campo, valore in riga.items():
            dati[f"{prefisso}-{i}-{campo}"] = valore
    return dati


def righe_orari(luogo: Luogo) -> list[dict]:
    return [
        {"id": f.pk, "giorno": f.giorno, "apre": f"{f.apre:%H:%M}", "chiude": f"{f.chiude:%H:%M}"}
        for f in luogo.fasce_orarie.order_by("giorno", "apre")
    ]


def immagine_png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile("casa.png", buffer.getvalue(), content_type="image/png")


def url(nome: str, luogo: Luogo, **kwargs) -> str:
    return reverse(f"gestione:{nome}", kwargs={"slug": luogo.slug, **kwargs})


# --- Dashboard ---------------------------------------------------------------


def test_dashboard_elenca_solo_i_luoghi_gestiti(client, community_manager, casa, altra_casa):
    client.force_login(community_manager)
    testo = client.get("/gestione/").content.decode()
    assert casa.nome in testo
    assert altra_casa.nome not in testo


def test_staff_vede_tutti_i_luoghi_e_il_link_all_admin(client, staff, casa, altra_casa):
    client.force_login(staff)
    testo = client.get("/gestione/").content.decode()
    assert casa.nome in testo
    assert altra_casa.nome in testo
    assert reverse("admin:quartieri_luogo_changelist") in testo


def test_utente_che_non_gestisce_luoghi_riceve_403_con_spiegazione(client, cittadino, casa):
    client.force_login(cittadino)
    risposta = client.get("/gestione/")
    assert risposta.status_code == 403
    assert "non gestisce nessun luogo" in risposta.content.decode()


# --- Page content ------------------------------------------------------------


def test_manager_aggiorna_descrizione_contatti_e_accessibilita(client, community_manager, casa):
    client.force_login(community_manager)
    risposta = client.post(
        url("luogo", casa),
        {
            "descrizione": "Portierato sociale e corsi per tutte le età.",
            "telefono": "0522 123456",
            "email": "info@casamirandola.test",
            "ingresso_senza_gradini": "true",
            "bagno_accessibile": "false",
            "anello_induttivo": "",
        },
    )
    assert risposta.status_code == 302
    casa.refresh_from_db()
    assert casa.descrizione == "Portierato sociale e corsi per tutte le età."
    assert casa.telefono == "0522 123456"
    assert casa.ingresso_senza_gradini is True
    assert casa.bagno_accessibile is False
    assert casa.anello_induttivo is None


def test_manager_non_cambia_nome_slug_coordinate_ne_pubblicazione(client, community_manager, casa):
    client.force_login(community_manager)
    client.post(
        url("luogo", casa),
        {
            "descrizione": "Nuova descrizione",
            "nome": "Altro nome",
            "slug": "altro-slug",
            "lat": "1.0",
            "pubblicato": "",
            "convenzione_fine": "2030-01-01",
        },
    )
    prima = (casa.nome, casa.slug, casa.lat, casa.pubblicato, casa.convenzione_fine)
    casa.refresh_from_db()
    assert (casa.nome, casa.slug, casa.lat, casa.pubblicato, casa.convenzione_fine) == prima
    assert casa.descrizione == "Nuova descrizione"


def test_foto_senza_testo_alternativo_e_rifiutata(client, community_manager, casa):
    client.force_login(community_manager)
    risposta = client.post(url("luogo", casa), {"descrizione": "x", "foto": immagine_png()})
    assert risposta.status_code == 200
    assert "testo alternativo" in risposta.content.decode()
    casa.refresh_from_db()
    assert not casa.foto
    assert casa.descrizione != "x"


def test_foto_scelta_con_un_altro_errore_non_si_perde_in_silenzio(client, community_manager, casa):
    client.force_login(community_manager)
    risposta = client.post(
        url("luogo", casa),
        {"foto": immagine_png(), "foto_descrizione": "La facciata", "email": "non-un-indirizzo"},
    )
    assert risposta.status_code == 200
    errori = risposta.context["form"].errors
    assert "email" in errori
    assert "sceglila di nuovo" in errori["foto"][0]
    assert "sceglila di nuovo" in risposta.content.decode()
    casa.refresh_from_db()
    assert not casa.foto


def test_foto_con_testo_alternativo_e_salvata(client, community_manager, casa):
    client.force_login(community_manager)
    risposta = client.post(
        url("luogo", casa),
        {"foto": immagine_png(), "foto_descrizione": "La facciata della Casa"},
    )
    assert risposta.status_code == 302
    casa.refresh_from_db()
    assert casa.foto.name.startswith("luoghi/")
    assert casa.foto_descrizione == "La facciata della Casa"


# --- Weekly hours -----------------------------------------------------------


def test_la_pagina_orari_mostra_righe_vuote_per_aggiungere_senza_javascript(
    client, community_manager, casa
):
    client.force_login(community_manager)
    testo = client.get(url("orari", casa)).content.decode()
    assert 'name="fasce-TOTAL_FORMS" value="10"' in testo  # 7 slots + 3 empty rows
    assert "Nuova fascia" in testo


def test_manager_aggiunge_una_fascia_e_ne_elimina_una(client, community_manager, casa):
    client.force_login(community_manager)
    esistenti = righe_orari(casa)
    esistenti[0]["DELETE"] = "on"  # Monday
    esistenti[1]["chiude"] = "12:00"  # Tuesday morning only...
    nuove = [{"giorno": "1", "apre": "15:00", "chiude": "19:00"}]  # ...and afternoon
    risposta = client.post(url("orari", casa), dati_formset("fasce", esistenti, nuove))
    assert risposta.status_code == 302
    fasce = list(casa.fasce_orarie.values_list("giorno", "apre", "chiude"))
    assert not [f for f in fasce if f[0] == 0]
    assert [f for f in fasce if f[0] == 1] == [
        (1, dt.time(9), dt.time(12)),
        (1, dt.time(15), dt.time(19)),
    ]


def test_fasce_sovrapposte_sono_rifiutate_con_un_messaggio_chiaro(client, community_manager, casa):
    client.force_login(community_manager)
    nuove = [{"giorno": "0", "apre": "18:00", "chiude": "21:00"}]
    risposta = client.post(url("orari", casa), dati_formset("fasce", righe_orari(casa), nuove))
    assert risposta.status_code == 200
    assert "si sovrappone" in risposta.content.decode()
    assert casa.fasce_orarie.count() == 7


def test_formset_con_una_riga_buona_e_una_cattiva_non_scrive_nulla(client, community_manager, casa):
    client.force_login(community_manager)
    prima = list(casa.fasce_orarie.values_list("giorno", "apre", "chiude"))
    esistenti = righe_orari(casa)
    esistenti[2]["apre"] = "10:00"  # good change
    nuove = [{"giorno": "6", "apre": "20:00", "chiude": "08:00"}]  # closes before it opens
    risposta = client.post(url("orari", casa), dati_formset("fasce", esistenti, nuove))
    assert risposta.status_code == 200
    assert "L&#x27;orario di chiusura deve seguire l&#x27;apertura." in risposta.content.decode()
    assert list(casa.fasce_orarie.values_list("giorno", "apre", "chiude")) == prima


def test_salvare_gli_orari_li_rende_reali(client, community_manager):
    luogo = crea_luogo(manager=community_manager, orari_di_esempio=True)
    client.force_login(community_manager)
    nuove = [{"giorno": "2", "apre": "09:00", "chiude": "12:00"}]
    client.post(url("orari", luogo), dati_formset("fasce", [], nuove))
    luogo.refresh_from_db()
    assert luogo.orari_di_esempio is False


def test_non_si_modifica_la_fascia_di_un_altro_luogo(client, community_manager, casa, altra_casa):
    fascia_altrui = crea_fascia(altra_casa, 0, "09:00", "10:00")
    client.force_login(community_manager)
    righe = [{"id": fascia_altrui.pk, "giorno": "0", "apre": "07:00", "chiude": "08:00"}]
    dati = dati_formset("fasce", righe, [])
    client.post(url("orari", casa), dati)
    fascia_altrui.refresh_from_db()
    assert fascia_altrui.apre == dt.time(9)


# --- Closures and special openings ------------------------------------------


@time_machine.travel(dt.datetime(2025, 4, 10, 10, tzinfo=dt.UTC), tick=False)
def test_manager_aggiunge_una_chiusura(client, community_manager, casa):
    client.force_login(community_manager)
    nuove = [
        {
            "tipo": "chiusura",
            "data_inizio": "2025-04-25",
            "data_fine": "2025-04-25",
            "motivo": "Festa della Liberazione",
        }
    ]
    risposta = client.post(url("eccezioni", casa), dati_formset("eccezioni", [], nuove))
    assert risposta.status_code == 302
    chiusura = casa.eccezioni.get()
    assert chiusura.tipo == EccezioneOrario.Tipo.CHIUSURA
    assert chiusura.data_inizio == dt.date(2025, 4, 25)


@time_machine.travel(dt.datetime(2025, 4, 10, 10, tzinfo=dt.UTC), tick=False)
def test_eccezione_che_finisce_prima_di_iniziare_e_rifiutata(client, community_manager, casa):
    client.force_login(community_manager)
    nuove = [
        {"tipo": "chiusura", "data_inizio": "2025-04-25", "data_fine": "2025-04-24"},
        {"tipo": "chiusura", "data_inizio": "2025-05-01", "data_fine": "2025-05-01"},
    ]
    risposta = client.post(url("eccezioni", casa), dati_formset("eccezioni", [], nuove))
    assert risposta.status_code == 200
    assert "La data finale non può precedere quella iniziale." in risposta.content.decode()
    assert not casa.eccezioni.exists()


@time_machine.travel(dt.datetime(2025, 4, 10, 10, tzinfo=dt.UTC), tick=False)
def test_apertura_straordinaria_senza_orario_e_rifiutata(client, community_manager, casa):
    client.force_login(community_manager)
    nuove = [{"tipo": "apertura", "data_inizio": "2025-04-26", "data_fine": "2025-04-26"}]
    risposta = client.post(url("eccezioni", casa), dati_formset("eccezioni", [], nuove))
    assert risposta.status_code == 200
    assert "ha un orario di apertura e chiusura" in risposta.content.decode()
    assert not casa.eccezioni.exists()


@time_machine.travel(dt.datetime(2025, 4, 10, 10, tzinfo=dt.UTC), tick=False)
def test_si_vedono_solo_le_eccezioni_in_corso_o_future(client, community_manager, casa):
    crea_eccezione(casa, dt.date(2025, 1, 6), motivo="Epifania passata")
    crea_eccezione(casa, dt.date(2025, 4, 8), dt.date(2025, 4, 12), motivo="Lavori in corso")
    crea_eccezione(casa, dt.date(2025, 8, 15), motivo="Ferragosto")
    client.force_login(community_manager)
    testo = client.get(url("eccezioni", casa)).content.decode()
    assert "Epifania passata" not in testo
    assert "Lavori in corso" in testo
    assert "Ferragosto" in testo


# --- Services ---------------------------------------------------------------


def test_manager_crea_un_servizio_con_orari_propri(client, community_manager, casa):
    categoria = crea_categoria(nome="Facilitazione digitale")
    client.force_login(community_manager)
    dati = {
        "categoria": categoria.pk,
        "titolo": "Aiuto con SPID",
        "descrizione": "Ti aiutiamo ad attivare SPID.",
        "pubblico": "anziani",
        "prenotazione": "on",
        "gratuito": "on",
        "pubblicato": "on",
        **dati_formset("fasce", [], [{"giorno": "3", "apre": "15:00", "chiude": "17:00"}]),
    }
    risposta = client.post(url("servizio_nuovo", casa), dati)
    assert risposta.status_code == 302
    servizio = casa.servizi.get()
    assert servizio.titolo == "Aiuto con SPID"
    assert servizio.usa_orari_luogo is False
    assert list(servizio.fasce_orarie.values_list("giorno", "apre")) == [(3, dt.time(15))]


def test_servizio_a_pagamento_senza_costo_e_rifiutato(client, community_manager, casa):
    categoria = crea_categoria()
    client.force_login(community_manager)
    dati = {
        "categoria": categoria.pk,
        "titolo": "Corso di informatica",
        "pubblico": "adulti",
        "costo": "  ",
        "usa_orari_luogo": "on",
        **dati_formset("fasce", [], []),
    }
    risposta = client.post(url("servizio_nuovo", casa), dati)
    assert risposta.status_code == 200
    assert "Un servizio a pagamento deve indicare il costo" in risposta.content.decode()
    assert not Servizio.objects.exists()


def test_servizio_con_fasce_sovrapposte_non_e_salvato(client, community_manager, casa):
    servizio = crea_servizio(casa, titolo="Portierato")
    client.force_login(community_manager)
    nuove = [
        {"giorno": "0", "apre": "09:00", "chiude": "11:00"},
        {"giorno": "0", "apre": "10:00", "chiude": "12:00"},
    ]
    dati = {
        "categoria": servizio.categoria_id,
        "titolo": "Portierato sociale",
        "pubblico": "tutti",
        "gratuito": "on",
        **dati_formset("fasce", [], nuove),
    }
    risposta = client.post(url("servizio", casa, pk=servizio.pk), dati)
    assert risposta.status_code == 200
    assert "si sovrappone" in risposta.content.decode()
    servizio.refresh_from_db()
    assert servizio.titolo == "Portierato"
    assert not FasciaOrariaServizio.objects.exists()


def test_manager_elimina_un_servizio_dopo_la_conferma(client, community_manager, casa):
    servizio = crea_servizio(casa, titolo="Ritiro pacchi")
    client.force_login(community_manager)
    conferma = client.get(url("servizio_elimina", casa, pk=servizio.pk))
    assert "Ritiro pacchi" in conferma.content.decode()
    risposta = client.post(url("servizio_elimina", casa, pk=servizio.pk))
    assert risposta.status_code == 302
    assert not Servizio.objects.filter(pk=servizio.pk).exists()


def test_servizio_di_un_altro_luogo_risponde_404_anche_sotto_il_proprio(
    client, community_manager, casa, altra_casa
):
    servizio_altrui = crea_servizio(altra_casa)
    client.force_login(community_manager)
    assert client.get(url("servizio", casa, pk=servizio_altrui.pk)).status_code == 404
    assert client.post(url("servizio_elimina", casa, pk=servizio_altrui.pk)).status_code == 404
    assert Servizio.objects.filter(pk=servizio_altrui.pk).exists()


# --- Query counts -----------------------------------------------------------


@pytest.mark.parametrize("numero", [1, 20])
def test_dashboard_query_costanti(client, community_manager, django_assert_max_num_queries, numero):
    """Expected queries:
    1. session  2. user  3. exists() check of managed places  4. COUNT for the paginator
    5. the places with their neighbourhood and the service and closure counts (subqueries)
    """
    quartiere = crea_quartiere()
    for n in range(numero):
        luogo = crea_luogo(quartiere, manager=community_manager, nome=f"Casa {n}")
        crea_servizio(luogo)
        crea_eccezione(luogo, dt.date(2099, 1, 1))
    client.force_login(community_manager)
    with django_assert_max_num_queries(5):
        risposta = client.get("/gestione/")
    assert risposta.status_code == 200
    assert len(risposta.context["luoghi"]) == numero


@pytest.mark.parametrize("numero", [1, 20])
def test_pagina_del_luogo_query_costanti(
    client, community_manager, django_assert_max_num_queries, numero
):
    """Expected queries: 1. session  2. user  3. the place with its neighbourhood
    4. the place's topics  5. the topics to choose from."""
    luogo = crea_luogo(manager=community_manager)
    for _ in range(numero):
        crea_servizio(luogo)
    client.force_login(community_manager)
    with django_assert_max_num_queries(5):
        assert client.get(url("luogo", luogo)).status_code == 200


@pytest.mark.parametrize("numero", [1, 20])
def test_pagina_orari_query_costanti(
    client, community_manager, django_assert_max_num_queries, numero
):
    """Expected queries: 1. session  2. user  3. the place  4. its weekly slots."""
    luogo = crea_luogo(manager=community_manager)
    for n in range(numero):
        crea_fascia(luogo, n % 7, f"{8 + n // 7 * 4:02d}:00", f"{10 + n // 7 * 4:02d}:00")
    client.force_login(community_manager)
    with django_assert_max_num_queries(4):
        risposta = client.get(url("orari", luogo))
    assert risposta.context["formset"].initial_form_count() == numero


@pytest.mark.parametrize("numero", [1, 20])
def test_pagina_chiusure_query_costanti(
    client, community_manager, django_assert_max_num_queries, numero
):
    """Expected queries: 1. session  2. user  3. the place  4. its current and future exceptions."""
    luogo = crea_luogo(manager=community_manager)
    for n in range(numero):
        crea_eccezione(luogo, dt.date(2099, 1, 1) + dt.timedelta(days=n))
    client.force_login(community_manager)
    with django_assert_max_num_queries(4):
        assert client.get(url("eccezioni", luogo)).status_code == 200


@pytest.mark.parametrize("numero", [1, 20])
def test_elenco_servizi_query_costanti(
    client, community_manager, django_assert_max_num_queries, numero
):
    """Expected queries:
    1. session  2. user  3. the place  4. its services with category and slot count
    """
    luogo = crea_luogo(manager=community_manager)
    categoria = crea_categoria()
    for n in range(numero):
        servizio = crea_servizio(luogo, categoria, usa_orari_luogo=n % 2 == 0)
        FasciaOrariaServizio.objects.create(
            servizio=servizio, giorno=1, apre=dt.time(9), chiude=dt.time(10)
        )
    client.force_login(community_manager)
    with django_assert_max_num_queries(4):
        risposta = client.get(url("servizi", luogo))
    assert len(risposta.context["servizi"]) == numero


@pytest.mark.parametrize("numero", [1, 20])
def test_modifica_servizio_query_costanti(
    client, community_manager, django_assert_max_num_queries, numero
):
    """Expected queries:
    1. session  2. user  3. the place  4. the service  5. the categories for the select
    6. the service's own slots  7. the service's topics  8. the topics to choose from
    """
    luogo = crea_luogo(manager=community_manager)
    servizio = crea_servizio(luogo, usa_orari_luogo=False)
    for n in range(numero):
        crea_categoria()
        FasciaOrariaServizio.objects.create(
            servizio=servizio, giorno=n % 7, apre=dt.time(8 + n // 7), chiude=dt.time(9 + n // 7)
        )
    client.force_login(community_manager)
    with django_assert_max_num_queries(8):
        assert client.get(url("servizio", luogo, pk=servizio.pk)).status_code == 200


def test_fasce_esistenti_restano_dopo_un_salvataggio_senza_modifiche(
    client, community_manager, casa
):
    client.force_login(community_manager)
    client.post(url("orari", casa), dati_formset("fasce", righe_orari(casa), []))
    assert FasciaOraria.objects.filter(luogo=casa).count() == 7
