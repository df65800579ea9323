"""The filters' lists of places and territories are kept in the cache until one of them changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import versioni
from quartieri.filters.attivita import OccorrenzaFilter
from quartieri.models import Luogo, Occorrenza, Settore
from quartieri.versioni import SCELTE_DEI_FILTRI
from tests.factories import crea_comune, crea_luogo, crea_opportunita, crea_quartiere

pytestmark = pytest.mark.django_db


def _elenco(client, percorso: str = "/attivita/") -> str:
    risposta = client.get(percorso)
    assert risposta.status_code == 200
    return risposta.content.decode()


def _select(pagina: str, nome: str) -> str:
    return pagina.split(f'<select name="{nome}"')[1].split("</select>")[0]


def test_un_luogo_nuovo_rinominato_o_cancellato_si_vede_subito(client):
    quartiere = crea_quartiere()
    crea_luogo(quartiere, nome="Casa Prima", slug="casa-prima")
    assert '<option value="casa-prima">Casa Prima</option>' in _elenco(client)

    nuova = crea_luogo(quartiere, nome="Casa Nuova", slug="casa-nuova")
    assert '<option value="casa-nuova">Casa Nuova</option>' in _elenco(client)

    nuova.nome = "Casa Rinnovata"
    nuova.save()
    pagina = _elenco(client)
    assert '<option value="casa-nuova">Casa Rinnovata</option>' in pagina
    assert "Casa Nuova" not in pagina

    nuova.delete()
    assert "casa-nuova" not in _elenco(client)


def test_un_quartiere_nuovo_si_vede_subito(client):
    centro = crea_quartiere(nome="Centro storico")
    crea_luogo(centro)
    assert "Centro storico" in _elenco(client, "/case-di-quartiere/")
    crea_quartiere(centro.ambito, nome="Ospizio")
    assert "Ospizio" in _elenco(client, "/case-di-quartiere/")


def test_il_luogo_di_una_opportunita_appena_aperta_si_vede_subito(client):
    luogo = crea_luogo(nome="Casa del Volontariato", slug="casa-del-volontariato")
    assert "Casa del Volontariato" not in _select(_elenco(client, "/volontariato/"), "luogo")
    crea_opportunita(luogo)
    assert f'<option value="{luogo.pk}">Casa del Volontariato</option>' in _select(
        _elenco(client, "/volontariato/"), "luogo"
    )


def test_la_scelta_del_visitatore_resta_sua(client):
    quartiere = crea_quartiere()
    crea_luogo(quartiere, nome="Casa A", slug="casa-a")
    crea_luogo(quartiere, nome="Casa B", slug="casa-b")
    assert '<option value="casa-a" selected>' in _elenco(client, "/attivita/?luogo=casa-a")
    pagina = _elenco(client, "/attivita/?luogo=casa-b")
    assert '<option value="casa-b" selected>' in pagina
    assert '<option value="casa-a">' in pagina
    assert '<option value="" selected>' in _select(_elenco(client, "/attivita/"), "luogo")


def test_la_seconda_volta_l_elenco_non_si_rilegge_dal_database():
    crea_luogo(crea_quartiere())

    def campo_luogo() -> str:
        return str(OccorrenzaFilter({}, queryset=Occorrenza.objects.all()).form["luogo"])

    prima = campo_luogo()
    with CaptureQueriesContext(connection) as query:
        assert campo_luogo() == prima
    assert not [q for q in query.captured_queries if Luogo._meta.db_table in q["sql"]]


def test_la_scelta_del_comune_compare_col_secondo_comune(client):
    crea_luogo()
    assert 'name="comune"' not in _elenco(client)
    crea_comune(nome="Scandiano", slug="scandiano", codice_istat="035040")
    assert 'name="comune"' in _elenco(client)
    assert 'name="comune"' in _elenco(client, "/case-di-quartiere/")
    assert 'name="comune"' in _elenco(client, "/accordi/")


def test_la_versione_si_rinnova_anche_quando_la_scrittura_e_confermata(
    client, django_capture_on_commit_callbacks
):
    luogo = crea_luogo(nome="Casa Verde", slug="casa-verde")
    with django_capture_on_commit_callbacks(execute=False) as alla_conferma:
        luogo.nome = "Casa Viola"
        luogo.save()
        durante = versioni.versione(SCELTE_DEI_FILTRI)
    assert alla_conferma
    for callback in alla_conferma:
        callback()
    assert versioni.versione(SCELTE_DEI_FILTRI) != durante
    assert "Casa Viola" in _elenco(client)


def test_un_settore_nuovo_si_vede_subito_nel_registro(client):
    assert "Sport" not in _select(_elenco(client, "/enti/"), "settore")
    Settore.objects.create(nome="Sport", slug="sport")
    assert '<option value="sport">Sport</option>' in _select(_elenco(client, "/enti/"), "settore")
