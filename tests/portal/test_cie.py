"""The SP metadata for the Federazione CIE (Ministero dell'Interno), and what it asks."""

from __future__ import annotations

import subprocess

from defusedxml import ElementTree as ET
from django.test import Client

from portal.models import User
from tests.portal.conftest import SP_ENTITY_ID, configura_spid
from tests.portal.idp_saml import CHIAVI
from tests.portal.test_deploy import _manage

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
CIE = "https://www.cartaidentita.interno.gov.it/saml-extensions"
SPID = "https://spid.gov.it/saml-extensions"


def firma_valida(tmp_path, contenuto: bytes) -> subprocess.CompletedProcess:
    file = tmp_path / "sp-cie.xml"
    file.write_bytes(contenuto)
    return subprocess.run(
        [
            "xmlsec1",
            "--verify",
            "--pubkey-cert-pem",
            str(CHIAVI / "sp.crt"),
            "--id-attr:ID",
            f"{MD}:EntityDescriptor",
            str(file),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def metadata_cie(settings, **valori) -> bytes:
    settings.SPID_IPA_CODE = "c_h223"
    settings.SPID_CONTACT_EMAIL = "urp@comune.test"
    settings.CIE_MUNICIPALITY_CODE = "H223"
    settings.CIE_PROVINCE = "RE"
    settings.SITE_NAME = "Comune di Reggio Emilia"
    for nome, valore in valori.items():
        setattr(settings, nome, valore)
    risposta = Client().get("/saml/metadata/cie/")
    assert risposta.status_code == 200
    assert risposta["Content-Type"] == "application/samlmetadata+xml"
    return risposta.content


def test_metadata_cie_firmati_con_il_contatto_amministrativo_del_comune(spid, settings, tmp_path):
    contenuto = metadata_cie(settings)
    verifica = firma_valida(tmp_path, contenuto)
    assert verifica.returncode == 0, verifica.stderr
    radice = ET.fromstring(contenuto)
    assert radice.tag == f"{{{MD}}}EntityDescriptor"
    assert radice.get("entityID") == SP_ENTITY_ID
    # Manuale "Entra con CIE", Federazione: one contact, administrative (the
    # Comune is its own technical referent), with the CIE extensions.
    (contatto,) = radice.findall(f"{{{MD}}}ContactPerson")
    assert contatto.get("contactType") == "administrative"
    estensioni = contatto.find(f"{{{MD}}}Extensions")
    assert [(e.tag, (e.text or "").strip()) for e in estensioni] == [
        (f"{{{CIE}}}Public", ""),
        (f"{{{CIE}}}IPACode", "c_h223"),
        (f"{{{CIE}}}Municipality", "H223"),
        (f"{{{CIE}}}Province", "RE"),
        (f"{{{CIE}}}Country", "IT"),
    ]
    # Company is exactly the OrganizationName in Italian.
    nome = radice.find(f"{{{MD}}}Organization/{{{MD}}}OrganizationName")
    assert nome.get("{http://www.w3.org/XML/1998/namespace}lang") == "it"
    assert contatto.findtext(f"{{{MD}}}Company") == nome.text == "Comune di Reggio Emilia"
    assert contatto.findtext(f"{{{MD}}}EmailAddress") == "urp@comune.test"
    for figlio in ("OrganizationDisplayName", "OrganizationURL"):
        assert radice.find(f"{{{MD}}}Organization/{{{MD}}}{figlio}") is not None
    # The prefix of the manual's examples, for whoever reads the file.
    testo = contenuto.decode()
    assert f'xmlns:cie="{CIE}"' in testo
    assert "<cie:Municipality>H223</cie:Municipality>" in testo


def test_metadata_cie_chiedono_solo_dati_minimi_eidas(spid, settings):
    radice = ET.fromstring(metadata_cie(settings))
    sp = radice.find(f"{{{MD}}}SPSSODescriptor")
    assert sp.get("AuthnRequestsSigned") == "true"
    assert sp.get("WantAssertionsSigned") == "true"
    (servizio,) = sp.findall(f"{{{MD}}}AttributeConsumingService")
    assert servizio.get("index") == "0"
    chiesti = {a.get("Name") for a in servizio.findall(f"{{{MD}}}RequestedAttribute")}
    assert chiesti == {"fiscalNumber", "name", "familyName"}
    # The manual asks for at least one HTTP-Redirect logout endpoint.
    assert any(
        s.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        for s in sp.findall(f"{{{MD}}}SingleLogoutService")
    )


def test_metadata_spid_restano_senza_estensioni_cie(spid, settings):
    metadata_cie(settings)
    radice = ET.fromstring(Client().get("/saml/metadata/").content)
    (contatto,) = radice.findall(f"{{{MD}}}ContactPerson")
    assert contatto.get("contactType") == "other"
    assert {e.tag for e in contatto.find(f"{{{MD}}}Extensions")} == {
        f"{{{SPID}}}IPACode",
        f"{{{SPID}}}Public",
    }
    chiesti = {a.get("Name") for a in radice.iter(f"{{{MD}}}RequestedAttribute")}
    assert "email" in chiesti


def test_metadata_cie_senza_provincia_ne_la_omettono(spid, settings):
    radice = ET.fromstring(metadata_cie(settings, CIE_PROVINCE=""))
    assert radice.find(f".//{{{CIE}}}Province") is None
    assert radice.findtext(f".//{{{CIE}}}Municipality") == "H223"


def test_senza_configurazione_niente_metadata_cie(client, db):
    assert client.get("/saml/metadata/cie/").status_code == 404


def test_il_gestore_cie_rilascia_solo_cio_che_i_metadata_cie_chiedono(
    client, db, settings, idp, idp_cie
):
    """The CIE IdP reads the CIE metadata: no e-mail comes, so the portal asks for one."""
    configura_spid(settings, idp, cie=idp_cie)
    risposta = client.get("/saml/accedi/", {"idp": idp_cie.entity_id})
    richiesta = idp_cie.ricevi_richiesta(risposta["Location"])
    risposta = client.post("/saml/acs/", {"SAMLResponse": idp_cie.risposta(richiesta, "mario")})
    assert risposta["Location"] == "/saml/email/"
    assert not User.objects.filter(codice_fiscale="RSSMRA80A01H501U").exists()


def test_codice_comune_malformato_ferma_l_avvio():
    esito = _manage("check", CIE_MUNICIPALITY_CODE="Reggio")
    assert esito.returncode != 0
    assert "CIE_MUNICIPALITY_CODE" in esito.stderr


def test_provincia_malformata_ferma_l_avvio():
    esito = _manage("check", CIE_PROVINCE="Reggio Emilia")
    assert esito.returncode != 0
    assert "CIE_PROVINCE" in esito.stderr


def test_codici_validi_accettati():
    esito = _manage("check", CIE_MUNICIPALITY_CODE="h223", CIE_PROVINCE="re")
    assert esito.returncode == 0, esito.stderr


def test_check_deploy_avvisa_se_ai_metadata_cie_manca_il_comune():
    esito = _manage(
        "check",
        "--deploy",
        CIE_IDP_METADATA="/srv/spid/cie-idp.xml",
        SPID_IPA_CODE="c_h223",
        SPID_CONTACT_EMAIL="urp@comune.example.it",
    )
    assert "portal.W003" in esito.stderr
    assert "CIE_MUNICIPALITY_CODE" in esito.stderr
    assert "SPID_IPA_CODE" not in esito.stderr


def test_check_deploy_tace_con_i_dati_dei_metadata_completi():
    esito = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        CIE_IDP_METADATA="/srv/spid/cie-idp.xml",
        SPID_IPA_CODE="c_h223",
        SPID_CONTACT_EMAIL="urp@comune.example.it",
        CIE_MUNICIPALITY_CODE="H223",
    )
    assert esito.returncode == 0, esito.stderr
