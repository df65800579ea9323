"""Production settings pass Django's deployment checklist without a warning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROGETTO = Path(__file__).resolve().parents[2]

PRODUZIONE = {
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DEBUG": "false",
    "SECRET_KEY": "una-chiave-di-produzione-lunga-e-casuale-7f3a9c1e5b2d8f4a6c0e9b7d3f1a5c8e",
    "ALLOWED_HOSTS": "quartieri.comune.example.it",
    "CSRF_TRUSTED_ORIGINS": "https://quartieri.comune.example.it",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
    "SITE_URL": "https://quartieri.comune.example.it",
    "ACCESSIBILITY_URL": "https://form.agid.gov.it/view/0f6e4a2c-9d1b-4c3e-8a7f-5b2d1e0c9a84",
}


def _manage(*argomenti: str, **env_extra: str) -> subprocess.CompletedProcess:
    # Set in this process by settings_test and the browser fixture: not for production.
    ignora = {
        "DEBUG",
        "SECRET_KEY",
        "SECURE_SSL_REDIRECT",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    env = {k: v for k, v in os.environ.items() if k not in ignora}
    env.update(PRODUZIONE, **env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *argomenti],
        cwd=PROGETTO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_senza_avvisi():
    esito = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert esito.returncode == 0, esito.stdout + esito.stderr
    assert "System check identified no issues" in esito.stdout


def test_check_deploy_avvisa_se_site_url_non_e_l_indirizzo_pubblico():
    esito = _manage(
        "check", "--deploy", "--fail-level", "WARNING", SITE_URL="http://127.0.0.1:8000"
    )
    assert esito.returncode != 0
    assert "portal.W001" in esito.stdout + esito.stderr


@pytest.mark.parametrize(
    "indirizzo", ["https://form.agid.gov.it/", "", "https://www.comune.example.it/accessibilita"]
)
def test_check_deploy_avvisa_senza_la_dichiarazione_di_accessibilita_del_comune(indirizzo):
    esito = _manage("check", "--deploy", ACCESSIBILITY_URL=indirizzo)
    assert "portal.W002" in esito.stderr + esito.stdout
    assert "form.agid.gov.it" in esito.stderr + esito.stdout


def test_check_senza_deploy_non_avvisa_per_la_dichiarazione():
    """Development and CI run plain `check`: the default address is fine there."""
    esito = _manage("check", ACCESSIBILITY_URL="https://form.agid.gov.it/")
    assert "portal.W002" not in esito.stderr + esito.stdout


def test_senza_secret_key_in_produzione_non_parte():
    esito = _manage("check", SECRET_KEY="")
    assert esito.returncode != 0
    assert "SECRET_KEY is required" in esito.stderr


def test_valore_booleano_malformato_fallisce_subito():
    esito = _manage("check", DEBUG="forse")
    assert esito.returncode != 0
    assert "DEBUG must be true or false" in esito.stderr


def test_load_demo_rifiuta_senza_debug():
    esito = _manage("load_demo")
    assert esito.returncode != 0
    assert "refuses to run with DEBUG off" in esito.stderr


def test_manage_senza_configurazione_e_in_sviluppo():
    """A bare checkout runs management commands; production always sets SECRET_KEY."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    esito = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROGETTO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert esito.returncode == 0, esito.stderr


def test_in_produzione_i_template_sono_compilati_una_volta_sola():
    """Django's cached template loader: each template is parsed once per process, not per
    request (it is the default only while TEMPLATES sets no "loaders")."""
    esito = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.template import engines; "
        "print(type(engines['django'].engine.template_loaders[0]).__module__)",
    )
    assert esito.returncode == 0, esito.stderr
    assert esito.stdout.strip().splitlines()[-1] == "django.template.loaders.cached"


@pytest.mark.parametrize(
    ("voci", "attesa"),
    [(None, "LocMemCache 10000"), ("500", "LocMemCache 500"), ("0", "DummyCache 0")],
)
def test_le_righe_tenute_da_ogni_processo_si_regolano_o_si_spengono(voci, attesa, monkeypatch):
    """CACHE_RIGHE_VOCI caps the rendered rows each process keeps; 0 keeps none."""
    monkeypatch.delenv("CACHE_RIGHE_VOCI", raising=False)
    esito = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.cache import caches; c = caches['righe']; "
        "print(type(c).__name__, getattr(c, '_max_entries', ''))",
        **({"CACHE_RIGHE_VOCI": voci} if voci is not None else {}),
    )
    assert esito.returncode == 0, esito.stderr
    assert esito.stdout.strip().splitlines()[-1].strip() == attesa
