"""My data: a full copy on request, and erasure that keeps the approved hours anonymous."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from quartieri.models import Iscrizione, Occorrenza
from tests.conftest import crea_utente
from tests.factories import (
    crea_accordo,
    crea_attivita,
    crea_incarico,
    crea_opportunita,
    crea_ore,
    crea_progetto,
    crea_volontario,
)
from volontari import gdpr
from volontari.models import Candidatura, Incarico, Opportunita, OreVolontariato, Volontario

pytestmark = pytest.mark.django_db

ADESSO = dt.datetime(2025, 6, 15, 10, tzinfo=dt.UTC)
NOME, COGNOME, TELEFONO = "Ermenegilda", "Sconosciutissima", "3479876543"
NASCITA = dt.date(1966, 4, 22)
INDIRIZZO = "via dei Segreti 42"


@pytest.fixture
def persona(casa, tutor):
    """A volunteer with a project enrolment, approved and pending hours, an application and
    a registration to a future activity."""
    user = crea_utente("ermenegilda@esempio.test", first_name=NOME, last_name=COGNOME)
    volontario = crea_volontario(
        user,
        nome=NOME,
        cognome=COGNOME,
        telefono=TELEFONO,
        data_nascita=NASCITA,
        indirizzo=INDIRIZZO,
        luogo_nascita="Scandiano",
        consenso_foto=True,
    )
    progetto = crea_progetto(crea_accordo(), titolo="Parchi bene comune")
    opportunita = crea_opportunita(
        casa,
        tutor=tutor,
        titolo="Cura dei parchi",
        tipo=Opportunita.Tipo.PROGETTO_ACCORDO,
        servizio_comunale="",
        progetto=progetto,
    )
    incarico = crea_incarico(volontario, opportunita, data_inizio=dt.date(2025, 1, 1))
    crea_ore(
        incarico, data=dt.date(2025, 3, 3), ore=Decimal("3"), stato="approvata", approvata_il=ADESSO
    )
    crea_ore(incarico, data=dt.date(2025, 3, 4), ore=Decimal("2"))
    Candidatura.objects.create(
        volontario=volontario,
        opportunita=crea_opportunita(casa, titolo="Biblioteca"),
        messaggio=f"Chiamatemi al {TELEFONO}",
    )
    attivita = crea_attivita(casa, titolo="Cineforum", iscrizione_richiesta=True)
    futura = Occorrenza.objects.filter(attivita=attivita, inizio__gt=ADESSO).first()
    Iscrizione.objects.create(occorrenza=futura, utente=user)
    return volontario


def _righe_con(valore: str) -> list[str]:
    """The tables (of users and volunteers) whose rows still contain `valore`."""
    trovate = []
    for modello in (get_user_model(), Volontario, Candidatura, EmailAddress):
        for riga in modello.objects.values():
            if any(valore.lower() in str(v).lower() for v in riga.values()):
                trovate.append(modello.__name__)
    return trovate


@time_machine.travel(ADESSO, tick=False)
def test_esporta_tutti_i_miei_dati_e_solo_i_miei(client, persona, altro_incarico):
    client.force_login(persona.user)
    risposta = client.get(reverse("volontari:esporta_dati"))
    assert risposta.status_code == 200
    assert risposta["Content-Type"].startswith("application/json")
    assert "attachment" in risposta["Content-Disposition"]
    dati = json.loads(risposta.content)
    assert dati["account"]["email"] == "ermenegilda@esempio.test"
    assert dati["indirizzi_email"][0]["email"] == "ermenegilda@esempio.test"
    assert dati["profilo_volontario"]["codice_fiscale"] == persona.codice_fiscale
    assert dati["profilo_volontario"]["data_nascita"] == "1966-04-22"
    assert dati["consensi"]["foto_e_riprese"] is True
    assert [c["opportunita_titolo"] for c in dati["candidature"]] == ["Biblioteca"]
    assert [i["opportunita_titolo"] for i in dati["incarichi"]] == ["Cura dei parchi"]
    assert [(o["data"], o["ore"], o["stato"]) for o in dati["ore_di_volontariato"]] == [
        ("2025-03-03", "3.00", "approvata"),
        ("2025-03-04", "2.00", "in_attesa"),
    ]
    assert [i["attivita"] for i in dati["iscrizioni_alle_attivita"]] == ["Cineforum"]
    assert altro_incarico.volontario.codice_fiscale not in risposta.content.decode()


def test_esporta_dati_di_chi_non_e_volontario(client, cittadino):
    client.force_login(cittadino)
    dati = json.loads(client.get(reverse("volontari:esporta_dati")).content)
    assert dati["account"]["email"] == cittadino.email
    assert dati["profilo_volontario"] is None
    assert dati["ore_di_volontariato"] == []


def test_esporta_dati_richiede_l_accesso(client):
    risposta = client.get(reverse("volontari:esporta_dati"))
    assert risposta.status_code == 302


@time_machine.travel(ADESSO, tick=False)
def test_cancellazione_lascia_i_totali_e_toglie_ogni_dato_personale(persona):
    per_progetto_prima = list(OreVolontariato.objects.approvate().per_progetto())
    totale_prima = OreVolontariato.objects.approvate().totale()
    codice_fiscale, user_pk = persona.codice_fiscale, persona.user_id

    gdpr.cancella_account(utente=persona.user)

    assert list(OreVolontariato.objects.approvate().per_progetto()) == per_progetto_prima
    assert OreVolontariato.objects.approvate().totale() == totale_prima == Decimal("3")
    for dato in (
        NOME,
        COGNOME,
        TELEFONO,
        codice_fiscale,
        INDIRIZZO,
        "Scandiano",
        "ermenegilda",
        NASCITA.isoformat(),
    ):
        assert _righe_con(dato) == [], dato
    volontario = Volontario.objects.get(pk=persona.pk)
    assert volontario.user is None
    assert volontario.anonimizzato_il == ADESSO
    assert volontario.data_nascita is None
    assert not Candidatura.objects.filter(volontario=volontario).exists()
    assert Incarico.objects.get(volontario=volontario).data_fine == dt.date(2025, 6, 15)
    user = get_user_model().objects.get(pk=user_pk)
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.email.endswith("@anonimo.invalid")
    assert not user.opportunita_seguite.exists()
    assert Iscrizione.objects.get(utente=user).stato == Iscrizione.Stato.ANNULLATA


@time_machine.travel(ADESSO, tick=False)
def test_cancellazione_dal_sito_con_la_password(client, persona):
    client.force_login(persona.user)
    url = reverse("volontari:cancella_account")
    assert client.get(url).status_code == 200
    risposta = client.post(url, {"conferma": "password-di-prova", "ho_capito": "on"})
    assert risposta.status_code == 302
    assert risposta["Location"] == reverse("portal:home")
    assert Volontario.objects.get(pk=persona.pk).anonimizzato_il is not None
    assert client.get(reverse("volontari:area_personale")).status_code == 302
    assert not client.login(email="ermenegilda@esempio.test", password="password-di-prova")


@pytest.mark.parametrize(
    ("dati", "messaggio"),
    [
        ({"conferma": "sbagliata", "ho_capito": "on"}, "La password non è corretta."),
        ({"conferma": "password-di-prova"}, "Spunta la casella per confermare."),
    ],
)
def test_cancellazione_rifiutata_senza_conferma_valida(client, persona, dati, messaggio):
    client.force_login(persona.user)
    risposta = client.post(reverse("volontari:cancella_account"), dati)
    assert risposta.status_code == 200
    assert messaggio in risposta.content.decode()
    persona.refresh_from_db()
    assert persona.anonimizzato_il is None
    assert persona.user.is_active


def test_senza_password_si_conferma_con_l_email(client, cittadino):
    cittadino.set_unusable_password()
    cittadino.save()
    client.force_login(cittadino)
    url = reverse("volontari:cancella_account")
    sbagliata = client.post(url, {"conferma": "altro@esempio.test", "ho_capito": "on"})
    assert "non corrisponde" in sbagliata.content.decode()
    client.post(url, {"conferma": cittadino.email.upper(), "ho_capito": "on"})
    cittadino.refresh_from_db()
    assert not cittadino.is_active


@time_machine.travel(ADESSO, tick=False)
def test_cancellazione_ritira_le_ore_in_attesa_e_toglie_i_testi(client, persona, tutor):
    user = persona.user
    user.last_login = ADESSO
    user.save()
    testo = f"Potato le siepi con mio cugino, tel. {TELEFONO}"
    OreVolontariato.objects.in_attesa().update(inserita_da=user, attivita_svolta=testo)
    crea_ore(
        Incarico.objects.get(volontario=persona),
        data=dt.date(2025, 3, 5),
        inserita_da=user,
        attivita_svolta=testo,
        stato="approvata",
        approvata_il=ADESSO,
    )
    client.force_login(tutor)
    tutor_url = reverse("volontari:tutor")
    assert len(client.get(tutor_url).context["righe_coda"]) == 1

    gdpr.cancella_account(utente=user)

    assert client.get(tutor_url).context["righe_coda"] == []
    ore = OreVolontariato.objects.filter(incarico__volontario=persona)
    assert set(ore.values_list("stato", flat=True)) == {"approvata"}
    assert ore.count() == 2
    assert not ore.filter(attivita_svolta__contains=TELEFONO).exists()
    user.refresh_from_db()
    assert user.last_login is None


@time_machine.travel(ADESSO, tick=False)
def test_cancellazione_registrata_senza_dati_personali_e_visibile_allo_staff(
    client, persona, staff
):
    from volontari.models import Cancellazione

    client.force_login(persona.user)
    client.post(
        reverse("volontari:cancella_account"), {"conferma": "password-di-prova", "ho_capito": "on"}
    )
    cancellazione = Cancellazione.objects.get()
    assert cancellazione.account_id == cancellazione.eseguita_da_id == persona.user_id
    assert cancellazione.dall_interessato
    assert (cancellazione.eseguita_il, cancellazione.ore_ritirate) == (ADESSO, 1)

    client.force_login(staff)
    elenco = client.get(reverse("admin:volontari_cancellazione_changelist"))
    assert elenco.status_code == 200
    testo = elenco.content.decode()
    for dato in (NOME, COGNOME, "ermenegilda"):
        assert dato not in testo
    assert client.get(reverse("admin:volontari_cancellazione_add")).status_code == 403
    # Erased by staff: staff is recorded as who acted.
    altro = crea_utente("altra@esempio.test")
    gdpr.cancella_account(utente=altro, eseguita_da=staff)
    assert Cancellazione.objects.get(account=altro).eseguita_da == staff


def test_cancellazione_toglie_il_codice_fiscale_da_spid_e_il_secondo_fattore(cittadino):
    from allauth.mfa.models import Authenticator

    cittadino.codice_fiscale = "CTTCRL85M41H223W"
    cittadino.save()
    Authenticator.objects.create(user=cittadino, type=Authenticator.Type.TOTP, data={"s": "x"})
    assert gdpr.esporta_dati(utente=cittadino)["account"]["codice_fiscale_da_spid_o_cie"] == (
        "CTTCRL85M41H223W"
    )
    gdpr.cancella_account(utente=cittadino)
    cittadino.refresh_from_db()
    assert cittadino.codice_fiscale is None
    assert not Authenticator.objects.filter(user=cittadino).exists()
