"""The open-data catalogue and the helpers every dataset's download uses.

Each app registers its datasets in AppConfig.ready(). A download whose URL
does not exist (an app's URLs not loaded) is left out, as portal.navigation
does with menu entries. Downloads are streamed from an iterator, so their
memory does not grow with the number of rows; all carry the CC BY 4.0 licence.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

LICENZA = "CC BY 4.0"
URL_LICENZA = "https://creativecommons.org/licenses/by/4.0/"
RIGHE_PER_BLOCCO = 500


@dataclass(frozen=True)
class Dataset:
    titolo: str
    descrizione: str
    download: tuple[tuple[str, str], ...]  # (format, URL name)


_REGISTRO: list[Dataset] = []


def registra_dataset(*, titolo: str, descrizione: str, download: list[tuple[str, str]]) -> None:
    """Add a dataset to /open-data/; registering the same title twice keeps one."""
    dataset = Dataset(titolo, descrizione, tuple(download))
    if dataset not in _REGISTRO:
        _REGISTRO.append(dataset)


def dataset_pubblicati() -> list[dict]:
    """The registered datasets with their download URLs resolved."""
    risultato = []
    for dataset in _REGISTRO:
        download = []
        for formato, url_name in dataset.download:
            try:
                download.append((formato, reverse(url_name)))
            except NoReverseMatch:
                continue
        if download:
            risultato.append(
                {"titolo": dataset.titolo, "descrizione": dataset.descrizione, "download": download}
            )
    return risultato


class _Eco:
    """A file-like object whose write() returns the line, for csv.writer in a generator."""

    def write(self, valore: str) -> str:
        return valore


def _cella(valore) -> object:
    # Booleans as in the JSON; None (unknown) as an empty cell.
    if isinstance(valore, bool):
        return "true" if valore else "false"
    return "" if valore is None else valore


def righe_csv(colonne: list[str], righe: Iterable[dict]) -> Iterator[str]:
    """CSV lines, header first, one per row dict."""
    scrittore = csv.writer(_Eco())
    yield scrittore.writerow(colonne)
    for riga in righe:
        yield scrittore.writerow([_cella(riga[colonna]) for colonna in colonne])


def documento_json(titolo: str, chiave: str, righe: Iterable[dict]) -> Iterator[str]:
    """A JSON document in pieces: the dataset's metadata, then the rows under `chiave`."""
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


def risposta_scaricabile(
    contenuto: Iterator[str], content_type: str, nome_file: str
) -> StreamingHttpResponse:
    """A streamed download with its file name and the licence in a Link header."""
    risposta = StreamingHttpResponse(contenuto, content_type=content_type)
    risposta["Content-Disposition"] = f'attachment; filename="{nome_file}"'
    risposta["Link"] = f'<{URL_LICENZA}>; rel="license"'
    return risposta
