"""The SAML messages: signed requests out, answers checked in (pysaml2 and xmlsec1)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, ExtensionElement, SAMLError, md, saml
from saml2.client import Saml2Client
from saml2.metadata import entity_descriptor, sign_entity_descriptor
from saml2.response import StatusError, UnsolicitedResponse
from saml2.saml import NAMEID_FORMAT_ENTITY, NAMEID_FORMAT_TRANSIENT, AuthnContextClassRef, Issuer
from saml2.samlp import RequestedAuthnContext
from saml2.sigver import security_context
from saml2.validate import ResponseLifetimeExceed, ToEarly
from saml2.xmldsig import SIG_RSA_SHA256

from portal.spid import errori
from portal.spid.config import CIE, SPID, GestoreIdentita, configurazione

logger = logging.getLogger(__name__)

# Regole tecniche SPID: the level is asked and confirmed as an AuthnContextClassRef;
# CIE ID uses the same three.
CLASSE_LIVELLO = "https://www.spid.gov.it/SpidL{livello}"
_LIVELLO = re.compile(r"https://www\.spid\.gov\.it/SpidL([123])$")
# Avviso SPID n. 29 v3: the SP's contact carries these extensions.
SPID_NS = "https://spid.gov.it/saml-extensions"
# Manuale tecnico "Entra con CIE" (SAML), "Federazione": the contact's extensions.
CIE_NS = "https://www.cartaidentita.interno.gov.it/saml-extensions"
# ... and "Interoperabilità con SPID": CIE ID releases the eIDAS minimum data set
# or a subset; the portal needs these three of it.
ATTRIBUTI_CIE = ("fiscalNumber", "name", "familyName")
# Prefixes mean nothing to an XML parser, but the federations' manuals and the people
# who check the metadata by eye read spid: and cie:, not ns3:.
ElementTree.register_namespace("spid", SPID_NS)
ElementTree.register_namespace("cie", CIE_NS)


class AccessoNonRiuscito(Exception):
    """The sign-in failed; `messaggio` says why, in words for the citizen."""

    def __init__(self, messaggio: str) -> None:
        super().__init__(messaggio)
        self.messaggio = str(messaggio)


@dataclass(frozen=True)
class Risposta:
    """What a valid assertion says about the person and their session at the IdP."""

    attributi: dict[str, str]
    name_id: str
    session_index: str
    livello: int


def _client() -> Saml2Client:
    return Saml2Client(configurazione())


def _location(servizi: list[dict]) -> str:
    return servizi[0]["location"]


def _issuer(entity_id: str) -> Issuer:
    # Regole tecniche SPID: the Issuer names the SP with Format entity and NameQualifier.
    return Issuer(text=entity_id, format=NAMEID_FORMAT_ENTITY, name_qualifier=entity_id)


def metadata_firmati(federazione: str = SPID) -> str:
    """The SP's metadata for `federazione`, with the public administration's contact, signed.

    AgID and the Ministero dell'Interno each register their own document: the SPID
    and the CIE rules differ in the attributes asked and in the contact's extensions.
    """
    conf = configurazione()
    descrittore = entity_descriptor(conf)
    # Regole tecniche SPID: the requests name AttributeConsumingServiceIndex 0, and
    # index 0 is the default ACS; pysaml2 numbers from 1 and leaves ServiceName empty.
    sp = descrittore.spsso_descriptor
    for indice, servizio in enumerate(sp.assertion_consumer_service):
        servizio.index = str(indice)
        servizio.is_default = "true" if indice == 0 else None
    for indice, servizio in enumerate(sp.attribute_consuming_service):
        servizio.index = str(indice)
        servizio.service_name = [md.ServiceName(lang="it", text=settings.SITE_NAME)]
        if federazione == CIE:
            # CIE manual, "Interoperabilità con SPID": only the eIDAS minimum data
            # set or a subset of it may be asked, so no e-mail (asked at /saml/email/).
            servizio.requested_attribute = [
                attributo
                for attributo in servizio.requested_attribute
                if attributo.name in ATTRIBUTI_CIE
            ]
    descrittore.contact_person = [
        _contatto_cie() if federazione == CIE else _contatto_spid(),
    ]
    _id, xml = sign_entity_descriptor(descrittore, None, security_context(conf))
    return str(xml)


def _email_contatto() -> list[md.EmailAddress]:
    if not settings.SPID_CONTACT_EMAIL:
        return []
    return [md.EmailAddress(text=settings.SPID_CONTACT_EMAIL)]


def _contatto_spid() -> md.ContactPerson:
    """Avviso SPID n. 29 v3: a public administration's contact, "other", SPID extensions."""
    estensioni = [ExtensionElement("Public", namespace=SPID_NS)]
    if settings.SPID_IPA_CODE:
        estensioni.insert(
            0, ExtensionElement("IPACode", namespace=SPID_NS, text=settings.SPID_IPA_CODE)
        )
    return md.ContactPerson(
        contact_type="other",
        extensions=md.Extensions(extension_elements=estensioni),
        email_address=_email_contatto(),
    )


