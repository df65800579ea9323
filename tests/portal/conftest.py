from __future__ import annotations

import pytest
from django.test import Client

from tests.portal.idp_saml import CHIAVI, IdpDiProva

SP_ENTITY_ID = "https://quartieri.comune.test/saml/metadata/"


def configura_spid(
    settings, idp: IdpDiProva, *, cie: IdpDiProva | None = None, site_url: str = "http://testserver"
) -> None:
    """Point the portal at `idp` (and `cie`) with the test keys, then hand the IdPs the
    portal's metadata."""
    settings.SPID_ENTITY_ID = SP_ENTITY_ID
    settings.SPID_KEY_FILE = str(CHIAVI / "sp.key")
    settings.SPID_CERT_FILE = str(CHIAVI / "sp.crt")
    settings.SPID_IDP_METADATA = [str(idp.metadata_file)]
    settings.CIE_IDP_METADATA = [str(cie.metadata_file)] if cie else []
    settings.SITE_URL = site_url
    risposta = Client().get("/saml/metadata/")
    assert risposta.status_code == 200
    idp.conosci_sp(risposta.content.decode())
    if cie:
        # The Ministry registers the portal's CIE metadata, not the SPID one.
        risposta = Client().get("/saml/metadata/cie/")
        assert risposta.status_code == 200
        cie.conosci_sp(risposta.content.decode())


@pytest.fixture
def idp(tmp_path):
    """A running SAML identity provider, not yet known to the portal."""
    server = IdpDiProva(cartella=tmp_path).avvia()
    yield server
    server.ferma()


@pytest.fixture
def idp_cie(tmp_path):
    """A second identity provider, standing for the Ministero dell'Interno's CIE ID."""
    cartella = tmp_path / "cie"
    cartella.mkdir()
    server = IdpDiProva(cartella=cartella, nome="CIE ID di prova").avvia()
    yield server
    server.ferma()


@pytest.fixture
def spid(db, settings, idp):
    """The portal configured for SPID against the test IdP (test client at http://testserver)."""
    configura_spid(settings, idp)
    return idp
