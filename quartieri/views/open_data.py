"""Open data: published places and services as CSV and JSON, CC BY 4.0.

Only public fields: never community managers or anything about people.
Responses are streamed from an iterator, so the export's memory does not
grow with the number of rows.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from quartieri.models import Luogo, Servizio

LICENZA = "CC BY 4.0"
URL_LICENZA = "https://creativecommons.org/licenses/by/4.0/"
RIGHE_PER_BLOCCO = 500

# (column name, field path for .values())
CAMPI_LUOGHI = (
    ("slug", "slug"),
    ("nome", "nome"),
    ("tipo", "tipo"),
    ("comune", "quartiere__comune__nome"),
    ("ambito_territoriale", "quartiere__ambito__nome"),
    ("quartiere", "quartiere__nome"),
    ("indirizzo", "indirizzo"),
    ("cap", "cap"),
    ("lat", "lat"),
    ("lon", "lon"),
    ("coordinate_esatte", "coordinate_esatte"),
    ("gestore", "gestore__nome"),
    ("convenzione_inizio", "convenzione_inizio"),
    ("convenzione_fine", "convenzione_fine"),
    ("telefono", "telefono"),
    ("email", "email"),
    ("sito", "sito"),
    ("tessera", "tessera"),
    ("ingresso_senza_gradini", "ingresso_senza_gradini"),
    ("bagno_accessibile", "bagno_accessibile"),
    ("anello_induttivo", "anello_induttivo"),
    ("parcheggio_disabili", "parcheggio_disabili"),
    ("descrizione", "descrizione"),
)
CAMPI_SERVIZI = (
    ("id", "pk"),
    ("titolo", "titolo"),
    ("categoria", "categoria__nome"),
    ("categoria_slug", "categoria__slug"),
    ("luogo", "luogo__nome"),
    ("luogo_slug", "luogo__slug"),
    ("lat", "luogo__lat"),
    ("lon", "luogo__lon"),
    ("coordinate_esatte", "luogo__coordinate_esatte"),
    ("prenotazione", "prenotazione"),
    ("gratuito", "gratuito"),
    ("costo", "costo"),
    ("pubblico", "pubblico"),
    ("stessi_orari_del_luogo", "usa_orari_luogo"),
    ("descrizione", "descrizione"),
)


def _righe_luoghi(request: HttpRequest) -> Iterator[dict]:
    base = request.build_absolute_uri(reverse("quartieri:luoghi"))
    percorsi = [percorso for _colonna, percorso in CAMPI_LUOGHI]
    righe = Luogo.objects.pubblicati().order_by("pk").values(*percorsi)
    for riga in righe.iterator(chunk_size=RIGHE_PER_BLOCCO):
        dati = {colonna: riga[percorso] for colonna, percorso in CAMPI_LUOGHI}
        dati["url"] = f"{base}{riga['slug']}/"
        yield dati


def _righe_servizi(request: HttpRequest) -> Iterator[dict]:
    base = request.build_absolute_uri(reverse("quartieri:luoghi"))
    percorsi = [percorso for _colonna, percorso in CAMPI_SERVIZI]
    righe = Servizio.objects.pubblicati().order_by("pk").values(*percorsi)
    for riga in righe.iterator(chunk_size=RIGHE_PER_BLOCCO):
        dati = {colonna: riga[percorso] for colonna, percorso in CAMPI_SERVIZI}
        dati["url_luogo"] = f"{base}{riga['luogo__slug']}/"
        yield dati


class _Eco:
    """A file-like object whose write() returns the line, for csv.writer in a generator."""

    def write(self, valore: str) -> str:
        return valore


def _cella(valore) -> object:
    # Booleans as in the JSON; None (unknown) as an empty cell.
    if isinstance(valore, bool):
        return "true" if valore else "false"
    return "" if valore is None else valore


def _csv(colonne: list[str], righe: Iterable[dict]) -> Iterator[str]:
    scrittore = csv.writer(_Eco())
    yield scrittore.writerow(colonne)
    for riga in righe:
        yield scrittore.writerow([_cella(riga[colonna]) for colonna in colonne])


def _json(titolo: str, chiave: str, righe: Iterable[dict]) -> Iterator[str]:
    metadati = {
        "titolo": titolo,
        "editore": settings.SITE_NAME,
        "licenza": LICENZA,
        "url_licenza": URL_LICENZA,
        "generato_il": timezone.now().isoformat(timespec="seconds"),
    }
    yield json.dumps(metadati, ensure_ascii=False)[:-1] + f', "{chiave}": ['
    separatore = ""
    for riga in righe:
        yield separatore + json.dumps(riga, cls=DjangoJSONEncoder, ensure_ascii=False)
        separatore = ","
    yield "]}"


def _risposta(contenuto: Iterator[str], content_type: str, nome_file: str):
    risposta = StreamingHttpResponse(contenuto, content_type=content_type)
    risposta["Content-Disposition"] = f'attachment; filename="{nome_file}"'
    risposta["Link"] = f'<{URL_LICENZA}>; rel="license"'
    return risposta


@require_GET
def luoghi_csv(request: HttpRequest) -> StreamingHttpResponse:
    colonne = [colonna for colonna, _percorso in CAMPI_LUOGHI] + ["url"]
    return _risposta(_csv(colonne, _righe_luoghi(request)), "text/csv; charset=utf-8", "luoghi.csv")


@require_GET
def luoghi_json(request: HttpRequest) -> StreamingHttpResponse:
    contenuto = _json("Case di Quartiere e luoghi di comunità", "luoghi", _righe_luoghi(request))
    return _risposta(contenuto, "application/json", "luoghi.json")


@require_GET
def servizi_csv(request: HttpRequest) -> StreamingHttpResponse:
    colonne = [colonna for colonna, _percorso in CAMPI_SERVIZI] + ["url_luogo"]
    return _risposta(
        _csv(colonne, _righe_servizi(request)), "text/csv; charset=utf-8", "servizi.csv"
    )


@require_GET
def servizi_json(request: HttpRequest) -> StreamingHttpResponse:
    contenuto = _json("Servizi di prossimità", "servizi", _righe_servizi(request))
    return _risposta(contenuto, "application/json", "servizi.json")
