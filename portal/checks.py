"""System checks for what a municipal site must publish before going live."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

# Law 4/2004 and AGID's guidelines: each administration publishes its own accessibility
# declaration through AGID's form; the footer links to it (modello Comuni,
# data-element="accessibility-link").
HOST_DICHIARAZIONI = "form.agid.gov.it"


@register(Tags.compatibility, deploy=True)
def dichiarazione_di_accessibilita(app_configs, **kwargs) -> list[CheckMessage]:
    """Warn while ACCESSIBILITY_URL is not one declaration published on form.agid.gov.it."""
    indirizzo = urlsplit(settings.ACCESSIBILITY_URL or "")
    if (
        indirizzo.scheme == "https"
        and indirizzo.hostname == HOST_DICHIARAZIONI
        and indirizzo.path.strip("/")
    ):
        return []
    return [
        Warning(
            f"ACCESSIBILITY_URL is {settings.ACCESSIBILITY_URL!r}, not the Comune's own "
            "accessibility declaration.",
            hint=(
                "Publish the declaration on https://form.agid.gov.it/ and set ACCESSIBILITY_URL "
                "to its address (https://form.agid.gov.it/view/...): the footer links to it."
            ),
            id="portal.W002",
        )
    ]


@register(Tags.compatibility, deploy=True)
def dati_dei_metadata_saml(app_configs, **kwargs) -> list[CheckMessage]:
    """Warn while a federation's identity providers are configured but the SP metadata
    would lack what its rules require of a public administration (docs/spid-cie.md)."""
    richiesti = []
    # Avviso SPID n. 29 and the CIE manual: the IPA code and an institutional e-mail.
    if settings.SPID_IDP_METADATA or settings.CIE_IDP_METADATA:
        richiesti += ["SPID_IPA_CODE", "SPID_CONTACT_EMAIL"]
    # The CIE manual: cie:Municipality is mandatory.
    if settings.CIE_IDP_METADATA:
        richiesti.append("CIE_MUNICIPALITY_CODE")
    mancanti = [nome for nome in richiesti if not getattr(settings, nome)]
    if not mancanti:
        return []
    return [
        Warning(
            f"The SPID/CIE service provider metadata lack {', '.join(mancanti)}.",
            hint=(
                "Set them as given in the adhesion requests to AgID and to the Ministero "
                "dell'Interno: the federations refuse metadata without them."
            ),
            id="portal.W003",
        )
    ]


@register(Tags.security, deploy=True)
def controlla_site_url(app_configs, **kwargs) -> list[CheckMessage]:
    """Production links must not point at the development default (portal.indirizzo)."""
    if "127.0.0.1" in settings.SITE_URL or "localhost" in settings.SITE_URL:
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL}: links in e-mails, calendar feeds and QR "
                "codes would not reach anyone.",
                hint="Set SITE_URL to the portal's public address, e.g. https://quartieri.comune.it",
                id="portal.W001",
            )
        ]
    return []
