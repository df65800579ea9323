"""/numeri/ and the open data of the yearly numbers, activities and the catalogue.

Every figure is computed from records by grouped queries (portal.report.cifre):
the page runs the same number of queries whatever the size of the network.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from portal.cache_pagine import PaginaPubblicaInCacheMixin
from portal.open_data import (
    RIGHE_PER_BLOCCO,
    URL_LICENZA,
    dataset_pubblicati,
    documento_json,
    righe_csv,
    risposta_scaricabile,
)
from portal.report import cifre
from portal.report.grafici import barre


def _etichette_serie() -> list[tuple[str, str]]:
    return [
        ("attivita_svolte", _("Attività svolte")),
        ("partecipanti", _("Partecipanti alle attività")),
        ("contatti_sportello", _("Contatti agli sportelli")),
        ("accordi_avviati", _("Accordi avviati")),
        ("firmatari", _("Firme degli accordi")),
        ("ore_collaborazione", _("Ore di collaborazione civica")),
        ("volontari", _("Volontari con ore approvate")),
        ("ore_volontariato", _("Ore di volontariato approvate")),
        ("riunioni", _("Riunioni degli organismi di partecipazione")),
    ]


# The figures aggregate every table of the portal (seconds at city scale) and
# move slowly: they are computed at most once every few minutes.
SECONDI_CACHE_CIFRE = 300


def _in_cache(chiave: str, calcola):
    return cache.get_or_set(f"numeri:{chiave}", calcola, SECONDI_CACHE_CIFRE)


def righe_annuali() -> tuple[list[int], list[dict]]:
    """Every year from the first record to this one and, for each figure, its value year by year.

    A year with no record is listed with zeros: skipping it would draw two
    distant years side by side as if they were consecutive.
    """
    serie = _in_cache("serie", cifre.serie_annuali)
    con_dati = {anno for valori in serie.values() for anno in valori}
    anni = (
        list(range(min(con_dati), max(*con_dati, timezone.localdate().year) + 1))
        if con_dati
        else []
    )
    righe = [
        {
            "chiave": chiave,
            "etichetta": etichetta,
            "valori": [serie[chiave].get(anno) or 0 for anno in anni],
        }
        for chiave, etichetta in _etichette_serie()
    ]
    return anni, righe


class NumeriView(PaginaPubblicaInCacheMixin, TemplateView):
    """The headline figures of the network: this year, every year, each area."""

    http_method_names = ["get"]
    template_name = "portal/numeri.html"

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(**contesto_numeri(), **kwargs)


def contesto_numeri() -> dict:
    """The page's figures and charts."""
    from accordi.models.accordi import ETICHETTE_STATO

    anno = timezone.localdate().year
    rete = _in_cache("rete", cifre.cifre_rete)
    quest_anno = _in_cache(f"anno-{anno}", lambda: cifre.cifre_anno(anno))
    anni, righe = righe_annuali()
    ambiti = _in_cache(f"ambiti-{anno}", lambda: cifre.cifre_per_ambito(anno))
    stati = [
        (etichetta, rete["accordi_per_stato"].get(codice, 0))
        for codice, etichetta in ETICHETTE_STATO.items()
        if rete["accordi_per_stato"].get(codice)
    ]
    grafici_annuali = [
        {
            "id": f"grafico-{riga['chiave']}",
            "etichetta": riga["etichetta"],
            "svg": barre(
                _("%(voce)s per anno") % {"voce": riga["etichetta"]},
                list(zip([str(a) for a in anni], riga["valori"], strict=True)),
                f"grafico-{riga['chiave']}",
            ),
            "valori": list(zip(anni, riga["valori"], strict=True)),
        }
        for riga in righe
        if riga["chiave"] in ("attivita_svolte", "partecipanti", "ore_volontariato")
    ]
    return {
        "titolo": _("I numeri della città collaborativa"),
        "briciole": [(_("Numeri"), None)],
        "anno": anno,
        "rete": rete,
        "quest_anno": quest_anno,
        "stati": stati,
        "grafico_stati": barre(_("Accordi per stato"), stati, "grafico-stati"),
        "anni": anni,
        "righe": righe,
        "grafici_annuali": grafici_annuali,
        "ambiti": ambiti,
        "grafico_ambiti": barre(
            _("Attività svolte nel %(anno)d per ambito") % {"anno": anno},
            [(a["nome"], a["n_attivita"]) for a in ambiti],
            "grafico-ambiti",
        ),
    }


def _righe_numeri() -> Iterator[dict]:
    anni, righe = righe_annuali()
    for indice, anno in enumerate(anni):
        yield {"anno": anno, **{riga["chiave"]: riga["valori"][indice] for riga in righe}}


@require_GET
def numeri_csv(request: HttpRequest) -> StreamingHttpResponse:
    colonne = ["anno"] + [chiave for chiave, _e in _etichette_serie()]
    return risposta_scaricabile(
        righe_csv(colonne, _righe_numeri()), "text/csv; charset=utf-8", "numeri.csv"
    )


