"""Sign-up, e-mail verification, login and logout through allauth, as a citizen does."""

from __future__ import annotations

import re

import pytest
from allauth.account.forms import LoginForm
from django.core import mail

from portal.models import User
from portal.templatetags.portal_moduli import bootstrap_italia

pytestmark = pytest.mark.django_db


def _iscriviti(client, email="nuova@esempio.test", password="Una-Password-Lunga-77"):
    return client.post(
        "/account/signup/",
        {"email": email, "password1": password, "password2": password},
    )


def test_iscrizione_verifica_accesso_e_uscita(client):
    risposta = _iscriviti(client)
    assert risposta.status_code == 302
    assert User.objects.filter(email="nuova@esempio.test").exists()

    # The verification e-mail carries the confirmation link.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/account/confirm-email/[^\s]+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    # Before confirming, logging in is refused (verification is mandatory).
    client.logout()
    client.post("/account/login/", {"login": "nuova@esempio.test", "password": "x"})
    conferma = client.get(link.group(1))
    assert conferma.status_code == 200
    client.post(link.group(1))

    risposta = client.post(
        "/account/login/",
        {"login": "nuova@esempio.test", "password": "Una-Password-Lunga-77"},
    )
    assert risposta.status_code == 302
    assert client.get("/").wsgi_request.user.is_authenticated

    client.post("/account/logout/")
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_accesso_prima_della_verifica_chiede_di_verificare(client):
    _iscriviti(client)
    client.logout()
    risposta = client.post(
        "/account/login/",
        {"login": "nuova@esempio.test", "password": "Una-Password-Lunga-77"},
    )
    assert risposta.status_code == 302
    assert risposta["Location"] == "/account/confirm-email/"
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_password_sbagliata_ha_un_messaggio_chiaro(client, cittadino):
    risposta = client.post(
        "/account/login/", {"login": cittadino.email, "password": "non-e-questa"}
    )
    assert risposta.status_code == 200
    assert "non sono corretti" in risposta.content.decode()
    assert not risposta.wsgi_request.user.is_authenticated


def test_email_gia_usata_ha_un_messaggio_chiaro(client, cittadino):
    risposta = _iscriviti(client, email=cittadino.email)
    assert risposta.status_code == 200
    assert "già" in risposta.context["form"].errors["email"][0]
    assert User.objects.filter(email=cittadino.email).count() == 1


def test_reimpostazione_password_manda_una_email(client, cittadino):
    risposta = client.post("/account/password/reset/", {"email": cittadino.email})
    assert risposta.status_code == 302
    assert len(mail.outbox) == 1
    assert "/account/password/reset/key/" in mail.outbox[0].body


def test_troppi_tentativi_sbagliati_sono_limitati(client, cittadino):
    for _ in range(5):
        client.post("/account/login/", {"login": cittadino.email, "password": "sbagliata"})
    # Once limited, even the right password is refused for a while.
    risposta = client.post(
        "/account/login/", {"login": cittadino.email, "password": "password-di-prova"}
    )
    assert "Troppi tentativi" in risposta.content.decode()
    assert not risposta.wsgi_request.user.is_authenticated


def test_utente_senza_password_locale_puo_esistere(db):
    """Users from an external identity (SPID/CIE) have no local password."""
    user = User.objects.create_user(email="spid@esempio.test")
    assert not user.has_usable_password()


@pytest.mark.parametrize(
    "crea",
    [
        lambda email: User.objects.create_user(email=email, password="Una-Password-Lunga-77"),
        lambda email: User.objects.create_superuser(email=email, password="Una-Password-Lunga-77"),
    ],
    ids=["create_user", "create_superuser"],
)
def test_email_in_minuscolo_dalla_shell(client, crea):
    from allauth.account.models import EmailAddress

    utente = crea(" Anna.Rossi@Comune.TEST ")
    assert utente.email == "anna.rossi@comune.test"
    EmailAddress.objects.create(user=utente, email=utente.email, verified=True, primary=True)
    assert User.objects.get(email="ANNA.ROSSI@comune.test") == utente
    risposta = client.post(
        "/account/login/", {"login": "Anna.Rossi@COMUNE.test", "password": "Una-Password-Lunga-77"}
    )
    assert risposta.status_code == 302
    # The same address in other letters is the same account.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="anna.rossi@comune.test")


