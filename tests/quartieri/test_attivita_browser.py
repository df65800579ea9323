from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from quartieri.models import ContattoSportello, Resoconto
from tests.conftest import accedi_nel_browser, violazioni_axe
from tests.factories import crea_attivita, crea_servizio

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_manager_registra_resoconto_e_contatto_dal_telefono(
    pagina_telefono, live_server, casa, community_manager
):
    crea_attivita(casa, titolo="Tombola", inizio=timezone.now() - dt.timedelta(hours=3))
    servizio = crea_servizio(casa, titolo="Facilitazione digitale")
    page = pagina_telefono
    accedi_nel_browser(page, live_server, community_manager)

    page.goto("/gestione/settimana/")
    assert violazioni_axe(page) == []
    page.locator("a", has_text="Scrivi il resoconto").first.click()
    assert violazioni_axe(page) == []
    page.get_by_label("Partecipanti in tutto").fill("9")
    page.get_by_label("Di cui sotto i 14 anni").fill("2")
    page.get_by_label("Di cui tra 14 e 64 anni").fill("3")
    page.get_by_label("Di cui con 65 anni o più").fill("4")
    page.get_by_role("button", name="Salva il resoconto").click()
    page.get_by_text("Resoconto salvato").wait_for()
    assert Resoconto.objects.get().partecipanti_over65 == 4

    page.goto(f"/gestione/{casa.slug}/sportello/")
    assert violazioni_axe(page) == []
    larghezza = page.evaluate("document.documentElement.scrollWidth")
    assert larghezza <= 360
    page.get_by_role("button", name="Facilitazione digitale").click()
    page.get_by_text("Contatto registrato").wait_for()
    contatto = ContattoSportello.objects.get()
    assert contatto.servizio == servizio
    assert contatto.registrato_da == community_manager
    assert violazioni_axe(page) == []
