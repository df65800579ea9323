"""The filters of /accordi/ and /enti/."""

from __future__ import annotations

import datetime as dt

import pytest

from accordi.models import Accordo
from quartieri.models import Settore
from tests.factories import (
    crea_accordo,
    crea_ambito,
    crea_comune,
    crea_ente,
    crea_firmatario,
    crea_quartiere,
    crea_tema,
)

pytestmark = pytest.mark.django_db


def titoli(client, url: str) -> list[str]:
    risposta = client.get(url)
    assert risposta.status_code == 200
    return sorted(a.titolo for a in risposta.context["object_list"])


@pytest.fixture
def accordi(db):
    ambito = crea_ambito(nome="Ambito Nord")
    rosta = crea_quartiere(ambito, nome="Rosta Nuova", slug="rosta")
    ospizio = crea_quartiere(nome="Ospizio", slug="ospizio")
    verde = crea_tema(nome="Verde", slug="verde")
    primo = crea_accordo(titolo="Rosta verde", data_inizio=dt.date(2019, 3, 1))
    primo.quartieri.add(rosta)
    primo.temi.add(verde)
    secondo = crea_accordo(
        titolo="Ospizio insieme", stato=Accordo.Stato.CHIUSO, data_inizio=dt.date(2023, 5, 1)
    )
    secondo.quartieri.add(ospizio, rosta)
    crea_accordo(titolo="Area nord", ambito=ambito, data_inizio=dt.date(2023, 1, 1))
    return rosta, ospizio, ambito, verde


def test_filtro_per_quartiere(client, accordi):
    rosta, ospizio, _ambito, _tema = accordi
    assert titoli(client, f"/accordi/?quartiere={ospizio.pk}") == ["Ospizio insieme"]
    assert titoli(client, f"/accordi/?quartiere={rosta.pk}") == ["Ospizio insieme", "Rosta verde"]


def test_filtro_per_quartiere_non_moltiplica_i_numeri(client, accordi):
    rosta, *_ = accordi
    risposta = client.get(f"/accordi/?quartiere={rosta.pk}")
    assert risposta.context["paginator"].count == 2


def test_filtro_per_ambito_comprende_quello_dei_quartieri(client, accordi):
    _rosta, _ospizio, ambito, _tema = accordi
    assert titoli(client, f"/accordi/?ambito={ambito.pk}") == [
        "Area nord",
        "Ospizio insieme",
        "Rosta verde",
    ]


def test_filtro_per_tema_stato_e_anno(client, accordi):
    assert titoli(client, "/accordi/?tema=verde") == ["Rosta verde"]
    assert titoli(client, "/accordi/?stato=chiuso") == ["Ospizio insieme"]
    assert titoli(client, "/accordi/?anno=2023") == ["Area nord", "Ospizio insieme"]


def test_anni_proposti_sono_quelli_di_avvio_degli_accordi_pubblici(client, accordi):
    crea_accordo(stato=Accordo.Stato.ASCOLTO, data_inizio=dt.date(2030, 1, 1), data_fine=None)
    campo = client.get("/accordi/").context["filter"].form.fields["anno"]
    assert [valore for valore, _etichetta in campo.choices][1:] == [2023, 2019]


@pytest.mark.parametrize(
    "url",
    [
        "/accordi/?quartiere=9999",
        "/accordi/?tema=inesistente",
        "/accordi/?stato=ascolto",
        "/accordi/?anno=1850",
        "/accordi/?ambito=abc",
    ],
)
def test_filtro_non_valido_da_un_messaggio_e_non_un_errore(client, accordi, url):
    risposta = client.get(url)
    assert risposta.status_code == 200
    assert "Scelta non valida" in risposta.content.decode()


def test_comune_si_sceglie_solo_con_piu_comuni(client, accordi):
    assert "comune" not in client.get("/accordi/").context["filter"].form.fields
    altro = crea_comune(nome="Bergamo", slug="bergamo", codice_istat="016024")
    crea_accordo(titolo="Rete Bergamo", comune=altro)
    assert titoli(client, f"/accordi/?comune={altro.pk}") == ["Rete Bergamo"]


def test_cerca_per_titolo_o_codice(client, accordi):
    crea_accordo(titolo="Orti condivisi", codice="QUA-2017-01")
    assert titoli(client, "/accordi/?q=orti") == ["Orti condivisi"]
    assert titoli(client, "/accordi/?q=2017") == ["Orti condivisi"]


@pytest.fixture
def registro(db):
    accordo = crea_accordo()
    sociale = Settore.objects.create(nome="Sociale", slug="sociale")
    rosta = crea_quartiere(nome="Rosta Nuova")
    arci = crea_ente(nome="Arci Rosta", quartiere=rosta, sezione_runts="b")
    arci.settori.add(sociale)
    odv = crea_ente(nome="Volontari Ospizio", sezione_runts="a")
    for ente in (arci, odv):
        crea_firmatario(accordo, ente)
    return sociale, rosta


def nomi(client, url: str) -> list[str]:
    risposta = client.get(url)
    assert risposta.status_code == 200
    return sorted(e.nome for e in risposta.context["object_list"])


def test_filtri_del_registro(client, registro):
    _sociale, rosta = registro
    assert nomi(client, "/enti/") == ["Arci Rosta", "Volontari Ospizio"]
    assert nomi(client, "/enti/?q=ospiz") == ["Volontari Ospizio"]
    assert nomi(client, "/enti/?settore=sociale") == ["Arci Rosta"]
    assert nomi(client, f"/enti/?quartiere={rosta.pk}") == ["Arci Rosta"]
    assert nomi(client, "/enti/?sezione_runts=a") == ["Volontari Ospizio"]


def test_filtro_del_registro_non_valido(client, registro):
    risposta = client.get("/enti/?sezione_runts=z")
    assert risposta.status_code == 200
    assert "Scelta non valida" in risposta.content.decode()