def test_email_in_minuscolo_dall_iscrizione_e_dall_admin(client):
    _iscriviti(client, email="Nuova.Persona@Esempio.TEST")
    assert User.objects.filter(email__exact="nuova.persona@esempio.test").exists()
    client.force_login(User.objects.create_superuser(email="admin@comune.test"))
    dati = {
        "email": "Altra@Esempio.TEST",
        "password1": "Una-Password-77!",
        "password2": "Una-Password-77!",
    }
    client.post("/admin/portal/user/add/", dati)
    assert User.objects.filter(email__exact="altra@esempio.test").exists()
    # Already taken in other letters: a form error, not a second account.
    dati["email"] = "ALTRA@esempio.test"
    risposta = client.post("/admin/portal/user/add/", dati)
    assert risposta.status_code == 200
    assert "email" in risposta.context["adminform"].form.errors
    assert User.objects.filter(email__iexact="altra@esempio.test").count() == 1


def test_migrazione_mette_in_minuscolo_salvo_le_collisioni(db):
    import importlib

    from django.apps import apps
    from django.db import connection

    migrazione = importlib.import_module("portal.migrations.0008_email_minuscole")
    anna = User.objects.create_user(email="anna@esempio.test")
    doppia = User.objects.create_user(email="doppia@esempio.test")
    piero = User.objects.create_user(email="piero@esempio.test")
    with connection.cursor() as cursore:
        for utente, vecchia in [(doppia, "Anna@Esempio.test"), (piero, "Piero@Esempio.test")]:
            cursore.execute("UPDATE portal_user SET email = %s WHERE id = %s", [vecchia, utente.pk])
    migrazione.in_minuscolo(apps, None)
    email = dict(User.objects.values_list("pk", "email"))
    assert email == {
        anna.pk: "anna@esempio.test",
        doppia.pk: "Anna@Esempio.test",
        piero.pk: "piero@esempio.test",
    }


def test_admin_login_passa_dal_limite_dei_tentativi(client, staff):
    for _ in range(30):
        client.post("/admin/login/", {"username": staff.email, "password": "sbagliata"})
    risposta = client.post(
        "/admin/login/?next=/admin/", {"username": staff.email, "password": "password-di-prova"}
    )
    assert not risposta.wsgi_request.user.is_authenticated
    assert risposta.status_code == 302
    assert risposta["Location"].startswith("/account/login/?next=")
    # The way in is allauth's login, rate-limited like everyone's.
    for _ in range(5):
        client.post("/account/login/", {"login": staff.email, "password": "sbagliata"})
    risposta = client.post(
        "/account/login/?next=/admin/", {"login": staff.email, "password": "password-di-prova"}
    )
    assert "Troppi tentativi" in risposta.content.decode()
    assert not risposta.wsgi_request.user.is_authenticated


