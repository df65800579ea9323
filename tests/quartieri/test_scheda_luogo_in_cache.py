"""A place's page keeps its rows, shared by every process (quartieri/schede.py), until one of
them changes, and never its opening state: every write shows at once, every minute has its
own "aperto/chiuso ora", and after a write a worker renders the page before anybody asks."""

from __future__ import annotations

import datetime as dt
import re
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from portal import parti_condivise
from quartieri import schede
from quartieri.models import EccezioneOrario, FasciaOrariaServizio
from quartieri.tasks import prepara_luoghi
from tests.factories import (
    crea_categoria,
    crea_eccezione,
    crea_ente,
    crea_fascia,
    crea_luogo,
    crea_servizio,
)

pytestmark = pytest.mark.django_db
ROMA = ZoneInfo("Europe/Rome")
# A Wednesday.
MERCOLEDI_ALLE_10 = dt.datetime(2026, 12, 2, 10, 0, tzinfo=ROMA)


def _oggi(pagina: str) -> str:
    return re.search(r'aria-current="date">\s*<th scope="row">(\w+)', pagina).group(1)


def _pagina(client, luogo) -> str:
    risposta = client.get(luogo.get_absolute_url())
    assert risposta.status_code == 200
    return risposta.content.decode()


@time_machine.travel(MERCOLEDI_ALLE_10, tick=False)
def test_ogni_modifica_del_luogo_si_vede_subito(client):
    gestore = crea_ente(nome="Associazione Girasole")
    luogo = crea_luogo(nome="Casa Gialla", gestore=gestore)
    servizio = crea_servizio(luogo, crea_categoria(nome="Salute"), titolo="Portierato")
    pagina = _pagina(client, luogo)
    assert "Casa Gialla" in pagina
    assert "Associazione Girasole" in pagina
    # The gestore alone: no row of the place is written with it.
    gestore.nome = "Associazione Tulipano"
    gestore.save()
    assert "Associazione Tulipano" in _pagina(client, luogo)

    luogo.nome = "Casa Verde"
    luogo.save()
    luogo.quartiere.nome = "Quartiere Nuovo"
    luogo.quartiere.save()
    servizio.categoria.nome = "Benessere"
    servizio.categoria.save()
    crea_fascia(luogo, 2, "09:00", "12:00")
    crea_eccezione(luogo, dt.date(2026, 12, 8), motivo="Festa del quartiere")
    secondo = crea_servizio(luogo, titolo="Sportello casa", usa_orari_luogo=False)
    FasciaOrariaServizio.objects.create(
        servizio=secondo, giorno=3, apre=dt.time(15), chiude=dt.time(17)
    )
    pagina = _pagina(client, luogo)
    assert "Casa Verde" in pagina
    assert "Associazione Tulipano" in pagina
    assert "Quartiere Nuovo" in pagina
    assert "Benessere" in pagina
    assert "09:00–12:00" in pagina
    assert "Festa del quartiere" in pagina
    assert "Sportello casa" in pagina
    assert "Giovedì: 15:00–17:00" in pagina

    servizio.pubblicato = False
    servizio.save()
    assert "Portierato" not in _pagina(client, luogo)


def test_un_luogo_nascosto_o_rinominato_non_resta_in_cache(client):
    luogo = crea_luogo()
    vecchio_indirizzo = luogo.get_absolute_url()
    assert client.get(vecchio_indirizzo).status_code == 200
    luogo.slug = "casa-rinominata"
    luogo.save()
    assert client.get(vecchio_indirizzo).status_code == 404
    assert client.get(luogo.get_absolute_url()).status_code == 200
    luogo.pubblicato = False
    luogo.save()
    assert client.get(luogo.get_absolute_url()).status_code == 404


