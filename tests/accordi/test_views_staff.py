"""The staff lifecycle pages and the progress-update page: behaviour and query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accordi.models import AggiornamentoProgetto, StatoAccordo, TransizioneAccordo
from accordi.services import avanza_accordo
from tests.factories import (
    crea_accordo,
    crea_aggiornamento,
    crea_firmatario,
    crea_indicatore,
    crea_progetto,
)

pytestmark = pytest.mark.django_db


def _url_accordo(accordo) -> str:
    return reverse("accordi:staff_accordo", kwargs={"slug": accordo.slug})


def test_la_pagina_mostra_un_pulsante_per_ogni_stato_possibile(client, staff):
    accordo = crea_accordo(stato=StatoAccordo.ISTRUTTORIA)
    client.force_login(staff)
    testo = client.get(_url_accordo(accordo)).content.decode()
    assert 'value="proposta_condivisa"' in testo
    assert 'value="ritirato"' in testo
    assert 'value="firmato"' not in testo


def test_un_accordo_chiuso_non_offre_passaggi(client, staff):
    accordo = crea_accordo(stato=StatoAccordo.CHIUSO)
    client.force_login(staff)
    testo = client.get(_url_accordo(accordo)).content.decode()
    assert "stato definitivo" in testo
    assert 'name="nuovo_stato"' not in testo


def test_passaggio_dalla_pagina_registra_e_mostra_la_storia(client, staff):
    accordo = crea_accordo(stato=StatoAccordo.ASCOLTO)
    client.force_login(staff)
    risposta = client.post(
        _url_accordo(accordo), {"nuovo_stato": "istruttoria", "motivo": "Tre incontri"}, follow=True
    )
    testo = risposta.content.decode()
    assert "è passato allo stato «istruttoria di fattibilità»" in testo
    assert "Tre incontri" in testo
    assert TransizioneAccordo.objects.get().utente == staff


def test_passaggio_non_consentito_dalla_pagina_da_errore_e_non_cambia_nulla(client, staff):
    accordo = crea_accordo(stato=StatoAccordo.ASCOLTO)
    client.force_login(staff)
    risposta = client.post(_url_accordo(accordo), {"nuovo_stato": "firmato", "motivo": "Salto"})
    assert risposta.status_code == 400
    assert "Non è stato salvato nulla" in risposta.content.decode()
    accordo.refresh_from_db()
    assert accordo.stato == StatoAccordo.ASCOLTO
    assert not TransizioneAccordo.objects.exists()


def test_firma_senza_pdf_dalla_pagina_spiega_cosa_manca(client, staff):
    accordo = crea_accordo(stato=StatoAccordo.APPROVATO_GIUNTA)
    client.force_login(staff)
    risposta = client.post(_url_accordo(accordo), {"nuovo_stato": "firmato", "motivo": "Firma"})
    assert risposta.status_code == 400
    testo = risposta.content.decode()
    assert "Carica il PDF dell&#x27;accordo firmato" in testo
    assert "almeno un firmatario" in testo


def test_motivo_mancante_dalla_pagina(client, staff):
    accordo = crea_accordo(stato=StatoAccordo.ASCOLTO)
    client.force_login(staff)
    risposta = client.post(_url_accordo(accordo), {"nuovo_stato": "istruttoria", "motivo": ""})
    assert risposta.status_code == 400
    assert not TransizioneAccordo.objects.exists()


def _molti_accordi(numero: int) -> None:
    for _ in range(numero):
        accordo = crea_accordo(stato=StatoAccordo.IN_CORSO)
        crea_progetto(accordo)
        crea_firmatario(accordo)


@pytest.mark.parametrize("numero", [10, 60])
def test_elenco_di_gestione_con_query_costanti(
    client, staff, django_assert_max_num_queries, numero
):
    """Session, user, the staff group check, COUNT for the paginator, the page of
    agreements with their ambito and counts: 5 queries whatever the number."""
    _molti_accordi(numero)
    client.force_login(staff)
    with django_assert_max_num_queries(5):
        risposta = client.get(reverse("accordi:staff_accordi"))
    assert risposta.status_code == 200


@pytest.mark.parametrize("passi", [1, 6])
def test_scheda_di_gestione_con_query_costanti(client, staff, django_assert_max_num_queries, passi):
    """Session, user, the agreement (ambito, officer, counts), its transitions with
    their users: 4 queries whatever the length of the history."""
    accordo = crea_accordo(stato=StatoAccordo.ASCOLTO)
    percorso = list(StatoAccordo)[1 : passi + 1]
    if StatoAccordo.FIRMATO in percorso:
        from django.core.files.base import ContentFile

        accordo.documento_firmato.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        crea_firmatario(accordo)
    for stato in percorso:
        avanza_accordo(accordo=accordo, nuovo_stato=stato, utente=staff, motivo="Avanti")
    client.force_login(staff)
    with django_assert_max_num_queries(4):
        risposta = client.get(_url_accordo(accordo))
    assert risposta.status_code == 200


def _url_aggiorna(progetto) -> str:
    return reverse(
        "accordi:aggiorna_progetto", kwargs={"slug": progetto.accordo.slug, "pk": progetto.pk}
    )


def test_aggiornamento_con_indicatori_dal_modulo(client, staff):
    progetto = crea_progetto()
    indicatore = crea_indicatore(progetto, nome="Richieste accolte", valore_obiettivo=300)
    client.force_login(staff)
    testo = client.get(_url_aggiorna(progetto)).content.decode()
    assert "Richieste accolte (persone) (obiettivo: 300)" in testo
    risposta = client.post(
        _url_aggiorna(progetto),
        {
            "data": "2025-05-01",
            "testo": "Aperto il portierato.",
            "ore_collaborazione": "12.5",
            "abitanti_raggiunti": "40",
            f"indicatore_{indicatore.pk}": "85",
        },
        follow=True,
    )
    assert "Aggiornamento registrato" in risposta.content.decode()
    aggiornamento = AggiornamentoProgetto.objects.get()
    assert aggiornamento.valori.get().valore == 85


def test_aggiornamento_con_dati_sbagliati_non_scrive(client, staff):
    progetto = crea_progetto()
    client.force_login(staff)
    risposta = client.post(
        _url_aggiorna(progetto), {"data": "ieri", "testo": "", "ore_collaborazione": "-3"}
    )
    assert risposta.status_code == 400
    errori = risposta.context["form"].errors
    assert {"data", "testo", "ore_collaborazione"} <= set(errori)
    assert not AggiornamentoProgetto.objects.exists()


def test_aggiornamento_di_accordo_chiuso_spiega_perche(client, staff):
    progetto = crea_progetto(crea_accordo(stato=StatoAccordo.CHIUSO))
    client.force_login(staff)
    risposta = client.post(
        _url_aggiorna(progetto), {"data": "2025-05-01", "testo": "x", "ore_collaborazione": "1"}
    )
    assert risposta.status_code == 400
    assert "solo per gli accordi firmati" in risposta.content.decode()
    assert not AggiornamentoProgetto.objects.exists()


@pytest.mark.parametrize("numero", [1, 12])
def test_pagina_di_aggiornamento_con_query_costanti(
    client, staff, django_assert_max_num_queries, numero
):
    """Session, user, the project with its agreement, its indicators, its updates,
    their authors are joined, their values with indicators joined, the permission
    check: 7 queries whatever the number of updates."""
    progetto = crea_progetto()
    indicatore = crea_indicatore(progetto)
    for _ in range(numero):
        aggiornamento = crea_aggiornamento(progetto, autore=staff)
        aggiornamento.valori.create(indicatore=indicatore, valore=5)
    client.force_login(staff)
    with django_assert_max_num_queries(7):
        risposta = client.get(_url_aggiorna(progetto))
    assert risposta.status_code == 200
