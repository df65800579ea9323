"""The README tells each role where to work and what production needs: keep it true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _sezione(titolo: str) -> str:
    return README.split(f"## {titolo}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize(
    "indirizzo", ["/gestione/", "/volontariato/tutor/", "/report/", "/admin/", "/area-personale/"]
)
def test_il_readme_dice_dove_lavora_ogni_ruolo_e_l_indirizzo_esiste(indirizzo):
    assert f"`{indirizzo}`" in _sezione("Where each role works")
    resolve(indirizzo)


def test_ogni_indirizzo_dei_ruoli_nel_readme_esiste():
    indirizzi = re.findall(r"`(/[a-z/-]*)`", _sezione("Where each role works"))
    assert len(indirizzi) >= 5
    for indirizzo in indirizzi:
        try:
            resolve(indirizzo)
        except Resolver404:
            pytest.fail(f"README names {indirizzo}, which the portal does not serve")


def test_il_readme_nomina_collectstatic_https_e_site_url_per_la_produzione():
    produzione = _sezione("Production checklist")
    for parola in ("collectstatic", "SECURE_SSL_REDIRECT", "SITE_URL", "check --deploy"):
        assert parola in produzione
