"""`generate_scale_data`: synthetic data for benchmarks, deterministic and kept apart."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from quartieri.management.commands.generate_scale_data import generatori
from quartieri.management.scala import luoghi_sintetici
from quartieri.models import (
    CategoriaServizio,
    Comune,
    EccezioneOrario,
    Ente,
    FasciaOraria,
    Luogo,
    Servizio,
)
from tests.factories import crea_luogo, crea_servizio

pytestmark = pytest.mark.django_db


def _genera(**opzioni) -> str:
    uscita = io.StringIO()
    valori = {"places": 20, "services": 60, "seed": 3, "allow_production": True}
    valori.update(opzioni)
    call_command("generate_scale_data", stdout=uscita, **valori)
    return uscita.getvalue()


def _istantanea() -> tuple[list, list]:
    luoghi = list(luoghi_sintetici().order_by("slug").values_list("slug", "nome", "lat", "lon"))
    servizi = list(
        Servizio.objects.filter(luogo__in=luoghi_sintetici())
        .order_by("titolo")
        .values_list("titolo", "luogo__slug", "categoria__slug", "gratuito")
    )
    return luoghi, servizi


def test_crea_il_numero_richiesto_di_luoghi_e_servizi():
    _genera(places=20, services=60)
    assert luoghi_sintetici().count() == 20
    assert Servizio.objects.filter(luogo__in=luoghi_sintetici()).count() == 60
    assert FasciaOraria.objects.filter(luogo__in=luoghi_sintetici()).count() >= 20 * 5


def test_stesso_seme_stessi_nomi_e_coordinate():
    _genera(seed=7)
    prima = _istantanea()
    _genera(seed=7, reset=True)
    assert _istantanea() == prima


def test_seme_diverso_dati_diversi():
    _genera(seed=7)
    prima = _istantanea()
    _genera(seed=8, reset=True)
    assert _istantanea() != prima


def test_dati_sintetici_riconoscibili_e_validi():
    _genera()
    assert Comune.objects.get(codice_istat="999999").nome == "Comune Sintetico"
    for luogo in luoghi_sintetici():
        assert luogo.slug.startswith("sint-")
        assert luogo.nome.startswith("Sintetico ")
        assert 44.5 < luogo.lat < 44.9
        assert 10.4 < luogo.lon < 10.8
    for ente in Ente.objects.filter(comune__codice_istat="999999"):
        ente.full_clean()


def test_reset_cancella_solo_i_dati_sintetici():
    vero = crea_luogo(nome="Casa vera")
    crea_servizio(vero)
    _genera(places=5, services=10)
    output = _genera(places=4, services=8, reset=True)
    assert "cancellati 5 luoghi" in output
    assert luoghi_sintetici().count() == 4
    assert Luogo.objects.filter(pk=vero.pk).exists()
    assert vero.servizi.count() == 1
    assert CategoriaServizio.objects.filter(slug__startswith="sint-").count() == 12


def test_reset_con_zero_luoghi_lascia_il_database_pulito():
    _genera()
    _genera(places=0, services=0, reset=True)
    assert not Comune.objects.filter(codice_istat="999999").exists()
    assert not CategoriaServizio.objects.filter(slug__startswith="sint-").exists()
    assert not EccezioneOrario.objects.filter(luogo__in=luoghi_sintetici()).exists()


def test_senza_reset_rifiuta_di_duplicare():
    _genera()
    with pytest.raises(CommandError, match="--reset"):
        _genera()
    assert luoghi_sintetici().count() == 20


def test_servizi_senza_luoghi_sono_un_errore():
    with pytest.raises(CommandError, match="--places"):
        _genera(places=0, services=5)


def test_con_debug_spento_serve_allow_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        _genera(allow_production=False)
    assert not luoghi_sintetici().exists()


def test_i_generatori_delle_app_partono_da_quartieri():
    etichette = [etichetta for etichetta, _ in generatori()]
    assert etichette[0] == "quartieri"
    assert len(etichette) == len(set(etichette))
