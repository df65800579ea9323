"""accordi's kinds of content in the site search and the topic pages (portal.contenuti)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from portal.contenuti import TipoContenuto, registra_contenuto


def _accordi():
    from accordi.models import Accordo

    return Accordo.objects.pubblici().order_by("titolo", "pk")


def registra() -> None:
    registra_contenuto(
        TipoContenuto(
            chiave="accordi",
            titolo=_("Accordi di cittadinanza"),
            pubblici=_accordi,
            campi_testo=("titolo", "codice", "descrizione"),
            url=lambda accordo: reverse("accordi:dettaglio", kwargs={"slug": accordo.slug}),
            sommario=lambda accordo: Truncator(accordo.descrizione).words(30),
        )
    )
