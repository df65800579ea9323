"""The codice di conferma: an address the identity provider did not give is proven
before any account is created or linked with it (portal/spid/services.py)."""

from __future__ import annotations

import datetime as dt
import re
import smtplib

import pytest
import time_machine
from allauth.account.models import EmailAddress

from portal.models import User
from portal.spid.views import IN_SOSPESO
from tests.portal.test_spid import avvia_accesso, messaggi

CF_ANNA = "BNCNNA90A41H223U"


@pytest.fixture
def senza_email(client, spid):
    """Anna has signed in with an identity that carries no e-mail (as CIE ID does)."""
    richiesta = avvia_accesso(client, spid, next="/volontariato/")
    risposta = client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "anna")})
    assert risposta["Location"] == "/saml/email/"
    return client


def codice_in(mail) -> str:
    return re.search(r"^(\d{6})$", mail.body, re.MULTILINE).group(1)


def chiedi_codice(client, email: str = "anna@esempio.test"):
    return client.post("/saml/email/", {"email": email})


def scrivi_codice(client, codice: str, **kwargs):
    return client.post("/saml/email/conferma/", {"codice": codice}, **kwargs)


def sbagliato(codice: str) -> str:
    return f"{(int(codice) + 1) % 10**6:06d}"


def test_il_codice_arriva_all_indirizzo_scritto(senza_email, mailoutbox):
    risposta = chiedi_codice(senza_email)
    assert risposta.status_code == 302
    assert risposta["Location"] == "/saml/email/conferma/"
    assert [m.to for m in mailoutbox] == [["anna@esempio.test"]]
    codice = codice_in(mailoutbox[0])
    assert "15 minuti" in mailoutbox[0].body
    # The session keeps only a keyed hash of the code.
    assert codice not in str(dict(senza_email.session))
    pagina = senza_email.get("/saml/email/conferma/").content.decode()
    assert "anna@esempio.test" in pagina
    assert 'autocomplete="one-time-code"' in pagina


def test_nessun_account_prima_del_codice(senza_email, cittadino, mailoutbox):
    chiedi_codice(senza_email)
    assert not User.objects.filter(codice_fiscale=CF_ANNA).exists()
    assert not User.objects.filter(email="anna@esempio.test").exists()
    # An existing account's address is no shortcut to linking either.
    risposta = chiedi_codice(senza_email, "cittadino@esempio.test")
    assert risposta["Location"] == "/saml/email/conferma/"
    assert User.objects.count() == 1
    cittadino.refresh_from_db()
    assert cittadino.codice_fiscale is None
    assert not senza_email.get("/").wsgi_request.user.is_authenticated


def test_codice_giusto_crea_l_account_con_email_verificata(senza_email, mailoutbox):
    chiedi_codice(senza_email)
    risposta = scrivi_codice(senza_email, codice_in(mailoutbox[0]))
    assert risposta.status_code == 302
    assert risposta["Location"] == "/volontariato/"
    anna = User.objects.get(codice_fiscale=CF_ANNA)
    assert (anna.email, anna.first_name, anna.last_name) == ("anna@esempio.test", "Anna", "Bianchi")
    assert EmailAddress.objects.get(user=anna).verified
    assert senza_email.get("/").wsgi_request.user == anna
    assert IN_SOSPESO not in senza_email.session
    # No other mail: the code was the confirmation.
    assert len(mailoutbox) == 1


def test_codice_con_spazi_accettato(senza_email, mailoutbox):
    chiedi_codice(senza_email)
    codice = codice_in(mailoutbox[0])
    scrivi_codice(senza_email, f" {codice[:3]} {codice[3:]} ")
    assert User.objects.filter(codice_fiscale=CF_ANNA).exists()