def _contatto_cie() -> md.ContactPerson:
    """CIE manual, "Federazione": the Comune runs the portal itself, so one contact,
    "administrative", with the CIE extensions; Company is exactly OrganizationName."""
    estensioni = [ExtensionElement("Public", namespace=CIE_NS)]
    for nome, valore in (
        ("IPACode", settings.SPID_IPA_CODE),
        ("Municipality", settings.CIE_MUNICIPALITY_CODE),
        ("Province", settings.CIE_PROVINCE),
        ("Country", "IT"),
    ):
        if valore:
            estensioni.append(ExtensionElement(nome, namespace=CIE_NS, text=valore))
    return md.ContactPerson(
        contact_type="administrative",
        extensions=md.Extensions(extension_elements=estensioni),
        company=md.Company(text=settings.SITE_NAME),
        email_address=_email_contatto(),
    )


def richiesta_accesso(*, idp: GestoreIdentita, livello: int) -> tuple[str, str]:
    """A signed AuthnRequest to `idp` for `livello`: its ID and the URL carrying it."""
    client = _client()
    destinazione = _location(
        client.metadata.single_sign_on_service(idp.entity_id, BINDING_HTTP_REDIRECT)
    )
    entity_id = client.config.entityid
    id_richiesta, richiesta = client.create_authn_request(
        destinazione,
        binding=BINDING_HTTP_POST,
        nameid_format=NAMEID_FORMAT_TRANSIENT,
        requested_authn_context=RequestedAuthnContext(
            authn_context_class_ref=[
                AuthnContextClassRef(text=CLASSE_LIVELLO.format(livello=livello))
            ],
            comparison="minimum",
        ),
        # Regole tecniche SPID: above level 1 the IdP must authenticate anew.
        force_authn="true" if livello > 1 else None,
        attribute_consuming_service_index="0",
        issuer=_issuer(entity_id),
        # HTTP-Redirect binding: the signature goes in the query string, not in the XML.
        sign=False,
    )
    http = client.apply_binding(
        BINDING_HTTP_REDIRECT,
        str(richiesta),
        destinazione,
        relay_state="",
        sign=True,
        sigalg=SIG_RSA_SHA256,
    )
    return id_richiesta, dict(http["headers"])["Location"]


def leggi_risposta(*, saml_response: str, id_richiesta: str, idp: str, livello: int) -> Risposta:
    """The checked content of an IdP's answer to request `id_richiesta`, or AccessoNonRiuscito."""
    try:
        risposta = _client().parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding={id_richiesta: "/"}
        )
    except StatusError as exc:
        raise AccessoNonRiuscito(errori.messaggio_idp(str(exc))) from exc
    except (ToEarly, ResponseLifetimeExceed) as exc:
        raise AccessoNonRiuscito(errori.SCADUTA) from exc
    except UnsolicitedResponse as exc:
        raise AccessoNonRiuscito(errori.RICHIESTA_ASSENTE) from exc
    except Exception as exc:
        # Bad signature, altered XML, wrong audience or destination, missing parts,
        # not SAML at all: pysaml2 raises anything from SAMLError to a bare Exception
        # ("Unknown response type"). The log says which; the citizen needs to know
        # only that the answer was refused.
        logger.warning("SAML response refused: %r", exc)
        raise AccessoNonRiuscito(errori.NON_VALIDA) from exc
    if risposta is None or not risposta.assertion:
        raise AccessoNonRiuscito(errori.NON_VALIDA)
    # The Response's <Issuer> may be unsigned (SPID demands only the assertion's
    # signature): the signed assertion's issuer must be the IdP asked too.
    emittenti = {risposta.issuer(), _emittente_asserzione(risposta)}
    if emittenti != {idp}:
        logger.warning("SAML response from %s, request sent to %s", emittenti, idp)
        raise AccessoNonRiuscito(errori.NON_VALIDA)
    livello_ottenuto = max(
        (int(m.group(1)) for classe, *_ in risposta.authn_info() if (m := _LIVELLO.match(classe))),
        default=0,
    )
    if livello_ottenuto < livello:
        raise AccessoNonRiuscito(errori.LIVELLO_INSUFFICIENTE)
    attributi = {nome: valori[0] for nome, valori in risposta.ava.items() if valori}
    return Risposta(
        attributi=attributi,
        name_id=str(risposta.name_id),
        session_index=risposta.session_info().get("session_index") or "",
        livello=livello_ottenuto,
    )


def _emittente_asserzione(risposta) -> str | None:
    issuer = risposta.assertion.issuer
    return issuer.text.strip() if issuer is not None and issuer.text else None


def url_logout_idp(accesso: dict) -> str | None:
    """The URL carrying a signed LogoutRequest to the IdP; None if it offers no single logout."""
    client = _client()
    try:
        servizi = client.metadata.single_logout_service(
            accesso["idp"], BINDING_HTTP_REDIRECT, "idpsso"
        )
    except SAMLError:
        servizi = []
    if not servizi:
        return None
    destinazione = _location(servizi)
    _id, richiesta = client.create_logout_request(
        destinazione,
        accesso["idp"],
        name_id=saml.name_id_from_string(accesso["name_id"]),
        session_indexes=[accesso["session_index"]] if accesso["session_index"] else None,
        sign=False,
    )
    richiesta.issuer = _issuer(client.config.entityid)
    http = client.apply_binding(
        BINDING_HTTP_REDIRECT, str(richiesta), destinazione, sign=True, sigalg=SIG_RSA_SHA256
    )
    return dict(http["headers"])["Location"]
