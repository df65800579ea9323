"""/area-personale/: my enrolments, hours and applications; nobody else's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import crea_utente
from tests.factories import (
    crea_accordo,
    crea_incarico,
    crea_opportunita,
    crea_ore,
    crea_progetto,
    crea_volontario,
)
from volontari.models import Candidatura, Opportunita

pytestmark = pytest.mark.django_db

AREA = "/area-personale/"
ADESSO = dt.datetime(2025, 6, 15, 10, tzinfo=dt.UTC)


def approvata(incarico, giorno: dt.date, ore: str, **campi):
    return crea_ore(
        incarico, data=giorno, ore=Decimal(ore), stato="approvata", approvata_il=ADESSO, **campi
    )


def test_anonimo_va_al_login(client):
    risposta = client.get(AREA)
    assert risposta.status_code == 302
    assert reverse("account_login") in risposta["Location"]
    assert reverse("volontari:area_personale") == AREA


def test_chi_non_ha_il_profilo_riceve_l_invito_a_completarlo(client, cittadino):
    client.force_login(cittadino)
    risposta = client.get(AREA)
    assert risposta.status_code == 200
    testo = risposta.content.decode()
    assert 'id="invito-profilo"' in testo
    assert reverse("volontari:profilo") in testo
    assert reverse("volontari:esporta_dati") in testo


@time_machine.travel(ADESSO, tick=False)
def test_ore_per_mese_e_per_progetto_approvate_e_in_attesa(client, volontario, casa):
    progetto = crea_progetto(crea_accordo(), titolo="Orti condivisi")
    biblioteca = crea_incarico(
        volontario, crea_opportunita(casa, titolo="Biblioteca"), data_inizio=dt.date(2024, 1, 1)
    )
    orti = crea_incarico(
        volontario,
        crea_opportunita(
            casa,
            titolo="Orti",
            tipo=Opportunita.Tipo.PROGETTO_ACCORDO,
            servizio_comunale="",
            progetto=progetto,
        ),
        data_inizio=dt.date(2025, 1, 1),
    )
    approvata(biblioteca, dt.date(2025, 1, 10), "2")
    approvata(biblioteca, dt.date(2025, 1, 17), "1.5")
    crea_ore(biblioteca, data=dt.date(2025, 2, 3), ore=Decimal("3"))
    originale = approvata(orti, dt.date(2025, 2, 4), "4")
    approvata(orti, dt.date(2025, 2, 4), "-1", corregge=originale, motivo_correzione="Errore")
    approvata(biblioteca, dt.date(2024, 12, 30), "5")
    client.force_login(volontario.user)

    risposta = client.get(AREA)

    mesi = {r["mese"].month: (r["approvate"], r["in_attesa"]) for r in risposta.context["per_mese"]}
    assert mesi == {1: (Decimal("3.5"), None), 2: (Decimal("3"), Decimal("3"))}
    progetti = {
        r["titolo"]: (r["progetto"], r["approvate"]) for r in risposta.context["per_opportunita"]
    }
    assert progetti == {
        "Biblioteca": (None, Decimal("3.5")),
        "Orti": ("Orti condivisi", Decimal("3")),
    }
    assert risposta.context["totale_approvate"] == Decimal("6.5")
    assert risposta.context["totale_in_attesa"] == Decimal("3")
    assert risposta.context["anni"] == [2025, 2024]
    assert [i.opportunita.titolo for i in risposta.context["incarichi_attivi"]] == [
        "Orti",
        "Biblioteca",
    ]
    testo = risposta.content.decode()
    assert reverse("volontari:registra_ore") in testo
    assert reverse("volontari:certificato") in testo

    precedente = client.get(AREA, {"anno": "2024"})
    assert precedente.context["totale_approvate"] == Decimal("5")
    assert client.get(AREA, {"anno": "1900"}).context["anno"] == 2025
    assert client.get(AREA, {"anno": "xyz"}).context["anno"] == 2025


@time_machine.travel(ADESSO, tick=False)
def test_incarichi_conclusi_e_candidature_con_il_loro_stato(client, volontario, casa):
    crea_incarico(
        volontario,
        crea_opportunita(casa, titolo="Museo"),
        data_inizio=dt.date(2024, 1, 1),
        data_fine=dt.date(2024, 6, 30),
    )
    Candidatura.objects.create(
        volontario=volontario,
        opportunita=crea_opportunita(casa, titolo="Eventi"),
        stato=Candidatura.Stato.RIFIUTATA,
        risposta="Posti esauriti per quest'anno.",
        decisa_il=ADESSO,
    )
    client.force_login(volontario.user)
    risposta = client.get(AREA)
    assert [i.opportunita.titolo for i in risposta.context["incarichi_conclusi"]] == ["Museo"]
    testo = risposta.content.decode()
    assert "Eventi" in testo
    assert "non accolta" in testo
    assert "Posti esauriti per quest&#x27;anno." in testo


@time_machine.travel(ADESSO, tick=False)
def test_non_vedo_le_ore_e_le_candidature_di_altri(client, volontario, altro_incarico, casa):
    approvata(altro_incarico, dt.date(2025, 3, 3), "7", attivita_svolta="Segreto di altri")
    Candidatura.objects.create(
        volontario=altro_incarico.volontario, opportunita=crea_opportunita(casa, titolo="Altrui")
    )
    client.force_login(volontario.user)
    risposta = client.get(AREA)
    assert risposta.context["per_mese"] == []
    assert list(risposta.context["candidature"]) == []
    testo = risposta.content.decode()
    assert "Altrui" not in testo
    assert altro_incarico.volontario.codice_fiscale not in testo


def test_profilo_anonimizzato_non_e_piu_il_mio(client, casa):
    user = crea_utente("persona@esempio.test")
    volontario = crea_volontario(user)
    volontario.anonimizzato_il = ADESSO
    volontario.save()
    client.force_login(user)
    assert client.get(AREA).context["volontario"] is None


def test_il_menu_dell_account_porta_all_area_personale(client, cittadino):
    client.force_login(cittadino)
    testo = client.get("/").content.decode()
    assert f'href="{AREA}"' in testo


# --- The certificate form ---------------------------------------------------


@time_machine.travel(ADESSO, tick=False)
def test_modulo_attestato_propone_l_anno_in_corso(client, volontario):
    client.force_login(volontario.user)
    risposta = client.get(reverse("volontari:certificato"))
    assert risposta.status_code == 200
    form = risposta.context["form"]
    assert form.initial == {"dal": dt.date(2025, 1, 1), "al": dt.date(2025, 6, 15)}


@time_machine.travel(ADESSO, tick=False)
@pytest.mark.parametrize(
    ("dal", "al", "messaggio"),
    [
        ("2025-05-01", "2025-04-01", "La data finale non può precedere quella iniziale."),
        ("2025-01-01", "2025-06-16", "Il periodo non può finire dopo oggi."),
        ("ieri", "2025-04-01", "Data non valida"),
        ("", "2025-04-01", "Questo campo è obbligatorio."),
    ],
)
def test_modulo_attestato_rifiuta_periodi_non_validi(client, volontario, dal, al, messaggio):
    client.force_login(volontario.user)
    risposta = client.get(reverse("volontari:certificato"), {"dal": dal, "al": al})
    assert risposta.status_code == 400
    assert messaggio in risposta.content.decode()


def test_attestato_senza_profilo_rimanda_al_profilo(client, cittadino):
    client.force_login(cittadino)
    risposta = client.get(reverse("volontari:certificato"))
    assert risposta.status_code == 302
    assert risposta["Location"] == reverse("volontari:profilo")


@time_machine.travel(ADESSO, tick=False)
def test_attestato_scaricato_in_pdf(client, incarico):
    approvata(incarico, dt.date(2025, 3, 3), "2")
    client.force_login(incarico.volontario.user)
    risposta = client.get(
        reverse("volontari:certificato"), {"dal": "2025-01-01", "al": "2025-06-15"}
    )
    assert risposta.status_code == 200
    assert risposta["Content-Type"] == "application/pdf"
    assert "attachment" in risposta["Content-Disposition"]
    assert risposta.content.startswith(b"%PDF")


@time_machine.travel(ADESSO, tick=False)
def test_la_sezione_delle_ore_tenuta_mostra_ogni_cambiamento(client, volontario, casa):
    """The hours' section is kept rendered under all it prints (portal/righe.py): another
    volunteer's hours, or a change to mine, is another section, never the one kept."""
    mio = crea_incarico(volontario, crea_opportunita(casa, titolo="Biblioteca"))
    voce = crea_ore(mio, data=dt.date(2025, 6, 2), ore=Decimal("2"))
    altro = crea_volontario(crea_utente("altra@esempio.test"))
    museo = crea_incarico(altro, crea_opportunita(casa, titolo="Museo"))
    approvata(museo, dt.date(2025, 5, 9), "7")

    def sezione(user) -> str:
        client.force_login(user)
        testo = client.get(AREA).content.decode()
        return testo[testo.index('id="titolo-ore"') : testo.index('id="titolo-candidature"')]

    mia = sezione(volontario.user)
    assert "Biblioteca" in mia
    assert "In attesa di approvazione: <strong>2</strong>" in mia
    altrui = sezione(altro.user)
    assert "Museo" in altrui
    assert "Biblioteca" not in altrui
    assert "Maggio 2025" in altrui

    voce.stato = "rifiutata"
    voce.motivo_rifiuto = "Giorno di chiusura"
    voce.approvata_il = ADESSO
    voce.save()
    mia = sezione(volontario.user)
    assert "In attesa di approvazione: <strong>0</strong>" in mia
    assert "Non approvata: Giorno di chiusura" in mia
