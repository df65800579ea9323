from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.factories import crea_incarico, crea_ore
from volontari.models import Candidatura, OreVolontariato

pytestmark = pytest.mark.django_db
TUTOR = reverse("volontari:tutor")


@pytest.fixture(autouse=True)
def _oggi():
    with time_machine.travel(dt.datetime(2025, 3, 10, 12, 0), tick=False):
        yield


def _molte_ore(opportunita, quante: int) -> None:
    for n in range(quante):
        incarico = crea_incarico(opportunita=opportunita)
        crea_ore(incarico, data=dt.date(2025, 3, 1) + dt.timedelta(days=n % 5))
        Candidatura.objects.create(volontario=incarico.volontario, opportunita=opportunita)


@pytest.mark.parametrize("quante", [1, 30])
def test_area_tutor_con_numero_costante_di_query(
    client, tutor, opportunita, django_assert_max_num_queries, quante
):
    """Session, user, groups; opportunities with counts; applications; pending count and
    page of the queue (with volunteers and opportunities joined); the messages: 8 in all."""
    _molte_ore(opportunita, quante)
    client.force_login(tutor)
    with django_assert_max_num_queries(8):
        risposta = client.get(TUTOR)
    assert risposta.status_code == 200
    assert len(risposta.context["pagina"].object_list) == quante


def test_approvazione_in_blocco_dalla_coda(client, tutor, incarico):
    voci = [crea_ore(incarico, data=dt.date(2025, 3, n)).pk for n in (1, 2)]
    client.force_login(tutor)
    risposta = client.post(
        reverse("volontari:tutor_decidi_ore"), {"voci": voci, "azione": "approva"}
    )
    assert risposta.status_code == 302
    assert OreVolontariato.objects.approvate().count() == 2


def test_rifiuto_senza_motivo_mostra_errore(client, tutor, incarico):
    voce = crea_ore(incarico)
    client.force_login(tutor)
    risposta = client.post(
        reverse("volontari:tutor_decidi_ore"), {"voci": [voce.pk], "azione": "rifiuta"}
    )
    assert risposta.status_code == 400
    assert "Spiega al volontario" in risposta.content.decode()
    assert OreVolontariato.objects.in_attesa().count() == 1


def test_voci_di_altri_tutor_non_si_decidono(client, tutor, altro_incarico):
    voce = crea_ore(altro_incarico)
    client.force_login(tutor)
    risposta = client.post(
        reverse("volontari:tutor_decidi_ore"), {"voci": [voce.pk], "azione": "approva"}
    )
    assert risposta.status_code == 400
    voce.refresh_from_db()
    assert voce.stato == "in_attesa"


def test_risposta_a_una_candidatura(client, tutor, volontario, opportunita):
    candidatura = Candidatura.objects.create(volontario=volontario, opportunita=opportunita)
    client.force_login(tutor)
    url = reverse("volontari:tutor_candidatura", kwargs={"pk": candidatura.pk})
    assert client.get(url).status_code == 200
    risposta = client.post(url, {"esito": "rifiuta", "risposta": ""})
    assert "perché la candidatura non è accolta" in risposta.content.decode()
    risposta = client.post(url, {"esito": "accetta", "risposta": "Benvenuto"})
    assert risposta.status_code == 302
    assert volontario.incarichi.get().data_inizio == dt.date(2025, 3, 10)


@pytest.mark.parametrize("quante", [1, 30])
def test_ore_del_volontario_con_numero_costante_di_query(
    client, tutor, incarico, django_assert_max_num_queries, quante
):
    """Session, user, groups; the volunteer; enrolments with sums; count and page of
    entries (opportunity and corrected entry joined): 7 in all."""
    for n in range(quante):
        crea_ore(incarico, data=dt.date(2024, 1, 1) + dt.timedelta(days=n))
    client.force_login(tutor)
    url = reverse("volontari:tutor_volontario", kwargs={"pk": incarico.volontario_id})
    with django_assert_max_num_queries(7):
        risposta = client.get(url)
    assert risposta.status_code == 200
    assert len(risposta.context["pagina"].object_list) == quante


def test_ore_di_gruppo(client, tutor, incarico, opportunita):
    secondo = crea_incarico(opportunita=opportunita)
    client.force_login(tutor)
    url = reverse("volontari:tutor_ore_gruppo", kwargs={"pk": opportunita.pk})
    assert client.get(url).status_code == 200
    risposta = client.post(
        url,
        {
            "data": "2025-03-04",
            "attivita_svolta": "Festa di primavera",
            f"ore_{incarico.pk}": "2.5",
            f"ore_{secondo.pk}": "",
        },
    )
    assert risposta.status_code == 302
    assert list(OreVolontariato.objects.values_list("incarico", "ore")) == [(incarico.pk, 2.5)]


def test_ore_di_gruppo_quarti_d_ora(client, tutor, incarico, opportunita):
    client.force_login(tutor)
    url = reverse("volontari:tutor_ore_gruppo", kwargs={"pk": opportunita.pk})
    risposta = client.post(
        url, {"data": "2025-03-04", "attivita_svolta": "x", f"ore_{incarico.pk}": "1.1"}
    )
    assert "quarti d'ora" in risposta.context["form"].errors[f"ore_{incarico.pk}"][0]
    assert not OreVolontariato.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_area_tutor_e_profilo_senza_violazioni_axe(pagina_telefono, live_server, tutor, incarico):
    from tests.conftest import accedi_nel_browser, violazioni_axe

    crea_ore(incarico)
    Candidatura.objects.create(
        volontario=crea_incarico().volontario, opportunita=incarico.opportunita
    )
    accedi_nel_browser(pagina_telefono, live_server, tutor)
    for url in (
        TUTOR,
        reverse("volontari:tutor_volontario", kwargs={"pk": incarico.volontario_id}),
        reverse("volontari:tutor_ore_gruppo", kwargs={"pk": incarico.opportunita_id}),
        reverse("volontari:profilo"),
    ):
        pagina_telefono.goto(url)
        assert violazioni_axe(pagina_telefono) == [], url
