"""Open data: published places and services as CSV and JSON, CC BY 4.0.

Only public fields: never community managers or anything about people.
Responses are streamed from an iterator, so the export's memory does not
grow with the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from portal.open_data import RIGHE_PER_BLOCCO
from portal.open_data import documento_json as _json
from portal.open_data import righe_csv as _csv
from portal.open_data import risposta_scaricabile as _risposta
from quartieri.models import Luogo, Servizio

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
