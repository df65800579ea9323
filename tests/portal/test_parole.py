"""Words and formats: plurals, articles, the Comune's name, month names, the privacy link."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse

from quartieri.services.attivita import iscrivi
from quartieri.services.luoghi import controlla_sovrapposizioni
from tests.factories import crea_attivita

ROMA = ZoneInfo("Europe/Rome")
pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 3, 4, 10, tzinfo=ROMA), tick=False)
def test_una_persona_iscritta_e_1_iscritto(client, casa, community_manager, cittadino):
    attivita = crea_attivita(casa, iscrizione_richiesta=True, capienza=5)
    iscrivi(occorrenza=attivita.occorrenze.get(), utente=cittadino)
    client.force_login(community_manager)
    pagine = [
        reverse("gestione:attivita", kwargs={"slug": casa.slug, "pk": attivita.pk}),
        reverse("gestione:settimana"),
    ]
    for url in pagine:
        html = client.get(url).content.decode()
        assert "1 iscritto" in html, url
        assert "1 iscritti" not in html, url


def test_la_domenica_con_l_articolo_giusto():
    sovrapposte = [(6, dt.time(9), dt.time(12)), (6, dt.time(11), dt.time(13))]
    with pytest.raises(ValidationError) as errore:
        controlla_sovrapposizioni(sovrapposte)
    assert errore.value.messages[0].startswith("La domenica la fascia")


def test_servizio_del_comune(client, db):
    html = client.get(reverse("portal:home")).content.decode()
    assert "è un servizio del Comune di" in html
    assert "servizio di Comune" not in html


def test_i_mesi_si_scrivono_minuscoli():
    testo = Template('{{ d|date:"j F Y" }} · {{ d|date:"l"|capfirst }}').render(
        Context({"d": dt.date(2026, 12, 4)})
    )
    assert testo == "4 dicembre 2026 · Venerdì"


def test_il_consenso_privacy_porta_all_informativa(client, cittadino):
    client.force_login(cittadino)
    html = client.get(reverse("volontari:profilo")).content.decode()
    assert f'href="{reverse("portal:privacy")}"' in html
