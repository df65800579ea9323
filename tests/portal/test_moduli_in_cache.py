"""A public list's filter form is kept per process under every value it prints
(portal/righe.py): each request still sees its own filters, errors, options and language."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.core.cache import caches
from django.utils import translation
from django.utils.html import escape

from accordi.models import Accordo
from portal import versioni
from quartieri.models import Settore
from tests.factories import (
    crea_accordo,
    crea_ambito,
    crea_categoria,
    crea_ente,
    crea_luogo,
    crea_opportunita,
    crea_quartiere,
    crea_servizio,
    crea_tema,
)
from tests.quartieri.partecipazione_dati import crea_organismo

pytestmark = pytest.mark.django_db

PAGINE = [
    "/case-di-quartiere/",
    "/servizi/",
    "/attivita/",
    "/partecipazione/",
    "/accordi/",
    "/enti/",
    "/volontariato/",
]


@pytest.fixture
def dati():
    """At least two options in every select of the lists' forms."""
    ambiti = [crea_ambito(nome="Nord"), crea_ambito(nome="Sud")]
    quartieri = [
        crea_quartiere(ambiti[0], nome="Rosta"),
        crea_quartiere(ambiti[1], nome="Gardenia"),
    ]
    categorie = [crea_categoria(nome="Portierato"), crea_categoria(nome="Pacchi")]
    for numero, quartiere in enumerate(quartieri):
        luogo = crea_luogo(quartiere, nome=f"Casa {quartiere.nome}")
        crea_servizio(luogo, categorie[numero])
        crea_opportunita(luogo)
        ente = crea_ente(nome=f"Ente {numero}", quartiere=quartiere)
        ente.settori.add(Settore.objects.create(nome=f"Settore {numero}", slug=f"settore-{numero}"))
        crea_organismo(nome=f"Consulta {numero}")
    crea_tema(nome="Verde")
    crea_tema(nome="Cultura")
    crea_accordo(data_inizio=dt.date(2024, 3, 1))
    crea_accordo(data_inizio=dt.date(2025, 3, 1))


def _scelte(campo: forms.Field) -> list[str]:
    return [str(valore) for valore, _etichetta in campo.choices if str(valore)]


def _parametri(filtro, posto: int) -> dict[str, str]:
    """A value for every field of the form: the `posto`-th option of each choice."""
    parametri = {}
    for nome, campo in filtro.form.fields.items():
        if nome in {"lat", "lon"}:
            continue
        if isinstance(campo, forms.BooleanField | forms.NullBooleanField):
            if posto == 0:
                parametri[nome] = "on"
        elif hasattr(campo, "choices"):
            scelte = _scelte(campo)
            parametri[nome] = scelte[min(posto, len(scelte) - 1)]
        elif isinstance(campo, forms.DateField):
            parametri[nome] = f"2027-01-0{posto + 1}"
        else:
            parametri[nome] = f"testo {posto}"
    return parametri


def _modulo(risposta) -> str:
    pagina = risposta.content.decode()
    inizio = pagina.index('<form method="get"')
    return pagina[inizio : pagina.index("</form>", inizio)]


def _controlla(client, percorso: str, parametri: dict[str, str], lingua: str = "it"):
    """The form this request got is the one it would get rendered afresh, and shows every
    field as this request's own form renders it, with its errors."""
    intestazioni = {"accept-language": lingua}
    risposta = client.get(percorso, parametri, headers=intestazioni)
    assert risposta.status_code == 200
    caches["righe"].clear()
    assert _modulo(risposta) == _modulo(client.get(percorso, parametri, headers=intestazioni))
    pagina = risposta.content.decode()
    modulo = risposta.context["filter"].form
    with translation.override(lingua):
        for campo in modulo:
            if isinstance(campo.field.widget, forms.RadioSelect):
                for scelta in campo:
                    assert str(scelta.tag()) in pagina, (percorso, parametri, campo.name)
            else:
                assert str(campo) in pagina, (percorso, parametri, campo.name)
            for errore in campo.errors:
                assert escape(str(errore)) in pagina, (percorso, parametri, campo.name)
    return risposta


@pytest.mark.parametrize("percorso", PAGINE)
def test_il_modulo_in_cache_segue_ogni_richiesta(client, dati, percorso):
    filtro = _controlla(client, percorso, {}).context["filter"]
    primi, secondi = _parametri(filtro, 0), _parametri(filtro, 1)
    assert primi != secondi
    _controlla(client, percorso, primi)
    _controlla(client, percorso, secondi)
    _controlla(client, percorso, primi)
    _controlla(client, percorso, primi, lingua="en")
    _controlla(client, percorso, {})
    _controlla(client, percorso, {"page": "1"})
    # Values the form refuses: its errors come from this request too.
    sbagliati = {nome: "§" for nome, valore in primi.items() if valore != "on"}
    con_errori = _controlla(client, percorso, sbagliati)
    assert con_errori.context["filter"].form.errors
    assert "Azzera" in con_errori.content.decode()
    assert "Azzera" not in _controlla(client, percorso, {}).content.decode()


@pytest.mark.parametrize("percorso", ["/case-di-quartiere/", "/servizi/"])
def test_il_punto_di_ogni_visitatore_fuori_dal_modulo_in_cache(client, dati, percorso):
    for lat, lon in [("44.7", "10.63"), ("44.71", "10.64")]:
        pagina = _controlla(client, percorso, {"lat": lat, "lon": lon}).content.decode()
        assert f'value="{lat}"' in pagina
        assert f'value="{lon}"' in pagina


@pytest.mark.parametrize("percorso", ["/case-di-quartiere/", "/servizi/"])
def test_gli_errori_del_punto_di_ogni_visitatore(client, dati, percorso):
    """The point's values are not in the kept form's key, but its errors are printed there."""
    for parametri in [
        {"lat": "abc", "lon": "10.63"},
        {"lat": "44.7", "lon": "10.63"},
        {"lat": "44.7", "lon": ""},
        {"lat": "44.7", "lon": "10.63"},
    ]:
        errori = _controlla(client, percorso, parametri).context["filter"].form.errors
        assert bool(errori) == (parametri != {"lat": "44.7", "lon": "10.63"}), parametri


def test_le_scelte_seguono_le_scritture(client, dati):
    assert "Zeta Nuovo" not in client.get("/case-di-quartiere/").content.decode()
    crea_quartiere(nome="Zeta Nuovo")
    assert "Zeta Nuovo" in client.get("/case-di-quartiere/").content.decode()
    # The years of /accordi/ follow the agreements, another group than the places'.
    assert '<option value="2019">' not in client.get("/accordi/").content.decode()
    crea_accordo(data_inizio=dt.date(2019, 5, 1), stato=Accordo.Stato.IN_CORSO)
    assert '<option value="2019">' in client.get("/accordi/").content.decode()


@pytest.mark.parametrize("percorso", PAGINE)
def test_le_scelte_dei_moduli_in_cache_seguono_le_scritture(client, dati, percorso):
    """A form is kept under every group's version: the models its options are read from
    must be followed by a group, or a new row would not show until the entry is evicted."""
    modulo = client.get(percorso).context["filter"].form
    for nome, campo in modulo.fields.items():
        queryset = getattr(campo, "queryset", None)
        if queryset is not None:
            assert versioni.seguito_da_un_gruppo(queryset.model), (percorso, nome)
