"""The /report/ page: who may request, see and download; live state; query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.models import RichiestaReport
from portal.report import services

pytestmark = pytest.mark.django_db

URL = reverse("portal:report")


def _mensile(casa, utente, formato="xlsx"):
    return services.richiedi_report(
        tipo="mensile_casa",
        parametri={"luogo": casa.pk, "anno": 2025, "mese": 3, "formato": formato},
        utente=utente,
    )


def _pronta(casa, utente, formato="xlsx", django_capture_on_commit_callbacks=None):
    with django_capture_on_commit_callbacks(execute=True):
        richiesta = _mensile(casa, utente, formato)
    richiesta.refresh_from_db()
    return richiesta


def test_anonimo_va_al_login(client):
    risposta = client.get(URL)
    assert risposta.status_code == 302
    assert "/account/login/" in risposta["Location"]


def test_cittadino_riceve_403(client, cittadino):
    client.force_login(cittadino)
    assert client.get(URL).status_code == 403
    assert client.post(reverse("portal:report_richiedi"), {}).status_code == 403


def test_staff_richiede_un_report_dal_modulo(
    client, staff, casa, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    dati = {"tipo": "mensile_casa", "formato": "pdf", "anno": 2025, "mese": 3, "luogo": casa.pk}
    with django_capture_on_commit_callbacks(execute=True):
        risposta = client.post(reverse("portal:report_richiedi"), dati)
    assert risposta.status_code == 302
    richiesta = RichiestaReport.objects.get()
    assert richiesta.stato == RichiestaReport.Stato.COMPLETATO
    pagina = client.get(URL)
    assert "Scarica PDF" in pagina.content.decode()
    file = client.get(reverse("portal:report_scarica", kwargs={"pk": richiesta.pk}))
    assert file.status_code == 200
    assert b"".join(file.streaming_content).startswith(b"%PDF")
    assert "attachment" in file["Content-Disposition"]


def test_modulo_con_dati_mancanti_spiega_e_non_scrive(client, staff):
    client.force_login(staff)
    risposta = client.post(
        reverse("portal:report_richiedi"), {"tipo": "mensile_casa", "formato": "pdf"}
    )
    assert risposta.status_code == 400
    assert "Questo dato serve per questo tipo di report." in risposta.content.decode()
    assert not RichiestaReport.objects.exists()


def test_manager_vede_solo_i_tipi_che_puo_richiedere(client, community_manager, casa, altra_casa):
    client.force_login(community_manager)
    risposta = client.get(URL)
    assert risposta.status_code == 200
    form = risposta.context["form"]
    assert {c for c, _e in form.fields["tipo"].choices} == {"mensile_casa", "programma_settimanale"}
    assert list(form.fields["luogo"].queryset) == [casa]


def test_manager_non_richiede_il_report_di_altra_casa_dal_modulo(
    client, community_manager, casa, altra_casa
):
    client.force_login(community_manager)
    dati = {
        "tipo": "mensile_casa",
        "formato": "pdf",
        "anno": 2025,
        "mese": 3,
        "luogo": altra_casa.pk,
    }
    risposta = client.post(reverse("portal:report_richiedi"), dati)
    assert risposta.status_code == 400
    assert not RichiestaReport.objects.exists()


def test_manager_non_scarica_il_report_di_un_altro(
    client,
    community_manager,
    altro_community_manager,
    staff,
    casa,
    altra_casa,
    django_capture_on_commit_callbacks,
):
    altrui = _pronta(
        altra_casa,
        altro_community_manager,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    dello_staff = _pronta(
        casa, staff, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    proprio = _pronta(
        casa,
        community_manager,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    client.force_login(community_manager)
    for richiesta in (altrui, dello_staff):
        url = reverse("portal:report_scarica", kwargs={"pk": richiesta.pk})
        assert client.get(url).status_code == 404
    assert (
        client.get(reverse("portal:report_scarica", kwargs={"pk": proprio.pk})).status_code == 200
    )
    pagina = client.get(URL)
    assert [r.pk for r in pagina.context["richieste"]] == [proprio.pk]
    stato = client.get(reverse("portal:report_stato"), {"id": [altrui.pk, proprio.pk]}).json()
    assert [r["id"] for r in stato["richieste"]] == [proprio.pk]


def test_staff_scarica_ogni_report(
    client, staff, altro_community_manager, altra_casa, django_capture_on_commit_callbacks
):
    altrui = _pronta(
        altra_casa,
        altro_community_manager,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    client.force_login(staff)
    assert client.get(reverse("portal:report_scarica", kwargs={"pk": altrui.pk})).status_code == 200


def test_stato_json_per_lo_script(client, staff, casa):
    richiesta = _mensile(casa, staff)
    RichiestaReport.objects.filter(pk=richiesta.pk).update(stato="in_corso", progresso=40)
    client.force_login(staff)
    dati = client.get(reverse("portal:report_stato"), {"id": richiesta.pk}).json()
    assert dati == {
        "richieste": [
            {
                "id": richiesta.pk,
                "stato": "in_corso",
                "stato_etichetta": "in corso",
                "progresso": 40,
                "errore": "",
                "download": None,
            }
        ]
    }
    pagina = client.get(URL).content.decode()
    assert 'data-report-stato="in_corso"' in pagina
    assert "report-progresso.js" in pagina
    assert 'href="/report/"' in pagina  # the "Aggiorna" link works without JavaScript
    assert "http-equiv" not in pagina


def test_errore_mostrato_per_un_report_fallito(client, staff, casa):
    richiesta = _mensile(casa, staff)
    RichiestaReport.objects.filter(pk=richiesta.pk).update(
        stato="fallito", errore="Errore interno (KeyError)"
    )
    client.force_login(staff)
    assert "Errore interno (KeyError)" in client.get(URL).content.decode()


@pytest.mark.parametrize("numero", [2, 30])
def test_query_costanti_nella_pagina_dei_report(
    client, staff, casa, django_assert_max_num_queries, numero
):
    """Queries: session, user, groups (role), page count, page of requests with requester,
    place names, area names skipped (none), district names skipped, the form's choices:
    places, areas, neighbourhoods; plus the menu and messages."""
    for mese in range(1, numero + 1):
        services.richiedi_report(
            tipo="mensile_casa",
            parametri={"luogo": casa.pk, "anno": 2000 + mese, "mese": 1, "formato": "pdf"},
            utente=staff,
        )
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_stato_ignora_gli_id_che_non_sono_numeri(client, staff, casa):
    """`?id=` values that int() refuses ("²" passes str.isdigit()) are skipped, not a 500."""
    richiesta = _mensile(casa, staff)
    client.force_login(staff)
    dati = client.get(reverse("portal:report_stato"), {"id": ["²", "x", richiesta.pk]}).json()
    assert [r["id"] for r in dati["richieste"]] == [richiesta.pk]
