"""SPID/CIE sign-in against a real SAML identity provider (tests/portal/idp_saml.py)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from portal.models import User
from tests.portal.conftest import SP_ENTITY_ID, configura_spid


def avvia_accesso(client, idp, **parametri):
    risposta = client.get("/saml/accedi/", {"idp": idp.entity_id, **parametri})
    assert risposta.status_code == 302
    return idp.ricevi_richiesta(risposta["Location"])


def test_primo_accesso_crea_account_con_codice_fiscale(client, spid):
    richiesta = avvia_accesso(client, spid)
    risposta = client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "mario")})
    assert risposta.status_code == 302
    user = User.objects.get(codice_fiscale="RSSMRA80A01H501U")
    assert (user.email, user.first_name, user.last_name) == (
        "mario.rossi@esempio.test",
        "Mario",
        "Rossi",
    )
    assert not user.has_usable_password()
    assert client.get("/").wsgi_request.user == user


def messaggi(risposta) -> list[str]:
    return [str(m) for m in risposta.context["messages"]] if risposta.context else []


def esito_acs(client, saml_response: str):
    """Post an answer to the ACS and follow to the page that tells the citizen."""
    return client.post("/saml/acs/", {"SAMLResponse": saml_response}, follow=True)


def richiesta_decodificata(url: str) -> str:
    import base64
    import zlib
    from urllib.parse import parse_qs

    codificata = parse_qs(urlsplit(url).query)["SAMLRequest"][0]
    return zlib.decompress(base64.b64decode(codificata), -15).decode()


def test_richiesta_firmata_con_livello_e_attributi_spid(client, spid):
    risposta = client.get("/saml/accedi/", {"idp": spid.entity_id})
    query = urlsplit(risposta["Location"]).query
    assert "Signature=" in query
    assert "SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256" in query
    xml = richiesta_decodificata(risposta["Location"])
    assert 'Comparison="minimum"' in xml
    assert "https://www.spid.gov.it/SpidL1</" in xml
    assert 'AttributeConsumingServiceIndex="0"' in xml
    assert 'Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity"' in xml
    assert "ForceAuthn" not in xml
    # The IdP verified the signature against the portal's metadata.
    assert spid.ricevi_richiesta(risposta["Location"]).sp == SP_ENTITY_ID


def test_livello_2_configurato_chiede_spidl2_e_rifiuta_un_livello_1(client, spid, settings):
    settings.SPID_LEVEL = 2
    risposta = client.get("/saml/accedi/", {"idp": spid.entity_id})
    xml = richiesta_decodificata(risposta["Location"])
    assert "https://www.spid.gov.it/SpidL2</" in xml
    assert 'ForceAuthn="true"' in xml
    richiesta = spid.ricevi_richiesta(risposta["Location"])
    spid.livello = 1
    pagina = esito_acs(client, spid.risposta(richiesta, "mario"))
    assert any("livello di sicurezza più basso" in m for m in messaggi(pagina))
    assert not User.objects.filter(codice_fiscale="RSSMRA80A01H501U").exists()


def test_asserzione_alterata_rifiutata(client, spid):
    import base64

    richiesta = avvia_accesso(client, spid)
    xml = base64.b64decode(spid.risposta(richiesta, "mario")).decode()
    alterata = xml.replace("RSSMRA80A01H501U", "CTTCRL85M41H223W")
    assert alterata != xml
    pagina = esito_acs(client, base64.b64encode(alterata.encode()).decode())
    assert any("non è valida o è stata alterata" in m for m in messaggi(pagina))
    assert not User.objects.exclude(codice_fiscale=None).exists()
    assert not pagina.wsgi_request.user.is_authenticated


def test_asserzione_non_firmata_rifiutata(client, spid):
    spid.firma_asserzione = False
    richiesta = avvia_accesso(client, spid)
    pagina = esito_acs(client, spid.risposta(richiesta, "mario"))
    assert any("non è valida o è stata alterata" in m for m in messaggi(pagina))
    assert not User.objects.exclude(codice_fiscale=None).exists()


def test_risposta_riusata_rifiutata(client, spid):
    richiesta = avvia_accesso(client, spid)
    saml_response = spid.risposta(richiesta, "mario")
    assert esito_acs(client, saml_response).wsgi_request.user.is_authenticated
    client.logout()
    client.cookies.pop("cdq_spid_richiesta", None)
    # The same answer, again: from a browser without the request, then with it.
    pagina = esito_acs(client, saml_response)
    assert any("Non troviamo la tua richiesta" in m for m in messaggi(pagina))
    assert not pagina.wsgi_request.user.is_authenticated


def test_risposta_riusata_con_il_cookie_della_richiesta_rifiutata(client, spid):
    richiesta = avvia_accesso(client, spid)
    cookie = client.cookies["cdq_spid_richiesta"].value
    saml_response = spid.risposta(richiesta, "mario")
    assert esito_acs(client, saml_response).wsgi_request.user.is_authenticated
    client.logout()
    client.cookies["cdq_spid_richiesta"] = cookie
    pagina = esito_acs(client, saml_response)
    assert any("già stata usata" in m for m in messaggi(pagina))
    assert not pagina.wsgi_request.user.is_authenticated


def test_asserzione_scaduta_rifiutata(client, spid):
    import datetime as dt

    import time_machine

    richiesta = avvia_accesso(client, spid)
    saml_response = spid.risposta(richiesta, "mario")
    # The IdP gives 5 minutes, the portal tolerates 1 of clock skew: 8 later it is stale.
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=8)):
        pagina = esito_acs(client, saml_response)
    assert any("è scaduta" in m for m in messaggi(pagina))
    assert not pagina.wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    ("codice", "testo"),
    [
        (19, "troppe volte"),
        (20, "non ha il livello di sicurezza"),
        (21, "tempo per accedere è scaduto"),
        (22, "negato il consenso"),
        (23, "sospesa o revocata"),
        (25, "Hai annullato l'accesso."),
    ],
)
def test_codici_di_errore_spid_spiegati_in_italiano(client, spid, codice, testo):
    richiesta = avvia_accesso(client, spid)
    pagina = esito_acs(client, spid.errore(richiesta, codice))
    assert any(testo in m for m in messaggi(pagina))
    assert not pagina.wsgi_request.user.is_authenticated


def test_gestore_non_configurato_rifiutato(client, spid):
    pagina = client.get("/saml/accedi/", {"idp": "https://idp.estraneo.test/"}, follow=True)
    assert any("Scegli il tuo gestore" in m for m in messaggi(pagina))


def test_metadata_firmati_con_la_chiave_del_portale(client, spid, tmp_path, settings):
    import subprocess

    from tests.portal.idp_saml import CHIAVI

    settings.SPID_IPA_CODE = "c_h223"
    settings.SPID_CONTACT_EMAIL = "urp@comune.test"
    risposta = client.get("/saml/metadata/")
    assert risposta["Content-Type"] == "application/samlmetadata+xml"
    file = tmp_path / "sp.xml"
    file.write_bytes(risposta.content)
    verifica = subprocess.run(
        [
            "xmlsec1",
            "--verify",
            "--pubkey-cert-pem",
            str(CHIAVI / "sp.crt"),
            "--id-attr:ID",
            "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor",
            str(file),
        ],
        capture_output=True,
        text=True,
    )
    assert verifica.returncode == 0, verifica.stderr
    xml = risposta.content.decode()
    for attributo in ("fiscalNumber", "name", "familyName", "email"):
        assert f'Name="{attributo}"' in xml
    assert 'AuthnRequestsSigned="true"' in xml
    assert 'WantAssertionsSigned="true"' in xml
    # The index the requests name: AttributeConsumingServiceIndex="0".
    assert re.search(r'AssertionConsumerService [^>]*index="0" isDefault="true"', xml)
    assert re.search(r'AttributeConsumingService index="0"', xml)
    assert re.search(r'ServiceName xml:lang="it">\w', xml)
    # Avviso SPID n. 29 v3: a public administration's contact.
    assert ":IPACode>c_h223</" in xml
    assert ":Public" in xml
    assert "urp@comune.test" in xml


def test_senza_configurazione_niente_spid(client, db):
    assert client.get("/saml/metadata/").status_code == 404
    assert client.get("/saml/accedi/").status_code == 404
    pagina = client.get("/account/login/")
    assert pagina.status_code == 200
    assert "Entra con SPID" not in pagina.content.decode()


def test_account_con_stessa_email_si_collega_solo_con_la_password(client, spid, cittadino):
    richiesta = avvia_accesso(client, spid, next="/volontariato/")
    risposta = client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "carla")})
    assert risposta["Location"] == "/saml/collega/"
    assert not client.get("/").wsgi_request.user.is_authenticated
    sbagliata = client.post("/saml/collega/", {"password": "non-la-sua"})
    assert "La password non è corretta." in sbagliata.content.decode()
    cittadino.refresh_from_db()
    assert cittadino.codice_fiscale is None
    giusta = client.post("/saml/collega/", {"password": "password-di-prova"})
    assert giusta.status_code == 302
    assert giusta["Location"] == "/volontariato/"
    cittadino.refresh_from_db()
    assert cittadino.codice_fiscale == "CTTCRL85M41H223W"
    assert client.get("/").wsgi_request.user == cittadino
    assert User.objects.count() == 1


def test_secondo_accesso_ritrova_l_account_dal_codice_fiscale(client, spid, cittadino):
    cittadino.codice_fiscale = "CTTCRL85M41H223W"
    cittadino.email = "altra@esempio.test"
    cittadino.save()
    richiesta = avvia_accesso(client, spid)
    client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "carla")})
    assert client.get("/").wsgi_request.user == cittadino


def test_collegamento_rifiutato_se_il_profilo_volontario_ha_altro_codice_fiscale(
    client, spid, cittadino
):
    from tests.factories import crea_volontario

    crea_volontario(user=cittadino, codice_fiscale="RSSMRA80A01H501U")
    richiesta = avvia_accesso(client, spid)
    client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "carla")})
    pagina = client.post("/saml/collega/", {"password": "password-di-prova"}, follow=True)
    assert any("profilo di volontario è diverso" in m for m in messaggi(pagina))
    cittadino.refresh_from_db()
    assert cittadino.codice_fiscale is None
    assert not pagina.wsgi_request.user.is_authenticated


def test_pulsanti_spid_sulla_pagina_di_accesso(client, spid):
    pagina = client.get("/account/login/", {"next": "/volontariato/"}).content.decode()
    assert "Entra con SPID" in pagina
    assert "IdP di prova" in pagina
    assert "next=%2Fvolontariato%2F" in pagina


def test_registrazione_locale_chiusa_se_il_comune_la_disattiva(client, db, settings):
    settings.LOCAL_SIGNUP = False
    risposta = client.post(
        "/account/signup/",
        {
            "email": "nuovo@esempio.test",
            "password1": "Una-password-lunga-1",
            "password2": "Una-password-lunga-1",
        },
    )
    assert not User.objects.filter(email="nuovo@esempio.test").exists()
    assert risposta.status_code == 200


def test_cie_ha_il_suo_pulsante_e_lo_stesso_percorso(client, db, settings, idp, idp_cie):
    configura_spid(settings, idp, cie=idp_cie)
    pagina = client.get("/account/login/").content.decode()
    assert "Entra con CIE" in pagina
    # CIE is its own button, not one more provider in the SPID list.
    assert "CIE ID di prova" not in pagina
    # Mario's account already carries his codice fiscale (first sign-in with SPID):
    # CIE ID, which releases no e-mail to the portal, finds it by that.
    richiesta = avvia_accesso(client, idp)
    client.post("/saml/acs/", {"SAMLResponse": idp.risposta(richiesta, "mario")})
    client.logout()
    richiesta = avvia_accesso(client, idp_cie)
    client.post("/saml/acs/", {"SAMLResponse": idp_cie.risposta(richiesta, "mario")})
    assert client.get("/").wsgi_request.user.codice_fiscale == "RSSMRA80A01H501U"
    assert client.session["spid_accesso"]["federazione"] == "cie"


def test_risposta_di_un_gestore_diverso_da_quello_scelto_rifiutata(
    client, db, settings, idp, idp_cie
):
    configura_spid(settings, idp, cie=idp_cie)
    richiesta = avvia_accesso(client, idp)
    pagina = esito_acs(client, idp_cie.risposta(richiesta, "mario"))
    assert any("non è valida" in m for m in messaggi(pagina))
    assert not pagina.wsgi_request.user.is_authenticated


def test_uscita_chiesta_dal_gestore_chiude_la_sessione(client, spid):
    richiesta = avvia_accesso(client, spid)
    client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "mario")})
    accesso = client.session["spid_accesso"]
    url = spid.richiesta_logout(name_id=accesso["name_id"], session_index=accesso["session_index"])
    risposta = client.get(url.removeprefix("http://testserver"))
    assert risposta.status_code == 302
    # The portal answers the IdP with a signed LogoutResponse on its SLO endpoint.
    assert risposta["Location"].startswith(f"{spid.url}/slo?SAMLResponse=")
    assert "Signature=" in risposta["Location"]
    assert (
        "SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256"
        in (risposta["Location"])
    )
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_richiesta_di_uscita_non_firmata_rifiutata(client, spid):
    richiesta = avvia_accesso(client, spid)
    client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "mario")})
    accesso = client.session["spid_accesso"]
    url = spid.richiesta_logout(name_id=accesso["name_id"], session_index=accesso["session_index"])
    senza_firma = url.split("&Signature=")[0].removeprefix("http://testserver")
    assert client.get(senza_firma).status_code == 404
    assert client.get("/").wsgi_request.user.is_authenticated


def test_spid_livello_2_vale_come_secondo_fattore_per_lo_staff(client, spid, settings, staff):
    from allauth.mfa.models import Authenticator

    settings.STAFF_MFA_REQUIRED = True
    settings.SPID_LEVEL = 2
    staff.codice_fiscale = "RSSMRA80A01H501U"
    staff.save()
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    richiesta = avvia_accesso(client, spid)
    client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "mario")})
    assert client.get("/").wsgi_request.user == staff
    assert client.get("/admin/").status_code == 200


def test_account_senza_password_non_si_collega_e_spiega_come_fare(client, spid):
    User.objects.create_user(email="cittadino@esempio.test", password=None)
    richiesta = avvia_accesso(client, spid)
    client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "carla")})
    pagina = client.get("/saml/collega/")
    assert "Questo account non ha ancora una password" in pagina.content.decode()
    client.post("/saml/collega/", {"password": ""})
    assert User.objects.get(email="cittadino@esempio.test").codice_fiscale is None


def test_dopo_l_accesso_mai_verso_un_altro_sito(client, spid):
    richiesta = avvia_accesso(client, spid, next="https://malevolo.test/")
    risposta = client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "mario")})
    assert risposta["Location"] == "/"


def test_staff_vede_il_codice_fiscale_ma_non_lo_cambia(client, admin_client, spid):
    richiesta = avvia_accesso(client, spid)
    client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "mario")})
    mario = User.objects.get(codice_fiscale="RSSMRA80A01H501U")
    pagina = admin_client.get(f"/admin/portal/user/{mario.pk}/change/").content.decode()
    assert "RSSMRA80A01H501U" in pagina
    assert 'name="codice_fiscale"' not in pagina


def test_collegamento_limita_i_tentativi_di_password(client, spid, cittadino):
    richiesta = avvia_accesso(client, spid)
    client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "carla")})
    for _ in range(5):
        client.post("/saml/collega/", {"password": "sbagliata"})
    pagina = client.post("/saml/collega/", {"password": "password-di-prova"})
    assert "Troppi tentativi" in pagina.content.decode()
    cittadino.refresh_from_db()
    assert cittadino.codice_fiscale is None


def test_senza_email_dal_gestore_la_chiede_e_la_fa_confermare(client, spid, mailoutbox):
    from allauth.account.models import EmailAddress

    richiesta = avvia_accesso(client, spid)
    risposta = client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "anna")})
    assert risposta["Location"] == "/saml/email/"
    sbagliata = client.post("/saml/email/", {"email": "non-un-indirizzo"})
    assert sbagliata.context["form"].errors["email"]
    client.post("/saml/email/", {"email": "anna@esempio.test"})
    assert [m.to for m in mailoutbox] == [["anna@esempio.test"]]
    # No account until the codice di conferma comes back (test_spid_codice_conferma.py).
    assert not User.objects.filter(codice_fiscale="BNCNNA90A41H223U").exists()
    codice = re.search(r"^(\d{6})$", mailoutbox[0].body, re.MULTILINE).group(1)
    client.post("/saml/email/conferma/", {"codice": codice})
    anna = User.objects.get(codice_fiscale="BNCNNA90A41H223U")
    assert anna.email == "anna@esempio.test"
    assert EmailAddress.objects.get(user=anna).verified
    assert client.get("/").wsgi_request.user == anna


def test_senza_email_dal_gestore_un_indirizzo_gia_usato_va_collegato(
    client, spid, cittadino, mailoutbox
):
    richiesta = avvia_accesso(client, spid)
    client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "anna")})
    client.post("/saml/email/", {"email": "cittadino@esempio.test"})
    codice = re.search(r"^(\d{6})$", mailoutbox[0].body, re.MULTILINE).group(1)
    risposta = client.post("/saml/email/conferma/", {"codice": codice})
    assert risposta["Location"] == "/saml/collega/"
    client.post("/saml/collega/", {"password": "password-di-prova"})
    cittadino.refresh_from_db()
    assert cittadino.codice_fiscale == "BNCNNA90A41H223U"
    assert client.get("/").wsgi_request.user == cittadino


@pytest.mark.parametrize("saml_response", ["", "non-base64!", "PGZvbz48L2Zvbz4="])
def test_risposta_malformata_messaggio_chiaro_non_errore_500(client, spid, saml_response):
    avvia_accesso(client, spid)
    pagina = esito_acs(client, saml_response)
    assert pagina.status_code == 200
    assert any("non è valida" in m for m in messaggi(pagina))


@pytest.mark.parametrize("parametro", ["SAMLRequest", "SAMLResponse"])
@pytest.mark.parametrize("valore", ["", "non-base64!", "PGZvbz48L2Zvbz4="])
def test_uscita_malformata_non_errore_500(client, spid, parametro, valore):
    risposta = client.get("/saml/sls/", {parametro: valore})
    assert risposta.status_code in (302, 404)


def test_la_pagina_di_uscita_porta_solo_a_indirizzi_firmati_dal_portale(client):
    from portal.spid.sessione import url_verso_il_gestore

    verso = url_verso_il_gestore("https://idp.esempio.test/slo?SAMLRequest=abc")
    html = client.get(verso).content.decode()
    destinazione = "https://idp.esempio.test/slo?SAMLRequest=abc"
    assert f'<meta http-equiv="refresh" content="0;url={destinazione}">' in html
    assert f'href="{destinazione}"' in html
    # An address not signed by the portal is no redirect to anywhere.
    falso = client.get("/saml/uscita/", {"verso": "https://malevolo.test/"})
    assert falso.status_code == 302
    assert falso["Location"] == "/"


def test_richiesta_di_uscita_con_firma_falsa_rifiutata(client, spid):
    import base64
    from urllib.parse import quote

    richiesta = avvia_accesso(client, spid)
    client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "mario")})
    accesso = client.session["spid_accesso"]
    url = spid.richiesta_logout(name_id=accesso["name_id"], session_index=accesso["session_index"])
    falsa = quote(base64.b64encode(b"\x00" * 256).decode(), safe="")
    contraffatta = url.split("&Signature=")[0].removeprefix("http://testserver")
    assert client.get(f"{contraffatta}&Signature={falsa}").status_code == 404
    assert client.get("/").wsgi_request.user.is_authenticated


def test_asserzione_di_un_altro_gestore_in_una_risposta_a_nome_di_quello_scelto_rifiutata(
    client, db, settings, idp, idp_cie
):
    """The Response's own <Issuer> is not signed (SPID signs the assertion): it proves nothing."""
    import base64

    configura_spid(settings, idp, cie=idp_cie)
    richiesta = avvia_accesso(client, idp)
    idp_cie.firma_risposta = False
    xml = base64.b64decode(idp_cie.risposta(richiesta, "mario")).decode()
    # The first <Issuer> is the Response's; the assertion's, signed by CIE ID, stays.
    a_nome_di_spid, sostituiti = re.subn(
        rf">{re.escape(idp_cie.entity_id)}</", f">{idp.entity_id}</", xml, count=1
    )
    assert sostituiti == 1
    pagina = esito_acs(client, base64.b64encode(a_nome_di_spid.encode()).decode())
    assert any("non è valida" in m for m in messaggi(pagina))
    assert not pagina.wsgi_request.user.is_authenticated