def test_admin_login_porta_lo_staff_nell_admin(client, staff, cittadino):
    pagina = client.get("/admin/login/?next=/admin/", follow=True)
    assert pagina.redirect_chain[-1][0] == "/account/login/?next=%2Fadmin%2F"
    risposta = client.post(
        "/account/login/?next=/admin/", {"login": staff.email, "password": "password-di-prova"}
    )
    assert risposta["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.force_login(cittadino)
    assert client.get("/admin/login/").status_code == 403


def test_email_in_minuscolo_da_createsuperuser(monkeypatch):
    from django.core.management import CommandError, call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Una-Password-Lunga-77")
    call_command("createsuperuser", email="Capo@Comune.TEST", interactive=False, verbosity=0)
    assert User.objects.get(is_superuser=True).email == "capo@comune.test"
    with pytest.raises(CommandError, match="already taken|già"):
        call_command("createsuperuser", email="CAPO@comune.test", interactive=False, verbosity=0)


# --- The account pages in the portal's layout (modello Comuni) -----------------


def _nel_layout_del_portale(html: str) -> None:
    assert '<html lang="it"' in html
    assert 'data-element="main-navigation"' in html  # the header
    assert 'id="footer"' in html
    assert "bootstrap-italia.min.css" in html
    assert "css/portal.css" in html  # the @font-face rules of Titillium Web


@pytest.mark.parametrize(
    "url",
    [
        "/account/login/",
        "/account/signup/",
        "/account/confirm-email/",
        "/account/password/reset/",
        "/account/password/reset/done/",
    ],
)
def test_pagine_di_accesso_nel_layout_del_portale(client, url):
    risposta = client.get(url)
    assert risposta.status_code == 200
    _nel_layout_del_portale(risposta.content.decode())


def test_moduli_di_accesso_in_bootstrap_italia_e_in_italiano(client):
    html = client.get("/account/login/").content.decode()
    assert re.search(
        r"<title>\s*Accedi\s*– Case di Quartiere – Comune di Reggio Emilia</title>", html
    )
    assert re.search(r'<label class="portal-etichetta" for="id_login">Email', html)
    assert re.search(r'<input type="email" name="login"[^>]* class="form-control"', html)
    assert '<button class="btn btn-primary" type="submit">' in html
    assert "Sign In" not in html


def test_errore_di_accesso_in_un_avviso_bootstrap_italia(client, cittadino):
    html = client.post(
        "/account/login/", {"login": cittadino.email, "password": "non-e-questa"}
    ).content.decode()
    assert re.search(
        r'<div class="alert alert-danger" role="alert">\s*<p[^>]*>[^<]*non sono corretti', html
    )


@pytest.mark.parametrize("url", ["/account/email/", "/account/password/change/"])
def test_pagine_del_mio_account_nel_layout_del_portale(client, cittadino, url):
    client.force_login(cittadino)
    risposta = client.get(url)
    assert risposta.status_code == 200
    html = risposta.content.decode()
    _nel_layout_del_portale(html)
    assert 'aria-label="Il mio account"' in html
    assert 'class="form-control"' in html


def test_pagina_del_link_di_reimpostazione_nel_layout_del_portale(client, cittadino):
    client.post("/account/password/reset/", {"email": cittadino.email})
    link = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+/)", mail.outbox[0].body)
    risposta = client.get(link.group(1), follow=True)
    assert risposta.status_code == 200
    html = risposta.content.decode()
    _nel_layout_del_portale(html)
    assert 'name="password1"' in html


def test_le_email_dell_account_nominano_il_comune_non_l_host(client):
    _iscriviti(client)
    messaggio = mail.outbox[0]
    assert messaggio.subject.startswith("[Comune di Reggio Emilia] ")
    assert "Ciao da Comune di Reggio Emilia!" in messaggio.body
    assert "testserver!" not in messaggio.body


def test_i_link_delle_email_dell_account_partono_da_site_url(client, cittadino, settings):
    settings.SITE_URL = "https://quartieri.comune.example.it"
    _iscriviti(client, email="nuova@esempio.test")
    client.post("/account/password/reset/", {"email": cittadino.email})
    conferma, reimpostazione = mail.outbox
    assert "https://quartieri.comune.example.it/account/confirm-email/" in conferma.body
    assert "https://quartieri.comune.example.it/account/password/reset/key/" in (
        reimpostazione.body
    )
    assert "testserver" not in conferma.body + reimpostazione.body


def test_aiuto_ed_errori_dei_moduli_di_accesso_legati_al_campo(client):
    html = client.post("/account/signup/", {"email": "non-una-email"}).content.decode()
    campo = re.search(r'<input type="password" name="password1"[^>]*>', html).group(0)
    assert 'aria-describedby="id_password1_helptext id_password1_error"' in campo
    # The password rules are a list: their container is a div, never a p.
    assert '<div class="portal-aiuto" id="id_password1_helptext">' in html
    assert '<div id="id_password1_error" class="text-danger fw-semibold mt-1">' in html


def test_il_filtro_bootstrap_italia_non_tocca_il_modulo():
    modulo = LoginForm()
    campo = bootstrap_italia(modulo["login"])
    assert 'class="form-control"' in str(campo)
    assert "class" not in modulo.fields["login"].widget.attrs
    assert bootstrap_italia(modulo["remember"]) is modulo["remember"]
