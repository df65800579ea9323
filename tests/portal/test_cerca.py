"""The site search /cerca/: every kind of public content, grouped, paginated, extensible."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accordi.models import Accordo
from portal import contenuti
from portal.contenuti import TipoContenuto, registra_contenuto
from quartieri.models import Ente, Faq, GruppoFaq
from tests.factories import (
    crea_accordo,
    crea_attivita,
    crea_ente,
    crea_luogo,
    crea_novita,
    crea_servizio,
)

pytestmark = pytest.mark.django_db


def _gruppi(client, **parametri) -> dict:
    risposta = client.get("/cerca/", parametri)
    assert risposta.status_code == 200
    return {g.tipo.chiave: g for g in risposta.context["gruppi"]}


def _titoli(gruppo) -> list[str]:
    return [r.titolo for r in gruppo.risultati]


def test_trova_ogni_tipo_di_contenuto(client, casa):
    crea_luogo(nome="Casa del Melograno")
    crea_servizio(casa, titolo="Sportello melograno digitale")
    crea_attivita(casa, titolo="Merenda sotto il melograno")
    crea_accordo(titolo="Il giardino del melograno")
    crea_novita(casa, titolo="Raccolta delle melagrane", testo="Porta il tuo melograno.")
    gruppo_faq = GruppoFaq.objects.create(nome="Case di Quartiere", ordine=1)
    Faq.objects.create(gruppo=gruppo_faq, domanda="Posso piantare un melograno?", risposta="Sì.")

    gruppi = _gruppi(client, q="Melograno")
    assert set(gruppi) == {"luoghi", "servizi", "attivita", "accordi", "novita", "faq"}
    assert _titoli(gruppi["luoghi"]) == ["Casa del Melograno"]
    assert _titoli(gruppi["novita"]) == ["Raccolta delle melagrane"]


def test_servizi_e_domande_portano_alla_loro_pagina(client, casa):
    servizio = crea_servizio(casa, titolo="Sportello melograno")
    gruppo_faq = GruppoFaq.objects.create(nome="Case di Quartiere", ordine=1)
    faq = Faq.objects.create(gruppo=gruppo_faq, domanda="Dove trovo il melograno?", risposta="Qui.")
    nascosta = Faq.objects.create(
        gruppo=gruppo_faq, domanda="Melograno in bozza?", risposta="No.", pubblicata=False
    )

    gruppi = _gruppi(client, q="melograno")
    assert [r.url for r in gruppi["servizi"].risultati] == [servizio.get_absolute_url()]
    assert [r.url for r in gruppi["faq"].risultati] == [f"/domande-frequenti/#faq-{faq.pk}"]
    assert nascosta.domanda not in _titoli(gruppi["faq"])


def test_ogni_parola_deve_comparire(client):
    crea_luogo(nome="Casa Gardenia", descrizione="Orti e bocce.")
    crea_luogo(nome="Casa Glicine", descrizione="Orti condivisi.")
    assert _titoli(_gruppi(client, q="orti bocce")["luoghi"]) == ["Casa Gardenia"]


def test_non_trova_cio_che_non_e_pubblico(client, casa):
    crea_luogo(nome="Casa Segreta", pubblicato=False)
    crea_servizio(casa, titolo="Servizio Segreto", pubblicato=False)
    crea_attivita(casa, titolo="Riunione Segreta", pubblica=False)
    crea_accordo(titolo="Accordo Segreto", stato=Accordo.Stato.ISTRUTTORIA)
    crea_novita(
        casa, titolo="Novità Segreta", data_pubblicazione=timezone.now() + dt.timedelta(days=1)
    )
    assert _gruppi(client, q="segret") == {}
    assert "Nessun risultato" in client.get("/cerca/", {"q": "segret"}).content.decode()


def test_un_tipo_solo_pagina_per_pagina(client):
    for n in range(23):
        crea_luogo(nome=f"Casa Ciliegio {n:02d}")
    (gruppo,) = client.get("/cerca/", {"q": "ciliegio", "tipo": "luoghi"}).context["gruppi"]
    assert (gruppo.numero, len(gruppo.risultati)) == (23, 20)
    seconda = client.get("/cerca/", {"q": "ciliegio", "tipo": "luoghi", "page": 2})
    assert len(seconda.context["gruppi"][0].risultati) == 3
    # Without a kind, each group shows its first rows and links to the rest.
    html = client.get("/cerca/", {"q": "ciliegio"}).content.decode()
    assert "?q=ciliegio&amp;tipo=luoghi" in html


def test_senza_parole_nessuna_ricerca(client, casa):
    risposta = client.get("/cerca/")
    assert risposta.status_code == 200
    assert risposta.context["gruppi"] == []


@pytest.mark.parametrize(
    "parametri", [{"q": "x" * 101}, {"q": "casa", "tipo": "inesistente"}], ids=["lunga", "tipo"]
)
def test_input_sbagliato_da_un_messaggio_non_un_errore(client, parametri):
    risposta = client.get("/cerca/", parametri)
    assert risposta.status_code == 200
    assert risposta.context["form"].errors
    assert risposta.context["gruppi"] == []


@pytest.mark.parametrize("numero", [1, 15])
def test_ricerca_query_costanti(client, django_assert_max_num_queries, numero):
    """Expected queries: for each of the 6 kinds (places, services, activities, news,
    FAQ, agreements) 1. its count and 2. its first rows with what they show."""
    gruppo_faq = GruppoFaq.objects.create(nome="Case di Quartiere", ordine=1)
    for n in range(numero):
        luogo = crea_luogo(nome=f"Casa Acero {n}")
        crea_servizio(luogo, titolo=f"Acero {n}")
        crea_attivita(luogo, titolo=f"Acero {n}")
        crea_novita(luogo, titolo=f"Acero {n}")
        crea_accordo(titolo=f"Acero {n}")
        Faq.objects.create(gruppo=gruppo_faq, domanda=f"Acero {n}?", risposta="Sì.")
    with django_assert_max_num_queries(12):
        risposta = client.get("/cerca/", {"q": "acero"})
    assert [g.numero for g in risposta.context["gruppi"]] == [numero] * 6


@pytest.fixture
def tipo_enti():
    """One more kind of content, registered as an app would in ready()."""
    registra_contenuto(
        TipoContenuto(
            chiave="enti",
            titolo=_("Enti"),
            pubblici=lambda: Ente.objects.order_by("pk"),
            campi_testo=("nome",),
            campo_argomenti="",
            url=lambda ente: f"/enti/{ente.slug}/",
        )
    )
    yield
    del contenuti._REGISTRO["enti"]


def test_un_nuovo_tipo_di_contenuto_si_aggiunge_registrandolo(client, tipo_enti):
    crea_ente(nome="Associazione Quercia")
    gruppi = _gruppi(client, q="quercia")
    assert _titoli(gruppi["enti"]) == ["Associazione Quercia"]
    # A kind without topics stays out of the topic pages.
    assert "enti" not in [t.chiave for t in contenuti.tipi_contenuto(con_argomenti=True)]


def test_il_pulsante_cerca_dell_intestazione_porta_alla_ricerca_senza_javascript(client):
    html = client.get("/").content.decode()
    assert '<a class="search-link rounded-icon" href="/cerca/"' in html
