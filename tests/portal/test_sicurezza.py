"""Content-Security-Policy and Permissions-Policy on every page; templates keep to them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Rendered to PDF by WeasyPrint, never served to a browser: their <style> is fine.
SOLO_PDF = {"volontari/certificato.html", "portal/report/pdf"}
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>"), "<script>"),
    (re.compile(r"<style\b"), "<style>"),
    (re.compile(r"\sstyle=\""), 'style=""'),
    (re.compile(r"\son[a-z]+=[\"']"), "on...="),
    (re.compile(r"javascript:"), "javascript:"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/case-di-quartiere/", "/account/login/"])
def test_pagine_con_content_security_policy_e_permissions_policy(client, url):
    risposta = client.get(url)
    politica = dict(
        direttiva.strip().split(" ", 1)
        for direttiva in risposta["Content-Security-Policy"].split(";")
    )
    assert politica["script-src"] == "'self'"
    assert politica["style-src"] == "'self'"
    assert politica["object-src"] == "'none'"
    assert politica["frame-ancestors"] == "'none'"
    assert "unsafe" not in risposta["Content-Security-Policy"]
    permessi = risposta["Permissions-Policy"]
    assert "geolocation=(self)" in permessi
    for funzione in ("camera", "microphone", "payment", "usb"):
        assert f"{funzione}=()" in permessi


def test_nessuno_script_o_stile_inline_nei_template():
    trovati = []
    for percorso in sorted(TEMPLATES.rglob("*.html")):
        relativo = percorso.relative_to(TEMPLATES).as_posix()
        if any(relativo == p or relativo.startswith(p + "/") for p in SOLO_PDF):
            continue
        for numero, riga in enumerate(percorso.read_text().splitlines(), start=1):
            trovati += [
                f"{relativo}:{numero} {nome}" for regola, nome in INLINE if regola.search(riga)
            ]
    assert trovati == []
