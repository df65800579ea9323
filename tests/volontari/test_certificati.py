"""Certificates: the figures come from approved entries only; the code cannot be forged."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.core import signing
from django.test import override_settings

from tests.factories import crea_accordo, crea_incarico, crea_opportunita, crea_ore, crea_progetto
from volontari import certificati
from volontari.models import Opportunita, OreVolontariato

pytestmark = pytest.mark.django_db

DECISA = dt.datetime(2025, 6, 1, 10, tzinfo=dt.UTC)


def approvata(incarico, giorno: dt.date, ore: str, **campi):
    return crea_ore(
        incarico, data=giorno, ore=Decimal(ore), stato="approvata", approvata_il=DECISA, **campi
    )


def test_conta_solo_le_ore_approvate_del_periodo_correzioni_comprese(incarico, casa):
    approvata(incarico, dt.date(2025, 1, 1), "2")
    originale = approvata(incarico, dt.date(2025, 3, 31), "4")
    approvata(incarico, dt.date(2025, 3, 31), "-1.5", corregge=originale, motivo_correzione="x")
    crea_ore(incarico, data=dt.date(2025, 2, 2), ore=Decimal("3"))
    crea_ore(
        incarico,
        data=dt.date(2025, 2, 3),
        ore=Decimal("3"),
        stato="rifiutata",
        motivo_rifiuto="Non c'ero",
        approvata_il=DECISA,
    )
    approvata(incarico, dt.date(2024, 12, 31), "5")
    approvata(incarico, dt.date(2025, 4, 1), "5")
    altro = crea_incarico(opportunita=incarico.opportunita)
    approvata(altro, dt.date(2025, 2, 2), "8")

    certificato, righe = certificati.crea_certificato(
        volontario=incarico.volontario,
        dal=dt.date(2025, 1, 1),
        al=dt.date(2025, 3, 31),
        oggi=dt.date(2025, 6, 2),
    )

    assert certificato.ore == Decimal("4.5")
    assert certificato.emesso_il == dt.date(2025, 6, 2)
    assert [(r["opportunita"], r["ore_totali"]) for r in righe] == [
        ("Lettura ad alta voce", Decimal("4.5"))
    ]


def test_suddivide_per_opportunita_e_progetto(volontario, casa):
    progetto = crea_progetto(crea_accordo(), titolo="Parchi bene comune")
    parchi = crea_incarico(
        volontario,
        crea_opportunita(
            casa,
            titolo="Cura dei parchi",
            tipo=Opportunita.Tipo.PROGETTO_ACCORDO,
            servizio_comunale="",
            progetto=progetto,
        ),
    )
    libri = crea_incarico(volontario, crea_opportunita(casa, titolo="Biblioteca"))
    approvata(parchi, dt.date(2025, 5, 5), "3")
    approvata(libri, dt.date(2025, 5, 5), "2")
    approvata(libri, dt.date(2025, 5, 6), "2.25")
    _certificato, righe = certificati.crea_certificato(
        volontario=volontario, dal=dt.date(2025, 1, 1), al=dt.date(2025, 12, 31)
    )
    assert [(r["opportunita"], r["progetto"], r["ore_totali"]) for r in righe] == [
        ("Biblioteca", None, Decimal("4.25")),
        ("Cura dei parchi", "Parchi bene comune", Decimal("3")),
    ]


def test_il_codice_si_rilegge_e_non_si_falsifica(volontario):
    certificato = certificati.Certificato(
        volontario_id=volontario.pk,
        dal=dt.date(2025, 1, 1),
        al=dt.date(2025, 12, 31),
        ore=Decimal("12.75"),
        emesso_il=dt.date(2026, 1, 2),
    )
    assert certificati.leggi_codice(certificato.codice) == certificato
    payload, firma = certificato.codice.rsplit(":", 1)
    assert certificati.leggi_codice(f"{payload}:{firma[:-1]}x") is None
    falso = signing.dumps(
        [volontario.pk, "2025-01-01", "2025-12-31", "999", "2026-01-02"], salt="altro"
    )
    assert certificati.leggi_codice(falso) is None
    non_lista = signing.dumps({"ore": 1}, salt=certificati.SALE)
    assert certificati.leggi_codice(non_lista) is None
    assert certificati.leggi_codice("spazzatura") is None


def test_il_codice_non_contiene_dati_personali(volontario):
    certificato = certificati.Certificato(
        volontario_id=volontario.pk,
        dal=dt.date(2025, 1, 1),
        al=dt.date(2025, 12, 31),
        ore=Decimal("1"),
        emesso_il=dt.date(2026, 1, 2),
    )
    contenuto = str(signing.loads(certificato.codice, salt=certificati.SALE))
    for dato in (volontario.nome, volontario.cognome, volontario.codice_fiscale):
        assert dato not in contenuto


@override_settings(SITE_URL="https://quartieri.comune.example.it", SITE_NAME="Comune di Prova")
def test_html_del_pdf_con_nome_periodo_totale_codice_e_qr(incarico):
    approvata(incarico, dt.date(2025, 3, 3), "2.5")
    certificato, righe = certificati.crea_certificato(
        volontario=incarico.volontario,
        dal=dt.date(2025, 1, 1),
        al=dt.date(2025, 6, 30),
        oggi=dt.date(2025, 7, 1),
    )
    html = certificati.html_certificato(certificato, incarico.volontario, righe)
    assert "Comune di Prova" in html
    assert f"{incarico.volontario.nome} {incarico.volontario.cognome}" in html
    assert "1 gennaio 2025" in html
    assert "30 giugno 2025" in html
    assert "2,5 ore" in html
    assert "Lettura ad alta voce" in html
    assert f"https://quartieri.comune.example.it/verifica/{certificato.codice}/" in html
    assert "<svg" in html
    assert incarico.volontario.codice_fiscale not in html


def test_un_anno_di_ore_diventa_pdf_in_meno_di_un_secondo(volontario, casa):
    incarichi = [
        crea_incarico(volontario, crea_opportunita(casa, titolo=f"Opportunità {n}"))
        for n in range(3)
    ]
    OreVolontariato.objects.bulk_create(
        OreVolontariato(
            incarico=incarichi[giorno % 3],
            data=dt.date(2025, 1, 1) + dt.timedelta(days=giorno),
            ore=Decimal("2"),
            attivita_svolta="Turno",
            stato="approvata",
            approvata_il=DECISA,
        )
        for giorno in range(365)
    )
    # The first PDF loads WeasyPrint and the fonts: a one-off cost per process.
    certificati.pdf_certificato(
        *certificati.crea_certificato(
            volontario=volontario, dal=dt.date(2025, 1, 1), al=dt.date(2025, 1, 2)
        )[:1],
        volontario,
        [],
    )
    inizio = time.perf_counter()
    certificato, righe = certificati.crea_certificato(
        volontario=volontario, dal=dt.date(2025, 1, 1), al=dt.date(2025, 12, 31)
    )
    pdf = certificati.pdf_certificato(certificato, volontario, righe)
    durata = time.perf_counter() - inizio
    assert certificato.ore == Decimal("730")
    assert pdf.startswith(b"%PDF")
    assert durata < 1.0, durata
