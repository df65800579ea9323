"""A real SAML identity provider for the tests: pysaml2's IdP behind a small WSGI app.

It signs with its own test keys (tests/portal/saml/), checks the portal's signed
requests against the portal's metadata, and sends SPID attributes. Nothing here
is a mock: the portal talks SAML to it as to a SPID identity provider.
"""

from __future__ import annotations

import base64
import html
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from saml2 import BINDING_HTTP_REDIRECT, samlp
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_BASIC, NAMEID_FORMAT_TRANSIENT
from saml2.server import Server
from saml2.xmldsig import SIG_RSA_SHA256

CHIAVI = Path(__file__).parent / "saml"
MAPPE_ATTRIBUTI = Path(__file__).parents[2] / "portal" / "spid" / "mappe_attributi"

UTENTI = {
    "mario": {
        "password": "password-spid",
        "fiscalNumber": "TINIT-RSSMRA80A01H501U",
        "name": "Mario",
        "familyName": "Rossi",
        "email": "mario.rossi@esempio.test",
    },
    "carla": {
        "password": "password-spid",
        "fiscalNumber": "TINIT-CTTCRL85M41H223W",
        "name": "Carla",
        "familyName": "Cittadina",
        "email": "cittadino@esempio.test",
    },
    # As with CIE ID when the citizen registered no e-mail.
    "anna": {
        "password": "password-spid",
        "fiscalNumber": "TINIT-BNCNNA90A41H223U",
        "name": "Anna",
        "familyName": "Bianchi",
    },
}


