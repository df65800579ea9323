"""The service provider's pysaml2 configuration, built from the settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import SPConfig
from saml2.mdstore import MetadataStore
from saml2.saml import NAMEID_FORMAT_TRANSIENT
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from portal.indirizzo import url_pubblico

SPID = "spid"
CIE = "cie"
# Regole tecniche SPID, "Attributi": the ones the portal needs, nothing more.
ATTRIBUTI = ["fiscalNumber", "name", "familyName", "email"]
MAPPE_ATTRIBUTI = Path(__file__).parent / "mappe_attributi"


# The official logos (static/vendor/spid-smart-button), by the providers' entity IDs
# as in AgID's registry; a provider not listed shows its name.
LOGHI_SPID = {
    "https://loginspid.aruba.it": "spid-idp-arubaid.svg",
    "https://identity.infocert.it": "spid-idp-infocertid.svg",
    "https://posteid.poste.it": "spid-idp-posteid.svg",
    "https://identity.sieltecloud.it": "spid-idp-sielteid.svg",
    "https://login.id.tim.it/affwebservices/public/saml2sso": "spid-idp-timid.svg",
    "https://idp.namirialtsp.com/idp": "spid-idp-namirialid.svg",
    "https://spid.register.it": "spid-idp-spiditalia.svg",
    "https://spid.intesa.it": "spid-idp-intesaid.svg",
    "https://id.lepida.it/idp/shibboleth": "spid-idp-lepidaid.svg",
}


@dataclass(frozen=True)
class GestoreIdentita:
    """An identity provider the citizen can choose."""

    entity_id: str
    nome: str
    federazione: str

    @property
    def logo(self) -> str | None:
        file = LOGHI_SPID.get(self.entity_id)
        return f"vendor/spid-smart-button/img/idp-logos/{file}" if file else None


def attivo() -> bool:
    """The Comune configured its SP: entity ID, key, certificate and some IdP metadata."""
    return bool(
        settings.SPID_ENTITY_ID
        and settings.SPID_KEY_FILE
        and settings.SPID_CERT_FILE
        and (settings.SPID_IDP_METADATA or settings.CIE_IDP_METADATA)
    )


def _chiave() -> tuple:
    """Everything the configuration is built from: a change builds a new one."""
    return (
        settings.SPID_ENTITY_ID,
        settings.SPID_KEY_FILE,
        settings.SPID_CERT_FILE,
        tuple(settings.SPID_IDP_METADATA),
        tuple(settings.CIE_IDP_METADATA),
        settings.SITE_URL,
        settings.SITE_NAME,
        settings.XMLSEC_BINARY,
    )


def configurazione() -> SPConfig:
    return _configurazione(_chiave())


@cache
def _configurazione(chiave: tuple) -> SPConfig:
    # Parsing and checking the IdP metadata costs tens of milliseconds: once per settings.
    config = SPConfig()
    config.load(_dizionario())
    return config


def _dizionario() -> dict:
    acs = url_pubblico(reverse("spid:acs"))
    sls = url_pubblico(reverse("spid:sls"))
    return {
        "entityid": settings.SPID_ENTITY_ID,
        "xmlsec_binary": settings.XMLSEC_BINARY,
        "key_file": settings.SPID_KEY_FILE,
        "cert_file": settings.SPID_CERT_FILE,
        "metadata": {"local": [*settings.SPID_IDP_METADATA, *settings.CIE_IDP_METADATA]},
        "attribute_map_dir": str(MAPPE_ATTRIBUTI),
        # Regole tecniche SPID: a small clock skew between IdP and SP is tolerated.
        "accepted_time_diff": 60,
        "organization": {
            "name": [(settings.SITE_NAME, "it")],
            "display_name": [(settings.SITE_NAME, "it")],
            "url": [(settings.SITE_URL, "it")],
        },
        "service": {
            "sp": {
                "name": settings.SITE_NAME,
                "name_id_format": [NAMEID_FORMAT_TRANSIENT],
                "endpoints": {
                    "assertion_consumer_service": [(acs, BINDING_HTTP_POST)],
                    "single_logout_service": [
                        (sls, BINDING_HTTP_REDIRECT),
                        (sls, BINDING_HTTP_POST),
                    ],
                },
                "required_attributes": ATTRIBUTI,
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                "logout_responses_signed": True,
                # SPID: the assertion must be signed; the response around it may be.
                "want_assertions_signed": True,
                "want_response_signed": False,
                # Only answers to a request this portal sent: no IdP-initiated sign-in.
                "allow_unsolicited": False,
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
            }
        },
    }


def gestori_identita() -> list[GestoreIdentita]:
    """The identity providers in the configured metadata files, SPID ones by name."""
    if not attivo():
        return []
    return list(_gestori_identita(_chiave()))


@cache
def _gestori_identita(chiave: tuple) -> tuple[GestoreIdentita, ...]:
    config = configurazione()
    elenco = []
    for federazione, files in (
        (SPID, settings.SPID_IDP_METADATA),
        (CIE, settings.CIE_IDP_METADATA),
    ):
        store = MetadataStore(config.attribute_converters, config)
        for file in files:
            store.load("local", file)
        for entity_id in store.identity_providers():
            nome = store.name(entity_id, langpref="it") or entity_id
            elenco.append(GestoreIdentita(entity_id=entity_id, nome=nome, federazione=federazione))
    return tuple(sorted(elenco, key=lambda g: (g.federazione, g.nome.lower())))


def gestore_identita(entity_id: str) -> GestoreIdentita | None:
    return next((g for g in gestori_identita() if g.entity_id == entity_id), None)
