"""Open data: agreements, projects and the registry of organisations as CSV and JSON, CC BY 4.0.

Public fields only: never the requester's private e-mail, never the name of a
citizen who did not consent to be named (they are counted instead), never who
moved an agreement. Responses are streamed: rows are read in chunks, each
chunk with its own prefetch, so memory does not grow with the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import DecimalField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from accordi.models import Accordo, AggiornamentoProgetto, Firmatario, Progetto, enti_nel_registro
from accordi.models.progetti import ore_dal_registro
from portal.open_data import RIGHE_PER_BLOCCO
from portal.open_data import documento_json as _json
from portal.open_data import righe_csv as _csv
from portal.open_data import risposta_scaricabile as _risposta

ORE = DecimalField(max_digits=12, decimal_places=1)
SEPARATORE = "; "

COLONNE_ACCORDI = [
    "codice",
    "titolo",
    "stato",
    "stato_secondo_le_date",
    "comune",
    "ambito_territoriale",
    "quartieri",
    "temi",
    "data_inizio",
    "data_fine",
    "rinnova",
    "numero_progetti",
    "numero_firmatari",
    "firmatari_nominati",
    "cittadini_non_nominati",
    "ore_collaborazione",
    "abitanti_raggiunti",
    "documento_firmato",
    "url",
]
COLONNE_PROGETTI = [
    "id",
    "titolo",
    "accordo",
    "accordo_titolo",
    "famiglia",
    "tema",
    "stato",
    "luogo",
    "spazio_pubblico",
    "partner",
    "ore_volontariato_previste",
    "budget_comune",
    "ore_collaborazione",
    "abitanti_raggiunti",
    "url",
]
COLONNE_ENTI = [
    "slug",
    "nome",
    "forma_giuridica",
    "codice_fiscale",
    "sezione_runts",
    "numero_runts",
    "comune",
    "quartiere",
    "settori",
    "descrizione",
    "email",
    "telefono",
    "sito",
    "url",
]


def _righe_accordi(request: HttpRequest) -> Iterator[dict[str, Any]]:
    accordi = (
        Accordo.objects.pubblici()
        .con_numeri()
        .select_related("comune", "ambito", "rinnova")
        .con_impatto()
        .prefetch_related(
            "quartieri",
            "temi",
            Prefetch(
                "firmatari",
                queryset=Firmatario.objects.pubblici()
                .select_related("ente", "utente")
                .order_by("data_firma", "pk"),
                to_attr="firmatari_pubblici",
            ),
        )
        .order_by("pk")
    )
    for accordo in accordi.iterator(chunk_size=RIGHE_PER_BLOCCO):
        rinnova = accordo.rinnova
        yield {
            "codice": accordo.codice,
            "titolo": accordo.titolo,
            "stato": accordo.stato,
            # The lifecycle state stays as recorded; this one says whether the term has ended.
            "stato_secondo_le_date": accordo.stato_mostrato,
            "comune": accordo.comune.nome,
            "ambito_territoriale": accordo.ambito.nome if accordo.ambito else None,
            "quartieri": [q.nome for q in accordo.quartieri.all()],
            "temi": [t.nome for t in accordo.temi.all()],
            "data_inizio": accordo.data_inizio,
            "data_fine": accordo.data_fine,
            "rinnova": rinnova.codice if rinnova and rinnova.pubblico else None,
            "numero_progetti": accordo.numero_progetti,
            "numero_firmatari": accordo.numero_firmatari,
            "firmatari_nominati": [f.nome for f in accordo.firmatari_pubblici],
            "cittadini_non_nominati": accordo.cittadini_anonimi,
            "ore_collaborazione": accordo.ore_collaborazione,
            "abitanti_raggiunti": accordo.abitanti_raggiunti,
            "documento_firmato": request.build_absolute_uri(accordo.documento_firmato.url)
            if accordo.documento_firmato
            else None,
            "url": request.build_absolute_uri(
                reverse("accordi:dettaglio", kwargs={"slug": accordo.slug})
            ),
        }


def _righe_progetti(request: HttpRequest) -> Iterator[dict[str, Any]]:
    ore = (
        AggiornamentoProgetto.objects.filter(progetto=OuterRef("pk"))
        .order_by()
        .values("progetto")
        .annotate(totale=Sum("ore_collaborazione"))
        .values("totale")
    )
    progetti = (
        Progetto.objects.pubblici()
        .select_related("accordo", "tema", "luogo")
        .con_abitanti()
        .annotate(
            # Hours stated in updates plus the approved hours of the volunteers' ledger.
            ore_collaborazione=Coalesce(Subquery(ore, output_field=ORE), Value(0), output_field=ORE)
            + Coalesce(ore_dal_registro("pk", pk=OuterRef("pk")), Value(0), output_field=ORE)
        )
        .prefetch_related("partner")
        .order_by("pk")
    )
    for progetto in progetti.iterator(chunk_size=RIGHE_PER_BLOCCO):
        luogo = progetto.luogo
        yield {
            "id": progetto.pk,
            "titolo": progetto.titolo,
            "accordo": progetto.accordo.codice,
            "accordo_titolo": progetto.accordo.titolo,
            "famiglia": progetto.famiglia,
            "tema": progetto.tema.nome if progetto.tema else None,
            "stato": progetto.stato,
            "luogo": luogo.nome if luogo and luogo.pubblicato else None,
            "spazio_pubblico": progetto.spazio_pubblico,
            "partner": [e.nome for e in progetto.partner.all()],
            "ore_volontariato_previste": progetto.ore_volontariato_previste,
            "budget_comune": progetto.budget_comune,
            "ore_collaborazione": progetto.ore_collaborazione,
            "abitanti_raggiunti": progetto.abitanti_raggiunti,
            "url": request.build_absolute_uri(
                reverse(
                    "accordi:progetto",
                    kwargs={"slug": progetto.accordo.slug, "pk": progetto.pk},
                )
            ),
        }


def _righe_enti(request: HttpRequest) -> Iterator[dict[str, Any]]:
    enti = (
        enti_nel_registro()
        .select_related("comune", "quartiere")
        .prefetch_related("settori")
        .order_by("pk")
    )
    for ente in enti.iterator(chunk_size=RIGHE_PER_BLOCCO):
        # Contacts only with the organisation's consent; the request's e-mail never.
        pubblici = ente.contatti_pubblici
        yield {
            "slug": ente.slug,
            "nome": ente.nome,
            "forma_giuridica": ente.forma_giuridica,
            "codice_fiscale": ente.codice_fiscale,
            "sezione_runts": ente.sezione_runts,
            "numero_runts": ente.numero_runts,
            "comune": ente.comune.nome,
            "quartiere": ente.quartiere.nome if ente.quartiere else None,
            "settori": [s.nome for s in ente.settori.all()],
            "descrizione": ente.descrizione,
            "email": ente.email if pubblici else "",
            "telefono": ente.telefono if pubblici else "",
            "sito": ente.sito if pubblici else "",
            "url": request.build_absolute_uri(reverse("accordi:ente", kwargs={"slug": ente.slug})),
        }


def _appiattite(righe: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Lists become one cell, "a; b; c": the JSON keeps them as arrays."""
    for riga in righe:
        yield {
            chiave: SEPARATORE.join(valore) if isinstance(valore, list) else valore
            for chiave, valore in riga.items()
        }