@require_GET
def numeri_json(request: HttpRequest) -> StreamingHttpResponse:
    contenuto = documento_json(
        "I numeri della città collaborativa, anno per anno", "anni", _righe_numeri()
    )
    return risposta_scaricabile(contenuto, "application/json", "numeri.json")


COLONNE_ATTIVITA = (
    ("id", "pk"),
    ("attivita", "attivita__titolo"),
    ("tipo", "attivita__tipo"),
    ("pubblico", "attivita__pubblico"),
    ("luogo", "attivita__luogo__nome"),
    ("luogo_slug", "attivita__luogo__slug"),
    ("quartiere", "attivita__luogo__quartiere__nome"),
    ("inizio", "inizio"),
    ("fine", "fine"),
    ("annullata", "annullata"),
    ("gratuita", "attivita__gratuita"),
    ("iscrizione_richiesta", "attivita__iscrizione_richiesta"),
    ("organizzatore", "attivita__organizzatore__nome"),
)


def _righe_attivita(request: HttpRequest) -> Iterator[dict]:
    from quartieri.models import Occorrenza

    base = request.build_absolute_uri("/")[:-1]
    percorsi = [percorso for _c, percorso in COLONNE_ATTIVITA]
    # Public activities at published places, dates only: never who registered or logged.
    righe = Occorrenza.objects.pubbliche().order_by("pk").values(*percorsi)
    for riga in righe.iterator(chunk_size=RIGHE_PER_BLOCCO):
        dati = {colonna: riga[percorso] for colonna, percorso in COLONNE_ATTIVITA}
        dati["url"] = base + reverse("quartieri:attivita_dettaglio", kwargs={"pk": riga["pk"]})
        yield dati


@require_GET
def attivita_csv(request: HttpRequest) -> StreamingHttpResponse:
    colonne = [colonna for colonna, _p in COLONNE_ATTIVITA] + ["url"]
    return risposta_scaricabile(
        righe_csv(colonne, _righe_attivita(request)), "text/csv; charset=utf-8", "attivita.csv"
    )


@require_GET
def attivita_json(request: HttpRequest) -> StreamingHttpResponse:
    contenuto = documento_json(
        "Attività nelle Case di Quartiere", "attivita", _righe_attivita(request)
    )
    return risposta_scaricabile(contenuto, "application/json", "attivita.json")


TIPI_MEDIA = {"CSV": "text/csv", "JSON": "application/json"}
# EU vocabularies (DCAT-AP_IT): the data theme "society" and the file-type authority table.
TEMA_SOCIETA = "http://publications.europa.eu/resource/authority/data-theme/SOCI"
FORMATI_EU = {
    "CSV": "http://publications.europa.eu/resource/authority/file-type/CSV",
    "JSON": "http://publications.europa.eu/resource/authority/file-type/JSON",
}


@require_GET
def catalogo(request: HttpRequest) -> JsonResponse:
    """The open-data catalogue, machine-readable, with DCAT-AP_IT fields where they fit."""
    oggi = timezone.localdate().isoformat()
    editore = {"@type": "foaf:Organization", "foaf:name": settings.SITE_NAME}
    dataset = []
    for voce in dataset_pubblicati():
        identificativo = voce["download"][0][1].rsplit("/", 1)[-1].split(".")[0]
        dataset.append(
            {
                "@type": "dcat:Dataset",
                "dct:identifier": identificativo,
                "dct:title": str(voce["titolo"]),
                "dct:description": str(voce["descrizione"]),
                "dct:publisher": editore,
                "dct:rightsHolder": editore,
                "dct:license": URL_LICENZA,
                "dct:modified": oggi,
                "dcat:theme": TEMA_SOCIETA,
                "dcat:landingPage": request.build_absolute_uri(reverse("portal:open_data")),
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": f"{voce['titolo']} ({formato})",
                        "dcat:accessURL": request.build_absolute_uri(url),
                        "dcat:downloadURL": request.build_absolute_uri(url),
                        "dcat:mediaType": TIPI_MEDIA.get(formato, "application/octet-stream"),
                        "dct:format": FORMATI_EU.get(formato, formato),
                        "dct:license": URL_LICENZA,
                    }
                    for formato, url in voce["download"]
                ],
            }
        )
    contenuto = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "dct:title": _("Dati aperti – %(sito)s") % {"sito": settings.SITE_NAME},
        "dct:description": _(
            "I dati pubblici delle Case di Quartiere e della città collaborativa, CC BY 4.0."
        ),
        "dct:publisher": editore,
        "dct:license": URL_LICENZA,
        "dct:modified": oggi,
        "dct:language": "http://publications.europa.eu/resource/authority/language/ITA",
        "dcat:dataset": dataset,
    }
    risposta = JsonResponse(contenuto, json_dumps_params={"ensure_ascii": False, "indent": 2})
    risposta["Link"] = f'<{URL_LICENZA}>; rel="license"'
    return risposta