def test_codice_giusto_con_l_indirizzo_di_un_account_porta_al_collegamento(
    senza_email, cittadino, mailoutbox
):
    EmailAddress.objects.filter(user=cittadino).update(verified=False)
    chiedi_codice(senza_email, "cittadino@esempio.test")
    assert [m.to for m in mailoutbox] == [["cittadino@esempio.test"]]
    risposta = scrivi_codice(senza_email, codice_in(mailoutbox[0]))
    assert risposta["Location"] == "/saml/collega/"
    assert "cittadino@esempio.test" in senza_email.get("/saml/collega/").content.decode()
    risposta = senza_email.post("/saml/collega/", {"password": "password-di-prova"})
    assert risposta["Location"] == "/volontariato/"
    cittadino.refresh_from_db()
    assert cittadino.codice_fiscale == CF_ANNA
    # Proven by the code and by the password.
    assert EmailAddress.objects.get(user=cittadino).verified
    assert User.objects.count() == 1


def test_codice_sbagliato_lo_dice_nel_modulo(senza_email, mailoutbox):
    chiedi_codice(senza_email)
    pagina = scrivi_codice(senza_email, sbagliato(codice_in(mailoutbox[0])))
    assert pagina.status_code == 200
    assert pagina.context["form"].errors["codice"] == [
        "Il codice non è corretto: ti restano 4 tentativi."
    ]
    assert not User.objects.filter(codice_fiscale=CF_ANNA).exists()
    # The right one still works after a wrong one.
    scrivi_codice(senza_email, codice_in(mailoutbox[0]))
    assert User.objects.filter(codice_fiscale=CF_ANNA).exists()


@pytest.mark.parametrize("codice", ["", "abc123", "12345", "1234567", "١٢٣٤٥٦", "x" * 200])
def test_codice_malformato_messaggio_chiaro_non_conta_come_errore(senza_email, mailoutbox, codice):
    chiedi_codice(senza_email)
    pagina = scrivi_codice(senza_email, codice)
    assert pagina.status_code == 200
    assert pagina.context["form"].errors["codice"]
    assert senza_email.session[IN_SOSPESO]["conferma_email"]["errori"] == 0


def test_codice_scaduto_rifiutato_e_uno_nuovo_vale(senza_email, mailoutbox):
    chiedi_codice(senza_email)
    codice = codice_in(mailoutbox[0])
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)):
        pagina = scrivi_codice(senza_email, codice)
        assert pagina.status_code == 200
        assert pagina.context["form"].errors["codice"] == [
            "Il codice è scaduto: chiedine uno nuovo."
        ]
        assert not User.objects.filter(codice_fiscale=CF_ANNA).exists()
        risposta = senza_email.post("/saml/email/conferma/", {"invia_di_nuovo": "1"})
        assert risposta["Location"] == "/saml/email/conferma/"
        assert len(mailoutbox) == 2
        nuovo = codice_in(mailoutbox[1])
        if nuovo != codice:
            # The first code is replaced by the second.
            assert scrivi_codice(senza_email, codice).context["form"].errors["codice"]
        scrivi_codice(senza_email, nuovo)
    assert User.objects.filter(codice_fiscale=CF_ANNA).exists()


def test_codice_valido_per_quindici_minuti(senza_email, mailoutbox):
    chiedi_codice(senza_email)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=14)):
        scrivi_codice(senza_email, codice_in(mailoutbox[0]))
    assert User.objects.filter(codice_fiscale=CF_ANNA).exists()


def test_al_massimo_tre_codici_per_accesso(senza_email, mailoutbox):
    chiedi_codice(senza_email)
    senza_email.post("/saml/email/conferma/", {"invia_di_nuovo": "1"})
    chiedi_codice(senza_email, "anna.bianchi@esempio.test")
    assert len(mailoutbox) == 3
    troppi = senza_email.post("/saml/email/conferma/", {"invia_di_nuovo": "1"})
    assert troppi.status_code == 200
    assert "già mandato 3 codici" in troppi.content.decode()
    troppi = chiedi_codice(senza_email, "altro@esempio.test")
    assert troppi.status_code == 200
    assert "già mandato 3 codici" in " ".join(troppi.context["form"].non_field_errors())
    assert len(mailoutbox) == 3
    # The last code sent still works, for the last address.
    scrivi_codice(senza_email, codice_in(mailoutbox[2]))
    assert User.objects.get(codice_fiscale=CF_ANNA).email == "anna.bianchi@esempio.test"


