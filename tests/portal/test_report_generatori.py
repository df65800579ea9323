"""Each kind's figures against a hand-counted fixture; the files open and hold them."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone, translation
from openpyxl import load_workbook

from accordi.models import Firmatario, StatoAccordo
from portal.report import registro, scrittura
from portal.report.generatori import bilancio
from portal.report.generatori import casa as generatori_casa
from tests.conftest import crea_utente
from tests.factories import (
    crea_accordo,
    crea_aggiornamento,
    crea_attivita,
    crea_ente,
    crea_firmatario,
    crea_incarico,
    crea_opportunita,
    crea_ore,
    crea_progetto,
)
from tests.portal.report_dati import crea_mese_di_prova, momento

pytestmark = pytest.mark.django_db


def _genera(tipo, parametri, tmp_path, nome="file"):
    percorso = tmp_path / f"{nome}.{parametri['formato']}"
    avanzamenti = []
    with translation.override("it"):
        nome_file = registro.tipo_report(tipo).genera(parametri, avanzamenti.append, percorso)
    return percorso, nome_file, avanzamenti


@pytest.fixture
def mese_di_prova(casa, cittadino):
    crea_mese_di_prova(casa, cittadino, crea_utente("altra@esempio.test"))
    opportunita = crea_opportunita(casa)
    incarico = crea_incarico(opportunita=opportunita)
    crea_ore(
        incarico,
        data=dt.date(2025, 3, 10),
        ore=Decimal("3"),
        stato="approvata",
        approvata_il=timezone.now(),
    )
    crea_ore(
        incarico,
        data=dt.date(2025, 3, 11),
        ore=Decimal("1"),
        stato="approvata",
        approvata_il=timezone.now(),
    )
    crea_ore(incarico, data=dt.date(2025, 3, 12), ore=Decimal("2"))
    return casa


def test_cifre_del_report_mensile(mese_di_prova):
    dati = generatori_casa.dati_mensili(mese_di_prova, 2025, 3)
    assert dati["attivita_svolte"] == 2
    assert dati["attivita_annullate"] == 1
    assert dati["attivita_con_resoconto"] == 2
    assert dati["partecipanti"] == {
        "totale": 20,
        "under14": 5,
        "da14a64": 10,
        "over65": 5,
        "volontari": 2,
        "ore": Decimal("3.5"),
    }
    assert dati["ore_volontariato_registro"] == Decimal("4")
    assert dati["volontari_registro"] == 1
    assert dati["iscrizioni"] == {"confermate": 1, "in_attesa": 1, "annullate": 0}
    assert dati["contatti_sportello"] == 3
    assert dati["contatti_inviati_al_comune"] == 1
    assert [c["motivo"] for c in dati["chiusure"]] == ["Disinfestazione"]
    assert [s["contatti"] for s in dati["servizi"]] == [3]


def test_report_mensile_xlsx_contiene_le_cifre(mese_di_prova, tmp_path):
    parametri = {"luogo": mese_di_prova.pk, "anno": 2025, "mese": 3, "formato": "xlsx"}
    percorso, nome, avanzamenti = _genera("mensile_casa", parametri, tmp_path)
    assert nome == "report-casa-mirandola-2025-03.xlsx"
    assert avanzamenti
    libro = load_workbook(percorso, read_only=True)
    assert libro.sheetnames == ["Riepilogo", "Attività", "Servizi", "Chiusure"]
    riepilogo = dict(libro["Riepilogo"].iter_rows(min_row=2, values_only=True))
    assert riepilogo["Partecipanti"] == 20
    assert riepilogo["Partecipanti sotto i 14 anni"] == 5
    assert riepilogo["Ore di volontariato approvate nel registro"] == 4
    assert riepilogo["Contatti allo sportello"] == 3
    attivita = list(libro["Attività"].iter_rows(min_row=2, values_only=True))
    assert ("Tombola", "incontro", 1, 12, 3.5) in attivita


def test_report_mensile_pdf(mese_di_prova, tmp_path, monkeypatch):
    html_visti = []
    originale = scrittura.render_html
    monkeypatch.setattr(
        scrittura, "render_html", lambda t, c: html_visti.append(originale(t, c)) or html_visti[-1]
    )
    parametri = {"luogo": mese_di_prova.pk, "anno": 2025, "mese": 3, "formato": "pdf"}
    percorso, nome, _avanzamenti = _genera("mensile_casa", parametri, tmp_path)
    contenuto = percorso.read_bytes()
    assert contenuto.startswith(b"%PDF")
    assert len(contenuto) > 5000
    assert "Tombola" in html_visti[0]
    assert "Disinfestazione" in html_visti[0]
    assert "marzo 2025" in html_visti[0]


def test_programma_settimanale(casa, tmp_path, monkeypatch):
    crea_attivita(casa, titolo="Burraco del lunedì", inizio=momento(10, 15))
    crea_attivita(casa, titolo="Fuori settimana", inizio=momento(17, 15))
    crea_attivita(casa, titolo="Riunione interna", inizio=momento(11, 15), pubblica=False)
    html_visti = []
    originale = scrittura.render_html
    monkeypatch.setattr(
        scrittura, "render_html", lambda t, c: html_visti.append(originale(t, c)) or html_visti[-1]
    )
    parametri = {"luogo": casa.pk, "settimana": "2025-03-12", "formato": "pdf"}
    from portal.report.services import normalizza_parametri

    parametri = normalizza_parametri(registro.tipo_report("programma_settimanale"), parametri)
    assert parametri["settimana"] == "2025-03-10"
    percorso, nome, _avanzamenti = _genera("programma_settimanale", parametri, tmp_path)
    assert percorso.read_bytes().startswith(b"%PDF")
    assert nome == "programma-casa-mirandola-2025-03-10.pdf"
    html = html_visti[0]
    assert "Burraco del lunedì" in html
    assert "Fuori settimana" not in html
    assert "Riunione interna" not in html
    assert html.count("<svg") == 2
    assert f"/case-di-quartiere/{casa.slug}/calendario.ics" in html
    assert "09:00–19:00" in html


def test_registro_enti_csv(tmp_path):
    accordo = crea_accordo()
    crea_firmatario(accordo, ente=crea_ente(nome="Associazione Bene Comune"))
    crea_ente(nome="Ente mai firmatario")
    percorso, nome, _ = _genera("registro_enti", {"formato": "csv"}, tmp_path)
    assert percorso.read_bytes().startswith("\ufeff".encode())
    with percorso.open(encoding="utf-8-sig") as f:
        righe = list(csv.reader(f, delimiter=";"))
    assert righe[0][0] == "Nome"
    assert [r[0] for r in righe[1:]] == ["Associazione Bene Comune"]
    assert nome.startswith("registro-enti-")
    assert nome.endswith(".csv")


@pytest.fixture
def anno_di_prova(casa):
    """2024 against 2023: agreements, projects, signatories, hours, activities."""
    vecchio = crea_accordo(
        data_inizio=dt.date(2022, 1, 1), data_fine=dt.date(2023, 6, 30), stato=StatoAccordo.CHIUSO
    )
    nuovo = crea_accordo(data_inizio=dt.date(2024, 2, 1), data_fine=dt.date(2026, 1, 31))
    crea_accordo(stato=StatoAccordo.ASCOLTO, data_inizio=None, data_fine=None)  # not public
    progetto = crea_progetto(nuovo)
    crea_progetto(nuovo)
    crea_progetto(vecchio)
    crea_firmatario(nuovo)
    crea_firmatario(nuovo)
    crea_firmatario(nuovo, tipo=Firmatario.Tipo.CITTADINO, nome_cittadino="Lia")
    crea_firmatario(vecchio)
    crea_aggiornamento(
        progetto, data=dt.date(2024, 3, 1), ore_collaborazione=10, abitanti_raggiunti=50
    )
    crea_aggiornamento(
        progetto, data=dt.date(2024, 9, 1), ore_collaborazione=5, abitanti_raggiunti=80
    )
    crea_aggiornamento(
        progetto, data=dt.date(2025, 1, 10), ore_collaborazione=7, abitanti_raggiunti=120
    )
    incarico = crea_incarico(opportunita=crea_opportunita(casa))
    crea_ore(
        incarico,
        data=dt.date(2024, 5, 2),
        ore=Decimal("2.5"),
        stato="approvata",
        approvata_il=timezone.now(),
    )
    crea_ore(
        incarico,
        data=dt.date(2023, 5, 2),
        ore=Decimal("1"),
        stato="approvata",
        approvata_il=timezone.now(),
    )
    crea_attivita(casa, inizio=momento(5, anno=2024))
    crea_attivita(casa, inizio=momento(6, anno=2024))
    crea_attivita(casa, inizio=momento(6, anno=2023))


def test_cifre_del_bilancio(anno_di_prova):
    dati = bilancio.dati_bilancio(2024, None, lambda _p: None)
    principali = {
        voce: (attuale, precedente) for voce, attuale, precedente, _d in dati["principali"]
    }
    assert principali["Accordi di cittadinanza in vigore"] == (1, 1)
    assert principali["Progetti"] == (2, 1)
    assert principali["Enti e gruppi firmatari"] == (2, 1)
    assert principali["Cittadini firmatari"] == (1, 0)
    assert principali["Ore di collaborazione civica nei progetti"] == (Decimal("15"), Decimal("0"))
    assert principali["Abitanti raggiunti"] == (80, 0)
    assert principali["Volontari con ore approvate"] == (1, 1)
    assert principali["Ore di volontariato approvate"] == (Decimal("2.5"), Decimal("1"))
    assert principali["Attività svolte nelle Case"] == (2, 1)
    assert [c["attivita_svolte"] for c in dati["case"]] == [2]


def test_bilancio_xlsx_un_foglio_per_sezione(anno_di_prova, tmp_path):
    percorso, nome, avanzamenti = _genera("bilancio", {"anno": 2024, "formato": "xlsx"}, tmp_path)
    assert nome == "bilancio-2024.xlsx"
    assert avanzamenti == [30, 55, 75, 85]
    libro = load_workbook(percorso, read_only=True)
    assert libro.sheetnames == [
        "Sintesi",
        "Accordi per stato",
        "Case di Quartiere",
        "Organismi di partecipazione",
    ]
    sintesi = {r[0]: r[1:] for r in libro["Sintesi"].iter_rows(min_row=2, values_only=True)}
    assert sintesi["Progetti"] == (2, 1, 1)
    assert sintesi["Ore di volontariato approvate"] == (2.5, 1, 1.5)


def test_bilancio_pdf_con_grafici(anno_di_prova, tmp_path, monkeypatch):
    html_visti = []
    originale = scrittura.render_html
    monkeypatch.setattr(
        scrittura, "render_html", lambda t, c: html_visti.append(originale(t, c)) or html_visti[-1]
    )
    percorso, _nome, _ = _genera("bilancio", {"anno": 2024, "formato": "pdf"}, tmp_path)
    assert percorso.read_bytes().startswith(b"%PDF")
    assert html_visti[0].count('role="img"') == 3
    assert "Casa Mirandola" in html_visti[0]


def test_ore_di_volontariato_per_servizio_progetto_tutor_mese(casa, tutor, tmp_path):
    progetto = crea_progetto(titolo="Orti condivisi")
    servizio = crea_opportunita(casa, tutor=tutor)
    di_progetto = crea_opportunita(
        casa, tipo="progetto_accordo", servizio_comunale="", progetto=progetto
    )
    approvata = {"stato": "approvata", "approvata_il": timezone.now()}
    crea_ore(crea_incarico(opportunita=servizio), data=dt.date(2025, 1, 7), ore=2, **approvata)
    crea_ore(crea_incarico(opportunita=di_progetto), data=dt.date(2025, 2, 3), ore=3, **approvata)
    crea_ore(crea_incarico(opportunita=di_progetto), data=dt.date(2025, 2, 4), ore=1)
    percorso, _nome, _ = _genera("ore_volontariato", {"anno": 2025, "formato": "xlsx"}, tmp_path)
    libro = load_workbook(percorso, read_only=True)
    assert list(libro["Per servizio"].iter_rows(min_row=2, values_only=True)) == [
        ("Progetti degli accordi", 3, 1, 1),
        ("biblioteche", 2, 1, 1),
    ]
    assert [r[1] for r in libro["Per progetto"].iter_rows(min_row=2, values_only=True)] == [3]
    assert list(libro["Per tutor"].iter_rows(min_row=2, values_only=True)) == [("Tina", 2, 1, 1)]
    assert list(libro["Per mese"].iter_rows(min_row=2, values_only=True)) == [
        ("2025-01", 2, 1, 1),
        ("2025-02", 3, 1, 1),
    ]
    percorso_csv, _nome, _ = _genera(
        "ore_volontariato", {"anno": 2025, "formato": "csv"}, tmp_path, "c"
    )
    assert "Per mese;2025-02;3" in percorso_csv.read_text(encoding="utf-8-sig")


def test_registro_dei_volontari_in_due_sezioni(casa, tmp_path):
    from tests.factories import crea_volontario

    crea_incarico(volontario=crea_volontario(cognome="Bianchi"))
    crea_incarico(volontario=crea_volontario(cognome="Verdi", occasionale=True))
    percorso, _nome, _ = _genera("registro_volontari", {"formato": "xlsx"}, tmp_path)
    libro = load_workbook(percorso, read_only=True)
    assert libro.sheetnames == ["Volontari non occasionali", "Volontari occasionali"]
    assert [
        r[1] for r in libro["Volontari occasionali"].iter_rows(min_row=2, values_only=True)
    ] == ["Verdi"]


def test_il_programma_di_una_settimana_piena_sta_in_una_pagina_a4(casa, tmp_path, monkeypatch):
    """Seven busy days, long titles, closures and both QR codes: still one A4 page."""
    from weasyprint import HTML

    from tests.factories import crea_eccezione

    casa.indirizzo = "Via della Casa di Quartiere con un nome molto lungo 123, Reggio Emilia"
    casa.telefono = "0522 123456"
    casa.save()
    for giorno in range(10, 17):
        for ora in range(9, 20):
            crea_attivita(
                casa,
                titolo=f"Laboratorio di cucito creativo e riparazione di abiti usati n. {ora}",
                inizio=momento(giorno, ora),
                iscrizione_richiesta=ora % 2 == 0,
                gratuita=False,
                costo="5 euro a incontro",
            )
    crea_eccezione(casa, dt.date(2025, 3, 15), motivo="Manutenzione straordinaria dell'impianto")
    html_visti = []
    originale = scrittura.render_html
    monkeypatch.setattr(
        scrittura, "render_html", lambda t, c: html_visti.append(originale(t, c)) or html_visti[-1]
    )
    parametri = {"luogo": casa.pk, "settimana": "2025-03-10", "formato": "pdf"}
    percorso, _nome, _avanzamenti = _genera("programma_settimanale", parametri, tmp_path)
    assert percorso.read_bytes().startswith(b"%PDF")
    html = html_visti[0]
    assert html.count("<svg") == 2
    assert "e altre 7 attività" in html
    pagine = HTML(string=html, base_url=str(settings.BASE_DIR)).render().pages
    assert len(pagine) == 1
    # A4 in CSS pixels (96 per inch): 210 × 297 mm.
    assert (pagine[0].width, pagine[0].height) == pytest.approx((793.7, 1122.5), abs=0.5)