class _Silenzioso(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


@dataclass
class Richiesta:
    id: str
    acs: str
    sp: str
    relay_state: str
    name_id_policy: object
    livello_chiesto: str


@dataclass
class IdpDiProva:
    """The identity provider; `avvia()` serves it on a free port of 127.0.0.1."""

    cartella: Path
    nome: str = "IdP di prova"
    # What the next sign-in answers: the level confirmed, and whether the assertion and the
    # response around it are signed.
    livello: int | None = None
    firma_asserzione: bool = True
    firma_risposta: bool = True
    richieste: dict[str, Richiesta] = field(default_factory=dict)
    logout_ricevuti: list = field(default_factory=list)

    def avvia(self) -> IdpDiProva:
        self._http: WSGIServer = make_server("127.0.0.1", 0, self._app, handler_class=_Silenzioso)
        self.url = f"http://127.0.0.1:{self._http.server_port}"
        self.entity_id = f"{self.url}/metadata"
        self.metadata_file = self.cartella / "idp-metadata.xml"
        self.metadata_file.write_text(str(entity_descriptor(self._config(sp_metadata=None))))
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._thread.start()
        return self

    def ferma(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def conosci_sp(self, sp_metadata: str) -> None:
        """Load the portal's metadata: from then on its requests are verified against it."""
        file = self.cartella / "sp-metadata.xml"
        file.write_text(sp_metadata)
        self.server = Server(config=self._config(sp_metadata=file))

    def _config(self, *, sp_metadata: Path | None) -> IdPConfig:
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "xmlsec_binary": "/usr/bin/xmlsec1",
                "key_file": str(CHIAVI / "idp.key"),
                "cert_file": str(CHIAVI / "idp.crt"),
                "metadata": {"local": [str(sp_metadata)]} if sp_metadata else {},
                "attribute_map_dir": str(MAPPE_ATTRIBUTI),
                "organization": {
                    "name": [(self.nome, "it")],
                    "display_name": [(self.nome, "it")],
                    "url": [(self.url, "it")],
                },
                "service": {
                    "idp": {
                        "name": self.nome,
                        "endpoints": {
                            "single_sign_on_service": [(f"{self.url}/sso", BINDING_HTTP_REDIRECT)],
                            "single_logout_service": [(f"{self.url}/slo", BINDING_HTTP_REDIRECT)],
                        },
                        "want_authn_requests_signed": True,
                        "name_id_format": [NAMEID_FORMAT_TRANSIENT],
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": 5},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_BASIC,
                            }
                        },
                    }
                },
            }
        )
        return config

    # --- SAML, callable from tests without a browser ---------------------------

    def ricevi_richiesta(self, url: str) -> Richiesta:
        """Parse and verify the portal's signed AuthnRequest carried by `url`."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        letta = self.server.parse_authn_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        messaggio = letta.message
        contesto = messaggio.requested_authn_context
        richiesta = Richiesta(
            id=messaggio.id,
            acs=messaggio.assertion_consumer_service_url,
            sp=messaggio.issuer.text,
            relay_state=query.get("RelayState", ""),
            name_id_policy=messaggio.name_id_policy,
            livello_chiesto=contesto.authn_context_class_ref[0].text,
        )
        self.richieste[richiesta.id] = richiesta
        return richiesta

    def risposta(self, richiesta: Richiesta, utente: str) -> str:
        """The signed SAMLResponse (base64) signing `utente` in."""
        dati = {k: [v] for k, v in UTENTI[utente].items() if k != "password"}
        classe = (
            f"https://www.spid.gov.it/SpidL{self.livello}"
            if self.livello
            else richiesta.livello_chiesto
        )
        risposta = self.server.create_authn_response(
            dati,
            richiesta.id,
            richiesta.acs,
            richiesta.sp,
            name_id_policy=richiesta.name_id_policy,
            userid=utente,
            authn={"class_ref": classe, "authn_auth": self.entity_id},
            sign_response=self.firma_risposta,
            sign_assertion=self.firma_asserzione,
        )
        return base64.b64encode(str(risposta).encode()).decode()

    def errore(self, richiesta: Richiesta, codice: int) -> str:
        """A SPID error answer ("ErrorCode nrNN"), signed, as base64."""
        risposta = self.server.create_error_response(
            richiesta.id,
            richiesta.acs,
            (samlp.STATUS_AUTHN_FAILED, f"ErrorCode nr{codice}"),
            sign=True,
        )
        return base64.b64encode(str(risposta).encode()).decode()

    def richiesta_logout(self, *, name_id: str, session_index: str) -> str:
        """The URL of a signed LogoutRequest from this IdP to the portal (IdP-initiated)."""
        from saml2.saml import name_id_from_string

        # MetadataStore is not a dict: iterating it does not give the entity IDs.
        entita = self.server.metadata.keys()  # noqa: SIM118
        sp_entity_id = next(e for e in entita if e != self.entity_id)
        destinazione = self.server.metadata.single_logout_service(
            sp_entity_id, BINDING_HTTP_REDIRECT, "spsso"
        )[0]["location"]
        _id, richiesta = self.server.create_logout_request(
            destinazione,
            sp_entity_id,
            name_id=name_id_from_string(name_id),
            session_indexes=[session_index],
            sign=False,
        )
        http = self.server.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(richiesta),
            destinazione,
            relay_state="",
            sign=True,
            sigalg=SIG_RSA_SHA256,
        )
        return dict(http["headers"])["Location"]

    # --- HTTP, for the browser -----------------------------------------------

    def _app(self, environ, start_response):
        percorso = environ["PATH_INFO"]
        if percorso == "/metadata":
            return self._rispondi(start_response, self.metadata_file.read_text(), "text/xml")
        if percorso == "/sso":
            richiesta = self.ricevi_richiesta("?" + environ["QUERY_STRING"])
            return self._rispondi(start_response, self._pagina_accesso(richiesta))
        if percorso == "/login" and environ["REQUEST_METHOD"] == "POST":
            lunghezza = int(environ.get("CONTENT_LENGTH") or 0)
            dati = {
                k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(lunghezza).decode()).items()
            }
            richiesta = self.richieste.pop(dati["richiesta"])
            if "annulla" in dati:
                return self._rispondi(
                    start_response, self._pagina_invio(richiesta, self.errore(richiesta, 25))
                )
            utente = UTENTI.get(dati.get("utente", ""))
            if not utente or not secrets.compare_digest(
                utente["password"], dati.get("password", "")
            ):
                self.richieste[richiesta.id] = richiesta
                return self._rispondi(
                    start_response, self._pagina_accesso(richiesta, "Credenziali errate")
                )
            saml_response = self.risposta(richiesta, dati["utente"])
            return self._rispondi(start_response, self._pagina_invio(richiesta, saml_response))
        if percorso == "/slo":
            return self._slo(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    def _slo(self, environ, start_response):
        query = {k: v[0] for k, v in parse_qs(environ["QUERY_STRING"]).items()}
        letta = self.server.parse_logout_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        self.logout_ricevuti.append(letta.message)
        risposta = self.server.create_logout_response(letta.message, [BINDING_HTTP_REDIRECT])
        destinazione = self.server.metadata.single_logout_service(
            letta.message.issuer.text, BINDING_HTTP_REDIRECT, "spsso"
        )[0]["location"]
        http = self.server.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(risposta),
            destinazione,
            relay_state=query.get("RelayState", ""),
            response=True,
            sign=True,
            sigalg=SIG_RSA_SHA256,
        )
        start_response("302 Found", [("Location", dict(http["headers"])["Location"])])
        return [b""]

    def _pagina_accesso(self, richiesta: Richiesta, errore: str = "") -> str:
        return f"""<!doctype html><html lang="it"><head><title>{self.nome}</title></head><body>
<h1>{self.nome}</h1><p>{html.escape(errore)}</p>
<form method="post" action="/login">
<input type="hidden" name="richiesta" value="{html.escape(richiesta.id)}">
<label>Utente <input name="utente"></label>
<label>Password <input type="password" name="password"></label>
<button type="submit">Entra</button>
<button type="submit" name="annulla" value="1">Annulla</button>
</form></body></html>"""

    def _pagina_invio(self, richiesta: Richiesta, saml_response: str) -> str:
        return f"""<!doctype html><html lang="it"><head><title>{self.nome}</title></head><body>
<form method="post" action="{html.escape(richiesta.acs)}">
<input type="hidden" name="SAMLResponse" value="{saml_response}">
<input type="hidden" name="RelayState" value="{html.escape(richiesta.relay_state)}">
<button type="submit">Continua verso il servizio</button>
</form></body></html>"""

    @staticmethod
    def _rispondi(start_response, testo: str, tipo: str = "text/html; charset=utf-8"):
        start_response("200 OK", [("Content-Type", tipo)])
        return [testo.encode()]