def test_lo_stato_di_apertura_segue_l_ora_non_la_cache(client):
    luogo = crea_luogo()
    crea_fascia(luogo, 2, "09:00", "12:00")
    proprio = crea_servizio(luogo, titolo="Sportello", usa_orari_luogo=False)
    FasciaOrariaServizio.objects.create(
        servizio=proprio, giorno=2, apre=dt.time(11), chiude=dt.time(13)
    )
    crea_servizio(luogo, titolo="Biblioteca")
    with time_machine.travel(MERCOLEDI_ALLE_10, tick=False):
        pagina = _pagina(client, luogo)
    # The place (heading and hours) and the service on its hours; the one with its own slots.
    assert pagina.count("Aperto · chiude alle 12:00") == 3
    assert "Chiuso · apre alle 11:00" in pagina

    with time_machine.travel(MERCOLEDI_ALLE_10.replace(hour=12, minute=30), tick=False):
        pagina = _pagina(client, luogo)
    assert "Aperto · chiude" not in pagina.replace("Aperto · chiude alle 13:00", "", 1)
    assert "Aperto · chiude alle 13:00" in pagina
    assert pagina.count("Chiuso · apre mercoledì 9/12 alle 09:00") == 3


def test_il_giorno_dopo_la_pagina_sposta_oggi_e_le_eccezioni(client):
    luogo = crea_luogo()
    crea_fascia(luogo, 2, "09:00", "12:00")
    # Sixty-one days ahead: past the page's window today, inside it tomorrow.
    crea_eccezione(
        luogo,
        dt.date(2027, 2, 1),
        tipo=EccezioneOrario.Tipo.CHIUSURA,
        motivo="Inventario",
    )
    with time_machine.travel(MERCOLEDI_ALLE_10, tick=False):
        pagina = _pagina(client, luogo)
    assert "Inventario" not in pagina
    assert _oggi(pagina) == "Mercoledì"

    with time_machine.travel(MERCOLEDI_ALLE_10 + dt.timedelta(days=1), tick=False):
        pagina = _pagina(client, luogo)
    assert "Inventario" in pagina
    assert _oggi(pagina) == "Giovedì"


def test_la_pagina_gia_vista_non_rilegge_il_luogo(client, django_assert_max_num_queries):
    """Expected queries once the place's rows are kept, whatever its services:
    1. the place's next activity dates
    2. their sign-ups (only when some date takes them: none here)
    """
    luogo = crea_luogo(gestore=crea_ente())
    crea_fascia(luogo, 0, "09:00", "12:00")
    for _ in range(5):
        crea_servizio(luogo, usa_orari_luogo=False)
    prima = _senza_token(_pagina(client, luogo))
    with django_assert_max_num_queries(2):
        assert _senza_token(_pagina(client, luogo)) == prima


def _senza_token(pagina: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", pagina)


def test_i_worker_preparano_ogni_luogo_pubblicato_in_ogni_lingua(
    client, django_assert_max_num_queries
):
    luogo = crea_luogo(nome="Casa Gialla", gestore=crea_ente())
    crea_fascia(luogo, 0, "09:00", "12:00")
    crea_servizio(luogo, titolo="Portierato", usa_orari_luogo=False)
    crea_luogo(nome="Casa in allestimento", pubblicato=False)
    # One published place, two languages; what is kept and still true is left alone.
    assert prepara_luoghi.delay().get() == 2
    assert prepara_luoghi.delay().get() == 0
    # The first visit finds the place ready: only its next activity dates are read.
    with django_assert_max_num_queries(2):
        pagina = _pagina(client, luogo)
    assert '<h1 class="title-xxxlarge">Casa Gialla</h1>' in pagina
    assert "Portierato" in pagina
    luogo.nome = "Casa Verde"
    luogo.save()
    assert prepara_luoghi.delay().get() == 2
    with django_assert_max_num_queries(2):
        assert '<h1 class="title-xxxlarge">Casa Verde</h1>' in _pagina(client, luogo)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_dopo_una_modifica_un_worker_reale_prepara_la_pagina(
    celery_worker_reale, client, django_assert_max_num_queries
):
    luogo = crea_luogo(nome="Casa Gialla")
    luogo.nome = "Casa Verde"
    luogo.save()
    # The save's commit asked a worker for the pages: wait for it without visiting. A run
    # that started before the save keeps the page under the old version and another follows:
    # only the entry under the current one is ready.
    scadenza = time.monotonic() + 30
    oggi = timezone.localdate()
    while parti_condivise.leggi(schede.chiave(luogo.slug, "it"), schede.impronta(oggi)) is None:
        assert time.monotonic() < scadenza, "no worker rendered the page in 30 s"
        time.sleep(0.1)
    with django_assert_max_num_queries(2):
        pagina = _pagina(client, luogo)
    assert '<h1 class="title-xxxlarge">Casa Verde</h1>' in pagina
