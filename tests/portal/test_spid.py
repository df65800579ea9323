"""SPID/CIE sign-in against a real SAML identity provider (tests/portal/idp_saml.py)."""

from __future__ import annotations

from portal.models import User


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
