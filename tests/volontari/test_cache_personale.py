"""The volunteer's area and the tutor's queue served from the cache of personal pages
(portal/cache_pagine.py): only to their own user, fresh after their own changes."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import crea_ore
from volontari.models import OreVolontariato

pytestmark = pytest.mark.django_db

AREA = reverse("volontari:area_personale")
TUTOR = reverse("volontari:tutor")
OGGI = dt.datetime(2025, 3, 10, 12, 0)
IN_ATTESA_2 = "In attesa di approvazione: <strong>2</strong>"


@pytest.fixture(autouse=True)
def orologio(settings):
    """The cache of personal pages on, and a clock the tests can move on."""
    settings.CACHE_PAGINE_PERSONALI_SECONDI = 60
    with time_machine.travel(OGGI, tick=False) as viaggio:
        yield viaggio


def _registra_ore(client: Client, incarico, giorno: str) -> None:
    dati = {"incarico": incarico.pk, "data": giorno, "ore": "2", "attivita_svolta": "Lettura"}
    assert client.post(reverse("volontari:registra_ore"), dati).status_code == 302


@pytest.mark.parametrize(("persona", "pagina"), [("volontario", AREA), ("tutor", TUTOR)])
def test_la_seconda_visita_non_esegue_le_query_della_pagina(
    request, client, incarico, persona, pagina, django_assert_max_num_queries
):
    """A hit loads the user (their roles in the same query) and nothing else."""
    utente = request.getfixturevalue(persona)
    client.force_login(getattr(utente, "user", utente))
    crea_ore(incarico, data=dt.date(2025, 3, 3))
    prima = client.get(pagina)
    assert prima.status_code == 200
    with django_assert_max_num_queries(1):
        seconda = client.get(pagina)
    assert seconda.status_code == 200
    assert "<!--cdq-" not in seconda.content.decode()


def test_le_mie_ore_appena_registrate_si_vedono_subito(client, volontario, incarico):
    client.force_login(volontario.user)
    assert IN_ATTESA_2 not in client.get(AREA).content.decode()
    _registra_ore(client, incarico, "2025-03-03")
    client.get(AREA)  # the message of the registration, shown once
    assert IN_ATTESA_2 in client.get(AREA).content.decode()


def test_un_approvazione_del_tutor_si_vede_entro_i_secondi_impostati(
    settings, client, volontario, incarico, tutor, orologio
):
    settings.CACHE_PAGINE_PERSONALI_SECONDI = 1
    crea_ore(incarico, data=dt.date(2025, 3, 3))
    client.force_login(volontario.user)
    assert IN_ATTESA_2 in client.get(AREA).content.decode()

    del_tutor = Client()
    del_tutor.force_login(tutor)
    voce = OreVolontariato.objects.get()
    del_tutor.post(reverse("volontari:tutor_decidi_ore"), {"voci": [voce.pk], "azione": "approva"})

    # Others' changes may take the configured seconds to show...
    assert IN_ATTESA_2 in client.get(AREA).content.decode()
    # ...never more. Redis expires keys on the real clock, the in-memory cache on the test's.
    time.sleep(1.1)
    orologio.shift(dt.timedelta(seconds=1.1))
    assert "Ore approvate: <strong>2</strong>" in client.get(AREA).content.decode()


def test_la_coda_del_tutor_si_aggiorna_subito_dopo_le_sue_decisioni(client, tutor, incarico):
    voce = crea_ore(incarico, data=dt.date(2025, 3, 3))
    client.force_login(tutor)
    assert f'id="voce_{voce.pk}"' in client.get(TUTOR).content.decode()
    client.post(reverse("volontari:tutor_decidi_ore"), {"voci": [voce.pk], "azione": "approva"})
    client.get(TUTOR)  # the message of the decision, shown once
    assert f'id="voce_{voce.pk}"' not in client.get(TUTOR).content.decode()


def test_la_pagina_in_cache_di_un_utente_non_arriva_a_un_altro(
    client, volontario, incarico, altro_incarico
):
    client.force_login(volontario.user)
    assert "Lettura ad alta voce" in client.get(AREA).content.decode()
    altro = Client()
    altro.force_login(altro_incarico.volontario.user)
    html = altro.get(AREA).content.decode()
    assert "Lettura ad alta voce" not in html
    assert "Musei" in html


def test_il_modulo_della_coda_in_cache_porta_il_token_del_tutor(tutor, incarico):
    voce = crea_ore(incarico, data=dt.date(2025, 3, 3))
    in_cache = Client()
    in_cache.force_login(tutor)
    in_cache.get(TUTOR)
    client = Client(enforce_csrf_checks=True)
    client.force_login(tutor)
    html = client.get(TUTOR).content.decode()
    token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[-1]
    risposta = client.post(
        reverse("volontari:tutor_decidi_ore"),
        {"voci": [voce.pk], "azione": "approva", "csrfmiddlewaretoken": token},
    )
    assert risposta.status_code == 302
    voce.refresh_from_db()
    assert voce.stato == OreVolontariato.Stato.APPROVATA


def test_una_versione_persa_non_ripesca_una_pagina_vecchia(client, volontario, incarico):
    client.force_login(volontario.user)
    client.get(AREA)
    crea_ore(incarico, data=dt.date(2025, 3, 3))
    cache.delete(f"versione-utente:{volontario.user.pk}")
    assert IN_ATTESA_2 in client.get(AREA).content.decode()


def test_uscire_invalida_le_pagine_dell_utente(client, volontario, incarico):
    client.force_login(volontario.user)
    client.get(AREA)
    crea_ore(incarico, data=dt.date(2025, 3, 3))
    client.post(reverse("account_logout"))
    client.force_login(volontario.user)
    client.get(AREA)  # the message of the logout, shown once
    assert IN_ATTESA_2 in client.get(AREA).content.decode()


def test_con_zero_secondi_la_cache_personale_e_spenta(settings, client, volontario, incarico):
    settings.CACHE_PAGINE_PERSONALI_SECONDI = 0
    client.force_login(volontario.user)
    client.get(AREA)
    crea_ore(incarico, data=dt.date(2025, 3, 3))
    assert IN_ATTESA_2 in client.get(AREA).content.decode()
