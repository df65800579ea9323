"""The static files the pages need are the ones shipped."""

from __future__ import annotations

import re
from pathlib import Path

PROGETTO = Path(__file__).resolve().parents[2]
CLASSI_ESCLUSE = PROGETTO / "tests/vendor/bootstrap-italia/classi-escluse.txt"


def _classi_usate() -> dict[str, set[str]]:
    """Each class named in a template's class attribute or a script's classList, by file."""
    usate: dict[str, set[str]] = {}
    file = [*PROGETTO.glob("templates/**/*.html"), *PROGETTO.glob("static/js/*.js")]
    for percorso in file:
        testo = percorso.read_text()
        valori = re.findall(r'\bclass="([^"]*)"', testo)
        valori += re.findall(r"classList\.(?:add|remove|toggle)\(([^)]*)\)", testo)
        for valore in valori:
            # Template tags may build part of the value: only literal words count.
            valore = re.sub(r"{%.*?%}|{{.*?}}", " ", valore)
            for classe in re.split(r"[\s,'\"]+", valore):
                if classe:
                    usate.setdefault(classe, set()).add(str(percorso.relative_to(PROGETTO)))
    return usate


def test_nessuna_pagina_usa_un_componente_bootstrap_italia_escluso_dal_css():
    escluse = {
        riga.strip()
        for riga in CLASSI_ESCLUSE.read_text().splitlines()
        if riga.strip() and not riga.startswith("#")
    }
    usate = _classi_usate()
    assert "card" in usate  # the scan finds the classes the pages use
    trovate = {classe: sorted(usate[classe]) for classe in escluse & usate.keys()}
    assert trovate == {}, (
        "These Bootstrap Italia classes are not in the portal's CSS build: add their "
        "component to static/vendor/bootstrap-italia/scss/portal.scss and rebuild "
        "(static/vendor/README.md)"
    )
