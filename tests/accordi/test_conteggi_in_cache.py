"""The lists of agreements and of organisations count their rows once per version of the data:
a write that changes what they count shows at once."""

from __future__ import annotations

import pytest

from accordi.models import Accordo
from quartieri.models import Settore
from tests.factories import crea_accordo, crea_ente, crea_firmatario, crea_progetto

pytestmark = pytest.mark.django_db


def _pagina(client, percorso: str) -> str:
    risposta = client.get(percorso)
    assert risposta.status_code == 200
    return risposta.content.decode()


def test_il_registro_conta_subito_un_ente_che_firma_o_cambia_settore(client):
    accordo = crea_accordo()
    crea_firmatario(accordo)
    settore = Settore.objects.create(nome="Cultura", slug="cultura")
    assert "1 ente trovato" in _pagina(client, "/enti/")
    assert "0 enti trovati" in _pagina(client, "/enti/?settore=cultura")

    ente = crea_ente(nome="Circolo Nuovo")
    assert "1 ente trovato" in _pagina(client, "/enti/")  # not in the registry yet
    crea_firmatario(accordo, ente)
    assert "2 enti trovati" in _pagina(client, "/enti/")

    assert "0 enti trovati" in _pagina(client, "/enti/?settore=cultura")
    ente.settori.add(settore)
    assert "1 ente trovato" in _pagina(client, "/enti/?settore=cultura")

    accordo.stato = Accordo.Stato.ISTRUTTORIA
    accordo.save()
    assert "0 enti trovati" in _pagina(client, "/enti/")


def test_l_elenco_degli_accordi_conta_subito_un_accordo_nuovo_o_tornato_riservato(client):
    crea_accordo()
    assert "1 accordo trovato" in _pagina(client, "/accordi/")
    secondo = crea_accordo()
    assert "2 accordi trovati" in _pagina(client, "/accordi/")
    secondo.stato = Accordo.Stato.ISTRUTTORIA
    secondo.save()
    assert "1 accordo trovato" in _pagina(client, "/accordi/")


def test_i_numeri_di_un_accordo_sono_quelli_di_ogni_richiesta(client):
    """The query with the numbers is built once per process: its results never are."""
    accordo = crea_accordo()
    crea_progetto(accordo)
    scheda = f"/accordi/{accordo.slug}/"
    assert "1 progetto" in _pagina(client, "/accordi/")
    assert '<dd class="col-sm-4">1</dd>' in _pagina(client, scheda)
    crea_progetto(accordo)
    crea_firmatario(accordo)
    assert "2 progetti" in _pagina(client, "/accordi/")
    assert "1 firmatario" in _pagina(client, "/accordi/")
    assert '<dd class="col-sm-4">2</dd>' in _pagina(client, scheda)
