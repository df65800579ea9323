"""In the browser: staff request a report, watch it and download it; /numeri/ is accessible."""

from __future__ import annotations

import pytest

from portal.models import RichiestaReport
from tests.conftest import accedi_nel_browser, violazioni_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_richiede_e_scarica_un_report(pagina, live_server, staff, casa):
    accedi_nel_browser(pagina, live_server, staff)
    pagina.goto("/report/")
    assert violazioni_axe(pagina) == []
    pagina.select_option("#id_tipo", "mensile_casa")
    pagina.select_option("#id_formato", "xlsx")
    pagina.fill("#id_anno", "2025")
    pagina.select_option("#id_mese", "3")
    pagina.select_option("#id_luogo", str(casa.pk))
    pagina.click("button:has-text('Richiedi il report')")
    pagina.wait_for_selector("text=Scarica XLSX")
    with pagina.expect_download() as scaricamento:
        pagina.click("text=Scarica XLSX")
    assert scaricamento.value.suggested_filename == "report-casa-mirandola-2025-03.xlsx"
    assert violazioni_axe(pagina) == []


@pytest.mark.parametrize(
    ("tipo", "formato", "campi"),
    [
        ("bilancio", "pdf", {"#id_anno": "2025"}),
        ("mensile_casa", "pdf", {"#id_anno": "2025", "#id_mese": "3", "#id_luogo": "casa"}),
        ("programma_settimanale", "pdf", {"#id_settimana": "2025-03-10", "#id_luogo": "casa"}),
        ("registro_enti", "csv", {}),
        ("ore_volontariato", "xlsx", {"#id_anno": "2025"}),
        ("registro_volontari", "csv", {}),
    ],
)
def test_staff_richiede_e_scarica_ogni_tipo_di_report(
    pagina, live_server, staff, casa, tipo, formato, campi
):
    accedi_nel_browser(pagina, live_server, staff)
    pagina.goto("/report/")
    pagina.select_option("#id_tipo", tipo)
    pagina.select_option("#id_formato", formato)
    for selettore, valore in campi.items():
        valore = str(casa.pk) if valore == "casa" else valore
        if pagina.locator(selettore).evaluate("e => e.tagName") == "SELECT":
            pagina.select_option(selettore, valore)
        else:
            pagina.fill(selettore, valore)
    pagina.click("button:has-text('Richiedi il report')")
    etichetta = f"Scarica {formato.upper()}"
    pagina.wait_for_selector(f"text={etichetta}")
    with pagina.expect_download() as scaricamento:
        pagina.click(f"text={etichetta}")
    assert scaricamento.value.suggested_filename.endswith(f".{formato}")
    assert RichiestaReport.objects.get(tipo=tipo).stato == "completato"


def test_lo_script_aggiorna_la_riga_senza_ricaricare(pagina, live_server, staff, casa):
    richiesta = RichiestaReport.objects.create(
        tipo="mensile_casa",
        parametri={"luogo": casa.pk, "anno": 2025, "mese": 3, "formato": "pdf"},
        stato="in_corso",
        progresso=10,
        chiave_idempotenza="browser",
    )
    accedi_nel_browser(pagina, live_server, staff)
    pagina.goto("/report/")
    pagina.evaluate("window.__stessa_pagina = true")
    RichiestaReport.objects.filter(pk=richiesta.pk).update(
        stato="fallito", errore="Errore interno (KeyError)"
    )
    pagina.wait_for_selector("[data-report-errore]", timeout=10000)
    assert pagina.evaluate("window.__stessa_pagina") is True
    riga = pagina.locator(f'tr[data-report-id="{richiesta.pk}"]')
    assert "Fallito" in riga.inner_text()
    assert violazioni_axe(pagina) == []


def test_numeri_accessibili_al_telefono(pagina_telefono, live_server, casa):
    pagina_telefono.goto("/numeri/")
    assert pagina_telefono.locator("svg[role=img]").count() == 5
    assert violazioni_axe(pagina_telefono) == []
    larghezza = pagina_telefono.evaluate("document.documentElement.scrollWidth")
    assert larghezza <= 360
