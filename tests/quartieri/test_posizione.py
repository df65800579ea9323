"""A place's exact point (issue 13): set in the management area or the admin, it clears
the "approximate" flag, and directions then go to it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartieri.models import Luogo
from tests.factories import crea_luogo

pytestmark = pytest.mark.django_db


def _url(luogo: Luogo) -> str:
    return reverse("gestione:posizione", kwargs={"slug": luogo.slug})


def test_il_manager_salva_il_punto_e_le_coordinate_diventano_esatte(
    client, casa, community_manager
):
    assert not casa.coordinate_esatte
    client.force_login(community_manager)
    pagina = client.get(_url(casa)).content.decode()
    assert "data-scegli-punto" in pagina
    assert "solo il centro del quartiere" in pagina

    risposta = client.post(_url(casa), {"lat": "44.698312", "lon": "10.631245"})

    assert risposta.status_code == 302
    casa.refresh_from_db()
    assert (casa.lat, casa.lon, casa.coordinate_esatte) == (44.698312, 10.631245, True)
    pubblica = client.get(casa.get_absolute_url()).content.decode()
    assert "directions?to=44.698312%2C10.631245" in pubblica
    assert "Coordinate approssimative" not in pubblica


def test_lo_staff_salva_il_punto_di_ogni_luogo(client, casa, staff):
    client.force_login(staff)
    client.post(_url(casa), {"lat": "44.7", "lon": "10.6"})
    casa.refresh_from_db()
    assert casa.coordinate_esatte


@pytest.mark.parametrize(
    ("dati", "messaggio"),
    [
        ({"lat": "95", "lon": "10.6"}, "90"),
        ({"lat": "abc", "lon": "10.6"}, "Inserisci un numero"),
        ({"lat": "44.7", "lon": ""}, "obbligatorio"),
    ],
)
def test_punto_non_valido_e_un_errore_e_non_salva_nulla(
    client, casa, community_manager, dati, messaggio
):
    prima = (casa.lat, casa.lon)
    client.force_login(community_manager)
    risposta = client.post(_url(casa), dati)
    assert risposta.status_code == 200
    assert messaggio in risposta.content.decode()
    casa.refresh_from_db()
    assert (casa.lat, casa.lon, casa.coordinate_esatte) == (*prima, False)


def test_il_manager_di_un_altra_casa_riceve_404(client, altra_casa, community_manager):
    client.force_login(community_manager)
    assert client.get(_url(altra_casa)).status_code == 404
    assert client.post(_url(altra_casa), {"lat": "44.7", "lon": "10.6"}).status_code == 404
    altra_casa.refresh_from_db()
    assert not altra_casa.coordinate_esatte


def test_un_cittadino_non_arriva_alla_posizione(client, casa, cittadino):
    client.force_login(cittadino)
    assert client.post(_url(casa), {"lat": "44.7", "lon": "10.6"}).status_code == 404
    casa.refresh_from_db()
    assert not casa.coordinate_esatte


def _dati_admin(client, luogo: Luogo, **campi) -> dict:
    """The admin's change form as the browser would send it back, with `campi` changed."""
    scheda = client.get(reverse("admin:quartieri_luogo_change", args=[luogo.pk]))
    form = scheda.context["adminform"].form
    dati = {}
    for nome in form.fields:
        valore = form[nome].value()
        if valore is None or valore is False:
            continue
        if isinstance(valore, list | tuple):
            dati[nome] = [str(v) for v in valore]
        elif valore is True:
            dati[nome] = "on"
        else:
            dati[nome] = str(valore)
    for inline in scheda.context["inline_admin_formsets"]:
        gestione = inline.formset.management_form
        for nome in gestione.fields:
            dati[f"{inline.formset.prefix}-{nome}"] = gestione[nome].value()
    dati.update(campi)
    return dati


def test_nell_admin_cambiare_le_coordinate_toglie_il_segno_di_approssimate(client, staff):
    casa = crea_luogo(nome="Casa Da Posizionare")
    client.force_login(staff)
    pagina = client.get(reverse("admin:quartieri_luogo_change", args=[casa.pk])).content.decode()
    assert "js/scegli-punto.js" in pagina
    assert 'data-campo-esatte="id_coordinate_esatte"' in pagina

    risposta = client.post(
        reverse("admin:quartieri_luogo_change", args=[casa.pk]),
        _dati_admin(client, casa, lat="44.701234", lon="10.621234"),
    )

    assert risposta.status_code == 302, risposta.context["adminform"].form.errors
    casa.refresh_from_db()
    assert (casa.lat, casa.coordinate_esatte) == (44.701234, True)


def test_nell_admin_un_altro_cambiamento_non_tocca_il_segno(client, staff):
    luogo = crea_luogo(nome="Casa Senza Punto")
    client.force_login(staff)
    client.post(
        reverse("admin:quartieri_luogo_change", args=[luogo.pk]),
        _dati_admin(client, luogo, nome="Casa Rinominata"),
    )
    luogo.refresh_from_db()
    assert (luogo.nome, luogo.coordinate_esatte) == ("Casa Rinominata", False)
