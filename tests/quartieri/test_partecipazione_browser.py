"""The public participation pages in a real browser: zero axe-core violations, phone width."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from quartieri.models import Membro, Patto, Richiesta
from tests.conftest import crea_utente, violazioni_axe
from tests.factories import crea_ambito, crea_ente, crea_luogo
from tests.quartieri.partecipazione_dati import (
    OGGI,
    crea_membro,
    crea_organismo,
    crea_richiesta,
    crea_riunione,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consulta(staff):
    luogo = crea_luogo(nome="Casa Santa Croce")
    organismo = crea_organismo(nome="Consulta H", descrizione="Eletta dai residenti.")
    organismo.ambiti.add(crea_ambito(nome="Ambito H"))
    crea_membro(
        organismo,
        utente=crea_utente("rosa@esempio.test", first_name="Rosa", last_name="Pubblica"),
        nome_pubblico=True,
    )
    crea_membro(organismo, utente=crea_utente("piero@esempio.test", first_name="Piero"))
    crea_membro(organismo, ruolo=Membro.Ruolo.RAPPRESENTANTE_ENTE, ente=crea_ente())
    adesso = timezone.now()
    crea_riunione(organismo, inizio=adesso + dt.timedelta(days=3), luogo=luogo)
    passata = crea_riunione(organismo, inizio=adesso - dt.timedelta(days=30), verbale="Verbale")
    crea_richiesta(organismo, staff, riunione=passata, inviata_il=OGGI - dt.timedelta(days=300))
    crea_richiesta(
        organismo,
        staff,
        stato=Richiesta.Stato.RISPOSTA,
        risposta="Fatto",
        risposta_il=OGGI,
        inviata_il=OGGI - dt.timedelta(days=20),
    )
    Patto.objects.create(organismo=organismo, anno=2025, obiettivi="Strade scolastiche")
    return organismo


@pytest.mark.parametrize(
    "percorso", ["/partecipazione/", "/partecipazione/consulta-h/", "/partecipazione/richieste/"]
)
def test_pagine_senza_violazioni_axe(pagina, consulta, percorso):
    pagina.goto(percorso)
    assert pagina.locator("h1").count() == 1
    assert violazioni_axe(pagina) == []


def test_pagina_dell_organismo_al_telefono(pagina_telefono, consulta):
    pagina_telefono.goto("/partecipazione/consulta-h/")
    larghezza = pagina_telefono.evaluate("document.documentElement.scrollWidth")
    assert larghezza <= 360
    assert violazioni_axe(pagina_telefono) == []
