"""Staff and community managers reach any page only with a second factor (setting it up
and signing out excepted)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _secondo_fattore_obbligatorio(settings):
    settings.STAFF_MFA_REQUIRED = True


def codice_totp(segreto: str) -> str:
    """RFC 6238 (30-second steps, 6 digits, HMAC-SHA1), written here from the RFC."""
    passo = int(time.time() // 30)
    chiave = base64.b32decode(segreto + "=" * (-len(segreto) % 8))
    digest = hmac.new(chiave, struct.pack(">Q", passo), hashlib.sha1).digest()
    inizio = digest[-1] & 0x0F
    numero = struct.unpack(">I", digest[inizio : inizio + 4])[0] & 0x7FFFFFFF
    return f"{numero % 1_000_000:06d}"


def entra_con_password(client, email: str):
    return client.post("/account/login/", {"login": email, "password": "password-di-prova"})


def attiva_totp(client) -> str:
    # allauth asks for the password again before a second factor is set up.
    assert client.get("/account/2fa/totp/activate/")["Location"].startswith(
        "/account/reauthenticate/"
    )
    client.post("/account/reauthenticate/", {"password": "password-di-prova"})
    pagina = client.get("/account/2fa/totp/activate/")
    assert pagina.status_code == 200
    segreto = client.session["mfa.totp.secret"]
    risposta = client.post("/account/2fa/totp/activate/", {"code": codice_totp(segreto)})
    assert risposta.status_code == 302
    return segreto


def test_staff_senza_secondo_fattore_mandato_ad_attivarlo(client, staff):
    entra_con_password(client, staff.email)
    risposta = client.get("/admin/")
    assert risposta.status_code == 302
    assert risposta["Location"] == "/account/2fa/totp/activate/?next=%2Fadmin%2F"


def test_community_manager_senza_secondo_fattore_mandato_ad_attivarlo(client, community_manager):
    entra_con_password(client, community_manager.email)
    risposta = client.get("/gestione/")
    assert risposta["Location"].startswith("/account/2fa/totp/activate/")


def test_cittadino_non_ha_bisogno_del_secondo_fattore(client, cittadino):
    entra_con_password(client, cittadino.email)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert not client.get("/gestione/").get("Location", "").startswith("/account/2fa/")


def test_staff_attiva_totp_e_poi_entra_con_password_e_codice(client, staff):
    entra_con_password(client, staff.email)
    segreto = attiva_totp(client)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    client.logout()

    # Password alone: allauth asks for the code before signing in.
    risposta = entra_con_password(client, staff.email)
    assert risposta["Location"] == "/account/2fa/authenticate/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    sbagliato = client.post("/account/2fa/authenticate/", {"code": "000000"})
    assert sbagliato.status_code == 200
    # A code is valid once, and the activation used this step's: 30 seconds later, the next.
    with time_machine.travel(time.time() + 30):
        client.post("/account/2fa/authenticate/", {"code": codice_totp(segreto)})
        assert client.get("/admin/").status_code == 200


def test_staff_entra_con_un_codice_di_recupero(client, staff):
    entra_con_password(client, staff.email)
    attiva_totp(client)
    codici = client.get("/account/2fa/recovery-codes/").context["unused_codes"]
    client.logout()
    entra_con_password(client, staff.email)
    client.post("/account/2fa/authenticate/", {"code": codici[0]})
    assert client.get("/admin/").status_code == 200


def test_sessione_senza_secondo_fattore_deve_usarlo(client, staff):
    """A staff member with TOTP whose session did not go through it (e.g. SPID level 1)."""
    entra_con_password(client, staff.email)
    segreto = attiva_totp(client)
    client.force_login(staff)
    risposta = client.get("/gestione/")
    assert risposta["Location"] == "/account/2fa/reauthenticate/?next=%2Fgestione%2F"
    with time_machine.travel(time.time() + 30):
        client.post(risposta["Location"], {"code": codice_totp(segreto)})
        assert client.get("/gestione/").status_code == 200


@pytest.mark.parametrize(
    "indirizzo",
    [
        "/volontariato/registro.csv",
        "/volontariato/registro.xlsx",
        "/accordi/gestione/",
        "/report/",
        "/volontariato/tutor/",
        "/",
    ],
)
def test_staff_con_la_sola_password_non_arriva_ai_dati_fuori_da_admin(client, staff, indirizzo):
    entra_con_password(client, staff.email)
    risposta = client.get(indirizzo)
    assert risposta.status_code == 302
    assert risposta["Location"].startswith("/account/2fa/totp/activate/?next=")


def test_community_manager_con_la_sola_password_non_arriva_al_registro(client, community_manager):
    entra_con_password(client, community_manager.email)
    risposta = client.get("/volontariato/registro.csv")
    assert risposta["Location"].startswith("/account/2fa/totp/activate/")


def test_staff_col_secondo_fattore_arriva_ai_dati_fuori_da_admin(client, staff):
    entra_con_password(client, staff.email)
    segreto = attiva_totp(client)
    client.logout()
    entra_con_password(client, staff.email)
    with time_machine.travel(time.time() + 30):
        client.post("/account/2fa/authenticate/", {"code": codice_totp(segreto)})
        assert client.get("/volontariato/registro.csv").status_code == 200
        assert client.get("/accordi/gestione/").status_code == 200


def test_senza_secondo_fattore_si_puo_ancora_attivarlo_uscire_e_cambiare_lingua(client, staff):
    entra_con_password(client, staff.email)
    assert client.get("/healthz/").status_code == 200
    assert client.get("/account/email/").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert client.get("/account/logout/").status_code == 200
    client.post("/account/logout/")
    assert not client.get("/healthz/").wsgi_request.user.is_authenticated


def test_il_cittadino_non_e_mandato_al_secondo_fattore(client, cittadino):
    entra_con_password(client, cittadino.email)
    assert client.get("/").status_code == 200
    assert client.get("/volontariato/registro.csv").status_code in (302, 403)
    assert (
        not client.get("/volontariato/registro.csv").get("Location", "").startswith("/account/2fa/")
    )
