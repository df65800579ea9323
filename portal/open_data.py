"""The open-data catalogue: each app registers its datasets in AppConfig.ready().

A download whose URL does not exist (an app's URLs not loaded) is left out,
as portal.navigation does with menu entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


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
