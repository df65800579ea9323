"""The admin of quartieri: council staff keep the registry, nobody else gets in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from quartieri.models import FasciaOrariaServizio, Luogo, Settore
from tests.conftest import crea_utente
from tests.factories import (
    crea_categoria,
    crea_eccezione,
    crea_ente,
    crea_luogo,
    crea_quartiere,
    crea_servizio,
)

pytestmark = pytest.mark.django_db

MODELLI = [
    "comune",
    "ambitoterritoriale",
    "quartiere",
    "settore",
    "ente",
    "luogo",
    "fasciaoraria",
    "eccezioneorario",
    "categoriaservizio",
    "servizio",
    "fasciaorariaservizio",
]


@pytest.fixture
def registro(casa):
    """One row of every model, to open each change form."""
    servizio = crea_servizio(casa)
    quartiere = casa.quartiere
    return {
        "comune": quartiere.comune,
        "ambitoterritoriale": quartiere.ambito,
        "quartiere": quartiere,
        "settore": Settore.objects.create(nome="Sociale", slug="sociale"),
        "ente": crea_ente(),
        "luogo": casa,
        "fasciaoraria": casa.fasce_orarie.first(),
        "eccezioneorario": crea_eccezione(casa, dt.date(2025, 12, 25)),
        "categoriaservizio": servizio.categoria,
        "servizio": servizio,
        "fasciaorariaservizio": FasciaOrariaServizio.objects.create(
            servizio=servizio, giorno=0, apre=dt.time(9), chiude=dt.time(12)
        ),
    }


@pytest.mark.parametrize("modello", MODELLI)
def test_staff_apre_elenco_e_scheda_di_ogni_modello(client, staff, registro, modello):
    client.force_login(staff)
    assert client.get(reverse(f"admin:quartieri_{modello}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:quartieri_{modello}_add")).status_code == 200
    oggetto = registro[modello]
    assert (
        client.get(reverse(f"admin:quartieri_{modello}_change", args=[oggetto.pk])).status_code
        == 200
    )


@pytest.mark.parametrize("modello", MODELLI)
def test_staff_cerca_in_ogni_elenco(client, staff, registro, modello):
    client.force_login(staff)
    risposta = client.get(reverse(f"admin:quartieri_{modello}_changelist"), {"q": "Casa"})
    assert risposta.status_code == 200


@pytest.mark.parametrize("persona", ["cittadino", "community_manager", "tutor"])
def test_altri_ruoli_non_entrano_nel_registro_dei_luoghi(client, request, casa, persona):
    client.force_login(request.getfixturevalue(persona))
    for indirizzo in (
        reverse("admin:quartieri_luogo_changelist"),
        reverse("admin:quartieri_luogo_change", args=[casa.pk]),
    ):
        risposta = client.get(indirizzo)
        assert risposta.status_code == 302
        assert risposta["Location"].startswith(reverse("admin:login"))


def _gestione_inline(prefisso: str) -> dict:
    return {
        f"{prefisso}-TOTAL_FORMS": "0",
        f"{prefisso}-INITIAL_FORMS": "0",
        f"{prefisso}-MIN_NUM_FORMS": "0",
        f"{prefisso}-MAX_NUM_FORMS": "1000",
    }


def _dati_nuovo_luogo(quartiere, **campi) -> dict:
    dati = {
        "nome": "Casa Nuova",
        "slug": "casa-nuova",
        "tipo": "casa_di_quartiere",
        "pubblicato": "on",
        "quartiere": quartiere.pk,
        "lat": "44.6983",
        "lon": "10.6312",
        "ingresso_senza_gradini": "unknown",
        "bagno_accessibile": "unknown",
        "anello_induttivo": "unknown",
        "parcheggio_disabili": "unknown",
        **_gestione_inline("fasce_orarie"),
        **_gestione_inline("eccezioni"),
        **_gestione_inline("servizi"),
    }
    dati.update(campi)
    return dati


def test_staff_aggiunge_un_luogo_con_orari_e_community_manager(client, staff, community_manager):
    quartiere = crea_quartiere()
    client.force_login(staff)
    dati = _dati_nuovo_luogo(
        quartiere,
        community_manager=[community_manager.pk],
        **{
            "fasce_orarie-TOTAL_FORMS": "2",
            "fasce_orarie-0-giorno": "0",
            "fasce_orarie-0-apre": "09:00",
            "fasce_orarie-0-chiude": "12:00",
            "fasce_orarie-1-giorno": "0",
            "fasce_orarie-1-apre": "15:00",
            "fasce_orarie-1-chiude": "19:00",
        },
    )
    risposta = client.post(reverse("admin:quartieri_luogo_add"), dati)
    assert risposta.status_code == 302, risposta.context["adminform"].form.errors
    luogo = Luogo.objects.get(slug="casa-nuova")
    assert luogo.fasce_orarie.count() == 2
    assert list(luogo.community_manager.all()) == [community_manager]


def test_admin_rifiuta_fasce_sovrapposte(client, staff):
    client.force_login(staff)
    dati = _dati_nuovo_luogo(
        crea_quartiere(),
        **{
            "fasce_orarie-TOTAL_FORMS": "2",
            "fasce_orarie-0-giorno": "0",
            "fasce_orarie-0-apre": "09:00",
            "fasce_orarie-0-chiude": "13:00",
            "fasce_orarie-1-giorno": "0",
            "fasce_orarie-1-apre": "12:00",
            "fasce_orarie-1-chiude": "19:00",
        },
    )
    risposta = client.post(reverse("admin:quartieri_luogo_add"), dati)
    assert risposta.status_code == 200
    assert "si sovrappone" in risposta.content.decode()
    assert not Luogo.objects.filter(slug="casa-nuova").exists()


def test_solo_i_community_manager_si_assegnano_a_un_luogo(client, staff, community_manager):
    cittadino = crea_utente("qualcuno@esempio.test")
    client.force_login(staff)
    scheda = client.get(reverse("admin:quartieri_luogo_add"))
    scelte = scheda.context["adminform"].form.fields["community_manager"].queryset
    assert community_manager in scelte
    assert cittadino not in scelte
    risposta = client.post(
        reverse("admin:quartieri_luogo_add"),
        _dati_nuovo_luogo(crea_quartiere(), community_manager=[cittadino.pk]),
    )
    assert risposta.status_code == 200
    assert not Luogo.objects.filter(slug="casa-nuova").exists()


def test_la_scheda_del_luogo_porta_al_punto_su_openstreetmap(client, staff, casa):
    client.force_login(staff)
    testo = client.get(reverse("admin:quartieri_luogo_change", args=[casa.pk])).content.decode()
    assert f"https://www.openstreetmap.org/?mlat={casa.lat:.6f}&amp;mlon={casa.lon:.6f}" in testo


def test_filtro_orari_di_esempio_mostra_solo_i_luoghi_con_orari_di_esempio(client, staff):
    esempio = crea_luogo(nome="Casa con orari di esempio", orari_di_esempio=True)
    reale = crea_luogo(nome="Casa con orari veri")
    client.force_login(staff)
    risposta = client.get(
        reverse("admin:quartieri_luogo_changelist"), {"orari_di_esempio__exact": "1"}
    )
    luoghi = list(risposta.context["cl"].result_list)
    assert esempio in luoghi
    assert reale not in luoghi


def test_admin_servizio_a_pagamento_senza_costo_ha_un_messaggio_chiaro(client, staff, casa):
    client.force_login(staff)
    dati = {
        "luogo": casa.pk,
        "categoria": crea_categoria().pk,
        "titolo": "Corso",
        "pubblico": "tutti",
        "usa_orari_luogo": "on",
        **_gestione_inline("fasce_orarie"),
    }
    risposta = client.post(reverse("admin:quartieri_servizio_add"), dati)
    assert risposta.status_code == 200
    assert "Un servizio a pagamento deve indicare il costo" in risposta.content.decode()


def test_ente_si_cerca_per_codice_fiscale(client, staff):
    ente = crea_ente(nome="Circolo Arci Esempio")
    crea_ente(nome="Altra associazione")
    client.force_login(staff)
    risposta = client.get(reverse("admin:quartieri_ente_changelist"), {"q": ente.codice_fiscale})
    assert list(risposta.context["cl"].result_list) == [ente]