def _scarica_csv(colonne: list[str], righe: Iterable[dict], nome_file: str):
    return _risposta(_csv(colonne, _appiattite(righe)), "text/csv; charset=utf-8", nome_file)


@require_GET
def accordi_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _scarica_csv(COLONNE_ACCORDI, _righe_accordi(request), "accordi.csv")


@require_GET
def accordi_json(request: HttpRequest) -> StreamingHttpResponse:
    contenuto = _json("Accordi di cittadinanza", "accordi", _righe_accordi(request))
    return _risposta(contenuto, "application/json", "accordi.json")


@require_GET
def progetti_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _scarica_csv(COLONNE_PROGETTI, _righe_progetti(request), "progetti.csv")


@require_GET
def progetti_json(request: HttpRequest) -> StreamingHttpResponse:
    contenuto = _json(
        "Progetti degli accordi di cittadinanza", "progetti", _righe_progetti(request)
    )
    return _risposta(contenuto, "application/json", "progetti.json")


@require_GET
def enti_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _scarica_csv(COLONNE_ENTI, _righe_enti(request), "enti.csv")


@require_GET
def enti_json(request: HttpRequest) -> StreamingHttpResponse:
    contenuto = _json("Registro degli enti", "enti", _righe_enti(request))
    return _risposta(contenuto, "application/json", "enti.json")