def test_troppi_codici_sbagliati_annullano_l_accesso(senza_email, mailoutbox):
    chiedi_codice(senza_email)
    codice = codice_in(mailoutbox[0])
    for _ in range(4):
        assert scrivi_codice(senza_email, sbagliato(codice)).status_code == 200
    # A new code does not buy new guesses.
    senza_email.post("/saml/email/conferma/", {"invia_di_nuovo": "1"})
    codice = codice_in(mailoutbox[1])
    pagina = scrivi_codice(senza_email, sbagliato(codice), follow=True)
    assert pagina.redirect_chain[-1][0] == "/account/login/"
    assert any("sbagliato il codice troppe volte" in m for m in messaggi(pagina))
    assert IN_SOSPESO not in senza_email.session
    # Not even the right code works now.
    pagina = scrivi_codice(senza_email, codice, follow=True)
    assert any("Non troviamo la tua richiesta" in m for m in messaggi(pagina))
    assert not User.objects.filter(codice_fiscale=CF_ANNA).exists()
    assert not pagina.wsgi_request.user.is_authenticated


def test_il_codice_vale_solo_per_l_indirizzo_a_cui_e_andato(senza_email, mailoutbox):
    chiedi_codice(senza_email, "anna@esempio.test")
    chiedi_codice(senza_email, "anna.bianchi@esempio.test")
    primo, secondo = codice_in(mailoutbox[0]), codice_in(mailoutbox[1])
    if primo != secondo:
        assert scrivi_codice(senza_email, primo).context["form"].errors["codice"]
    scrivi_codice(senza_email, secondo)
    assert User.objects.get(codice_fiscale=CF_ANNA).email == "anna.bianchi@esempio.test"
    assert not User.objects.filter(email="anna@esempio.test").exists()


def test_un_nuovo_accesso_annulla_il_codice(senza_email, spid, mailoutbox):
    chiedi_codice(senza_email)
    richiesta = avvia_accesso(senza_email, spid)
    senza_email.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "anna")})
    risposta = scrivi_codice(senza_email, codice_in(mailoutbox[0]))
    assert risposta["Location"] == "/saml/email/"
    assert not User.objects.filter(codice_fiscale=CF_ANNA).exists()


def test_senza_accesso_in_sospeso_la_pagina_del_codice_lo_dice(client, spid):
    pagina = client.get("/saml/email/conferma/", follow=True)
    assert any("Non troviamo la tua richiesta" in m for m in messaggi(pagina))


def test_posta_non_raggiungibile_messaggio_chiaro_non_errore_500(
    senza_email, mailoutbox, monkeypatch
):
    def rifiuta(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", rifiuta)
    pagina = chiedi_codice(senza_email)
    assert pagina.status_code == 200
    assert "Non siamo riusciti a mandarti il codice" in pagina.content.decode()
    # A mail that did not go is not counted among the three.
    assert "conferma_email" not in senza_email.session[IN_SOSPESO]


def test_pagina_e_messaggi_in_inglese(senza_email, mailoutbox):
    chiedi_codice(senza_email)
    pagina = senza_email.get("/saml/email/conferma/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Confirm your e-mail address" in pagina
    assert "The 6 digits in the message we sent you." in pagina
    sbagliata = scrivi_codice(
        senza_email, sbagliato(codice_in(mailoutbox[0])), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert sbagliata.context["form"].errors["codice"] == [
        "The code is not correct: you have 4 attempts left."
    ]
