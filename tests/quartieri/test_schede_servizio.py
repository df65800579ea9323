"""The scheda servizio of a proximity service and the modello Comuni's service categories."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import ValidationError

from portal.models import Argomento
from quartieri.models import CategoriaModello, Servizio
from tests.factories import (
    crea_categoria,
    crea_ente,
    crea_fascia,
    crea_luogo,
    crea_orario_settimanale,
    crea_servizio,
)

pytestmark = pytest.mark.django_db

# The page index the national validator expects, in its order (C.SI.1.3).
INDICE_MODELLO = [
    "A chi è rivolto",
    "Come fare",
    "Cosa serve",
    "Cosa si ottiene",
    "Tempi e scadenze",
    "Accedi al servizio",
    "Condizioni di servizio",
    "Contatti",
]
# The validator's service categories (C.SI.1.7), to the letter.
CATEGORIE_VALIDATORE = {
    "Educazione e formazione",
    "Salute, benessere e assistenza",
    "Vita lavorativa",
    "Mobilità e trasporti",
    "Catasto e urbanistica",
    "Anagrafe e stato civile",
    "Turismo",
    "Giustizia e sicurezza pubblica",
    "Tributi, finanze e contravvenzioni",
    "Cultura e tempo libero",
    "Ambiente",
    "Imprese e commercio",
    "Autorizzazioni",
    "Appalti pubblici",
    "Agricoltura e pesca",
}


@pytest.fixture
def casa():
    luogo = crea_luogo(
        nome="Casa Mirandola", indirizzo="via Mirandola 4", cap="42121", telefono="0522 1"
    )
    crea_orario_settimanale(luogo)
    return luogo


@pytest.fixture
def servizio(casa):
    categoria = crea_categoria(
        nome="Facilitazione digitale", categoria_modello=CategoriaModello.EDUCAZIONE
    )
    return crea_servizio(
        casa,
        categoria,
        titolo="Aiuto con SPID",
        descrizione="Ti aiutiamo ad attivare SPID.",
        cosa_serve="Documento d'identità e tessera sanitaria.",
        prenotazione=True,
        pubblico=Servizio.Pubblico.ANZIANI,
    )


def _data_element(html: str, nome: str) -> list[str]:
    return re.findall(rf'data-element="{nome}"[^>]*>(.*?)</', html, re.S)


def test_scheda_ha_le_voci_del_modello_nell_ordine(client, servizio):
    risposta = client.get(servizio.get_absolute_url())
    assert risposta.status_code == 200
    html = risposta.content.decode()
    indice = re.search(r'<ul[^>]*data-element="page-index">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r"<li><a[^>]*>([^<]+)</a></li>", indice) == INDICE_MODELLO
    assert _data_element(html, "service-title") == ["Aiuto con SPID"]
    assert _data_element(html, "service-status") == ["Servizio attivo"]
    for nome in [
        "service-description",
        "service-topic",
        "service-addressed",
        "service-how-to",
        "service-needed",
        "service-achieved",
        "service-calendar-text",
        "service-calendar-list",
        "service-generic-access",
        "service-booking-access",
        "service-area",
    ]:
        assert f'data-element="{nome}"' in html, nome
    assert "Documento d&#x27;identità e tessera sanitaria." in html
    # Breadcrumb: Home / Servizi / the modello category / the service.
    briciole = re.search(r'<ol class="breadcrumb"[^>]*>(.*?)</ol>', html, re.S).group(1)
    voci = [re.sub(r"<[^>]+>|/", "", voce).strip() for voce in briciole.split("</li>")]
    assert voci[1:4] == ["Servizi", "Educazione e formazione", "Aiuto con SPID"]
    assert 'data-element="feedback"' in html


def test_json_ld_government_service_con_le_voci_del_controllo_metatag(client, servizio):
    html = client.get(servizio.get_absolute_url()).content.decode()
    blocco = re.search(
        r'<script type="application/ld\+json" data-element="metatag">(.*?)</script>', html, re.S
    )
    dati = json.loads(blocco.group(1))
    assert dati["@type"] == "GovernmentService"
    assert dati["name"] == "Aiuto con SPID"
    assert dati["serviceType"] == "Educazione e formazione"
    assert dati["serviceOperator"]["name"]
    assert dati["areaServed"]["name"] == servizio.luogo.quartiere.comune.nome
    assert dati["audience"]["audienceType"] == "anziani"
    canale = dati["availableChannel"]
    assert canale["serviceUrl"].endswith(servizio.get_absolute_url())
    assert canale["serviceLocation"]["name"] == "Casa Mirandola"
    assert canale["serviceLocation"]["address"]["streetAddress"] == "via Mirandola 4"
    assert canale["serviceLocation"]["address"]["postalCode"] == "42121"


def test_json_ld_non_chiude_lo_script(client, casa):
    servizio = crea_servizio(casa, descrizione="</script><script>alert(1)</script>")
    html = client.get(servizio.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html


def test_gestore_del_luogo_e_l_operatore_del_servizio(client, casa, servizio):
    casa.gestore = crea_ente(nome="Associazione Mirandola")
    casa.save()
    html = client.get(servizio.get_absolute_url()).content.decode()
    assert '"serviceOperator": {"@type": "Organization", "name": "Associazione Mirandola"}' in html


def test_prenotazione_porta_all_indirizzo_indicato(client, servizio):
    servizio.url_prenotazione = "https://prenota.comune.test/spid"
    servizio.save()
    html = client.get(servizio.get_absolute_url()).content.decode()
    assert re.search(
        r'data-element="service-booking-access" href="https://prenota.comune.test/spid"', html
    )


def test_senza_prenotazione_nessun_pulsante_di_prenotazione(client, casa):
    servizio = crea_servizio(casa, prenotazione=False)
    html = client.get(servizio.get_absolute_url()).content.decode()
    assert 'data-element="service-booking-access"' not in html
    assert "non serve prenotare" in html


def test_servizio_sospeso_e_non_attivo_con_il_motivo(client, servizio):
    servizio.sospeso = True
    servizio.motivo_sospensione = "Sospeso per lavori fino al 30 giugno."
    servizio.save()
    html = client.get(servizio.get_absolute_url()).content.decode()
    assert _data_element(html, "service-status") == ["Servizio non attivo"]
    assert "Sospeso per lavori fino al 30 giugno." in html


def test_servizio_sospeso_senza_motivo_e_rifiutato(servizio):
    servizio.sospeso = True
    with pytest.raises(ValidationError) as errore:
        servizio.full_clean()
    assert "motivo_sospensione" in errore.value.message_dict


def test_orari_propri_del_servizio_nel_calendario(client, casa):
    servizio = crea_servizio(casa, usa_orari_luogo=False)
    servizio.fasce_orarie.create(giorno=2, apre="15:00", chiude="17:30")
    html = client.get(servizio.get_absolute_url()).content.decode()
    calendario = re.search(r'data-element="service-calendar-list">(.*?)</ul>', html, re.S)
    assert "Mercoledì" in calendario.group(1)
    assert "15:00–17:30" in calendario.group(1)
    assert "Lunedì" not in calendario.group(1)


@pytest.mark.parametrize("come", ["non_pubblicato", "luogo_non_pubblicato"])
def test_servizio_non_pubblicato_risponde_404(client, casa, servizio, come):
    if come == "non_pubblicato":
        Servizio.objects.filter(pk=servizio.pk).update(pubblicato=False)
    else:
        casa.pubblicato = False
        casa.save()
    assert client.get(servizio.get_absolute_url()).status_code == 404


def test_liste_collegano_la_scheda_con_service_link(client, casa, servizio):
    link = f'href="{servizio.get_absolute_url()}" data-element="service-link"'
    assert link in client.get("/servizi/").content.decode()
    assert link in client.get(casa.get_absolute_url()).content.decode()


def test_pagina_servizi_elenca_le_categorie_del_modello_con_servizi(client, casa, servizio):
    crea_servizio(casa, crea_categoria(categoria_modello=CategoriaModello.CULTURA))
    crea_servizio(casa, crea_categoria(categoria_modello=CategoriaModello.CULTURA))
    vuota = crea_categoria(categoria_modello=CategoriaModello.TURISMO)
    crea_servizio(casa, vuota, pubblicato=False)
    html = client.get("/servizi/").content.decode()
    titoli = re.findall(r'data-element="service-category-link">([^<]+)<', html)
    assert titoli == ["Educazione e formazione", "Cultura e tempo libero"]
    assert set(titoli) <= CATEGORIE_VALIDATORE
    assert "(2 servizi)" in html
    assert 'href="/servizi/categorie/cultura-e-tempo-libero/"' in html


def test_le_categorie_del_modello_sono_quelle_del_validatore():
    assert {c.label for c in CategoriaModello} == CATEGORIE_VALIDATORE


def test_pagina_di_categoria_elenca_solo_i_suoi_servizi_pubblicati(client, casa, servizio):
    altra = crea_servizio(casa, crea_categoria(categoria_modello=CategoriaModello.AMBIENTE))
    nascosto = crea_servizio(casa, servizio.categoria, pubblicato=False)
    risposta = client.get("/servizi/categorie/educazione-e-formazione/")
    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert f'href="{servizio.get_absolute_url()}" data-element="service-link"' in html
    assert altra.get_absolute_url() not in html
    assert nascosto.get_absolute_url() not in html
    assert "<h1>Educazione e formazione</h1>" in html


def test_categoria_sconosciuta_risponde_404(client):
    assert client.get("/servizi/categorie/astronautica/").status_code == 404


def test_per_categoria_modello_conta_nel_database(casa, django_assert_num_queries):
    for _ in range(3):
        crea_servizio(casa, crea_categoria(categoria_modello=CategoriaModello.AMBIENTE))
    crea_servizio(casa, crea_categoria(categoria_modello=CategoriaModello.SALUTE))
    with django_assert_num_queries(1):
        conteggi = Servizio.objects.pubblicati().per_categoria_modello()
    assert conteggi == [(CategoriaModello.SALUTE, 1), (CategoriaModello.AMBIENTE, 3)]


def test_query_della_scheda(client, casa, django_assert_max_num_queries):
    """Expected queries, whatever the number of slots and exceptions:
    1. the service with category, place, quartiere, comune and gestore
    2. the service's own slots
    3. the place's weekly slots
    4. the place's exceptions
    5. the service's topics
    """
    servizio = crea_servizio(casa, usa_orari_luogo=False)
    for giorno in range(7):
        servizio.fasce_orarie.create(giorno=giorno, apre="09:00", chiude="12:00")
    crea_fascia(casa, 0, "20:00", "22:00")
    with django_assert_max_num_queries(5):
        risposta = client.get(servizio.get_absolute_url())
    assert risposta.status_code == 200


def test_la_scheda_mostra_gli_argomenti_del_servizio(client, casa):
    servizio = crea_servizio(casa)
    argomento = Argomento.objects.get(nome="Assistenza sociale")
    servizio.argomenti.add(argomento)
    html = client.get(servizio.get_absolute_url()).content.decode()
    assert f'href="{argomento.get_absolute_url()}" data-element="service-topic"' in html


def test_query_della_pagina_di_categoria(client, casa, django_assert_max_num_queries):
    """Expected queries, whatever the number of services:
    1. count of the category's services (paginator)
    2. the page's services with their category and place
    """
    categoria = crea_categoria(categoria_modello=CategoriaModello.AMBIENTE)
    for _ in range(15):
        crea_servizio(casa, categoria)
    with django_assert_max_num_queries(2):
        risposta = client.get("/servizi/categorie/ambiente/")
    assert len(risposta.context["servizi"]) == 15


# --- The community manager keeps the scheda current -------------------------


def _dati_servizio(servizio: Servizio, **altro) -> dict:
    return {
        "categoria": servizio.categoria_id,
        "titolo": servizio.titolo,
        "pubblico": servizio.pubblico,
        "gratuito": "on",
        "pubblicato": "on",
        "usa_orari_luogo": "on",
        "fasce-TOTAL_FORMS": "0",
        "fasce-INITIAL_FORMS": "0",
        "fasce-MIN_NUM_FORMS": "0",
        "fasce-MAX_NUM_FORMS": "1000",
        **altro,
    }


def test_manager_scrive_le_sezioni_della_scheda(client, community_manager, casa, servizio):
    casa.community_manager.add(community_manager)
    client.force_login(community_manager)
    dati = _dati_servizio(servizio, come_fare="Telefona il lunedì mattina.", sospeso="")
    risposta = client.post(f"/gestione/{casa.slug}/servizi/{servizio.pk}/", dati)
    assert risposta.status_code == 302
    servizio.refresh_from_db()
    assert servizio.come_fare == "Telefona il lunedì mattina."
    assert servizio.sospeso is False
    client.logout()
    assert "Telefona il lunedì mattina." in client.get(servizio.get_absolute_url()).content.decode()


def test_manager_non_sospende_senza_motivo(client, community_manager, casa, servizio):
    casa.community_manager.add(community_manager)
    client.force_login(community_manager)
    dati = _dati_servizio(servizio, sospeso="on", motivo_sospensione=" ")
    risposta = client.post(f"/gestione/{casa.slug}/servizi/{servizio.pk}/", dati)
    assert risposta.status_code == 200
    assert "Spiega perché il servizio è sospeso" in risposta.content.decode()
    servizio.refresh_from_db()
    assert servizio.sospeso is False


def test_manager_di_altra_casa_non_modifica_la_scheda(
    client, altro_community_manager, casa, servizio
):
    crea_luogo(manager=altro_community_manager)
    client.force_login(altro_community_manager)
    dati = _dati_servizio(servizio, come_fare="Intruso")
    risposta = client.post(f"/gestione/{casa.slug}/servizi/{servizio.pk}/", dati)
    assert risposta.status_code in (403, 404)
    servizio.refresh_from_db()
    assert servizio.come_fare == ""


def test_prenota_un_appuntamento_porta_ai_servizi_su_prenotazione(client, casa, servizio):
    libero = crea_servizio(casa, titolo="Wi-fi libero", prenotazione=False)
    html = client.get("/servizi/").content.decode()
    link = re.search(r'href="([^"]+)" data-element="appointment-booking"', html).group(1)
    html = client.get(link.replace("&amp;", "&")).content.decode()
    assert servizio.get_absolute_url() in html
    assert libero.get_absolute_url() not in html


def test_le_condizioni_di_servizio_devono_essere_un_vero_pdf(casa):
    from django.core.files.uploadedfile import SimpleUploadedFile

    servizio = crea_servizio(casa)
    servizio.condizioni = SimpleUploadedFile("regolamento.pdf", b"<html>non un PDF</html>")
    with pytest.raises(ValidationError) as errore:
        servizio.full_clean()
    assert "condizioni" in errore.value.message_dict