def test_spid_livello_2_basta_allo_staff_anche_senza_app_di_autenticazione(
    client, spid, settings, staff
):
    settings.STAFF_MFA_REQUIRED = True
    settings.SPID_LEVEL = 2
    staff.codice_fiscale = "RSSMRA80A01H501U"
    staff.save()
    richiesta = avvia_accesso(client, spid)
    client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "mario")})
    assert client.get("/admin/").status_code == 200
    assert client.get("/volontariato/registro.csv").status_code == 200


def test_senza_redis_la_risposta_non_si_puo_dire_nuova_e_l_accesso_attende(client, spid, settings):
    """The portal's cache answers "added" when Redis is down: a replay would pass unseen."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "portal.cache_redis.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    richiesta = avvia_accesso(client, spid)
    pagina = esito_acs(client, spid.risposta(richiesta, "mario"))
    assert any("momentaneamente non disponibile" in m for m in messaggi(pagina))
    assert not pagina.wsgi_request.user.is_authenticated
    assert not User.objects.filter(codice_fiscale="RSSMRA80A01H501U").exists()


@pytest.mark.parametrize("livello", [1, 2])
def test_accesso_spid_sopra_un_altro_utente_conserva_i_dati_per_l_uscita(
    client, spid, settings, cittadino, livello
):
    """Signing in over someone else's session empties it: the SPID record must survive."""
    settings.SPID_LEVEL = livello
    client.force_login(cittadino)
    richiesta = avvia_accesso(client, spid)
    client.post("/saml/acs/", {"SAMLResponse": spid.risposta(richiesta, "mario")})
    assert client.get("/").wsgi_request.user.codice_fiscale == "RSSMRA80A01H501U"
    assert client.session["spid_accesso"]["idp"] == spid.entity_id
    assert client.session["spid_accesso"]["livello"] == livello
