"""Shared fixtures: personas, the real Celery worker, the headless browser.

Tests that need PostgreSQL, a Celery worker through Redis or Chromium carry a
marker. Where the service is missing they are skipped and the run ends by
naming the skipped groups; with CI=true a missing service is an error.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group

from portal.ruoli import (
    GRUPPO_COMMUNITY_MANAGER,
    GRUPPO_STAFF,
    GRUPPO_TUTOR,
    ripristina_ruoli,
)

CHROMIUM = "/usr/bin/chromium"
AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _redis_risponde() -> bool:
    if not settings.REDIS_URL:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def _playwright_importabile() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _servizi() -> dict[str, str | None]:
    """For each marker: None when its service is there, else why it is not."""
    motivi: dict[str, str | None] = {}
    motivi["postgres"] = (
        None
        if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        else "DATABASE_URL does not point at PostgreSQL"
    )
    motivi["celery_worker"] = (
        None if _redis_risponde() else "REDIS_URL is unset or Redis does not answer"
    )
    if not (shutil.which("chromium") or Path(CHROMIUM).exists()):
        motivi["browser"] = f"{CHROMIUM} not found (apt-get install chromium)"
    elif not _playwright_importabile():
        motivi["browser"] = "the playwright package is not installed"
    else:
        motivi["browser"] = None
    return motivi


_saltati: dict[str, tuple[str, int]] = {}


def pytest_collection_modifyitems(config, items):
    motivi = _servizi()
    mancanti = {m: r for m, r in motivi.items() if r}
    for item in items:
        for marker, motivo in mancanti.items():
            if marker in item.keywords:
                if IN_CI:
                    raise pytest.UsageError(f"CI=true but {marker} tests cannot run: {motivo}")
                item.add_marker(pytest.mark.skip(reason=f"{marker}: {motivo}"))
                _, numero = _saltati.get(marker, (motivo, 0))
                _saltati[marker] = (motivo, numero + 1)


def pytest_terminal_summary(terminalreporter):
    if not _saltati:
        return
    terminalreporter.section("skipped groups")
    for marker, (motivo, numero) in sorted(_saltati.items()):
        terminalreporter.write_line(f"{marker}: {numero} tests skipped because {motivo}")


@pytest.fixture(autouse=True)
def _ruoli_presenti(request):
    """Transactional tests flush the tables that data migrations filled: refill the roles
    (and, after the test, let the flush empty the hours ledger)."""
    marker = request.node.get_closest_marker("django_db")
    transazionale = marker and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if transazionale or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        ripristina_ruoli()
        yield
        _svuota_registro_su_sqlite()
    else:
        yield


def _svuota_registro_su_sqlite() -> None:
    """The flush after a transactional test empties SQLite tables with DELETE (PostgreSQL
    with TRUNCATE), which the ledger's trigger refuses for approved hours: they go first."""
    from django.db import connection

    from volontari.management.scala import ore_approvate_cancellabili
    from volontari.models import OreVolontariato

    if connection.vendor == "sqlite":
        with ore_approvate_cancellabili():
            # Corrections first: they PROTECT the entries they correct.
            OreVolontariato.objects.filter(corregge__isnull=False).delete()
            OreVolontariato.objects.all().delete()


@pytest.fixture(autouse=True)
def _cache_pulita():
    """allauth's rate limits live in the cache, the agreements' pages in the shared one
    (in memory without Redis): each test starts from zero."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["schede"].clear()


@pytest.fixture(autouse=True)
def _lingua_predefinita():
    """A request in English leaves English active in the thread (LocaleMiddleware does not
    restore it): each test after it starts in the default language again."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- Personas -------------------------------------------------------------


def crea_utente(email: str, *, gruppo: str | None = None, **campi):
    from portal.models import User

    user = User.objects.create_user(email=email, password="password-di-prova", **campi)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if gruppo:
        user.groups.add(Group.objects.get(name=gruppo))
    return user


@pytest.fixture
def staff(db):
    return crea_utente(
        "staff@comune.test",
        gruppo=GRUPPO_STAFF,
        is_staff=True,
        first_name="Anna",
        last_name="Staff",
    )


@pytest.fixture
def community_manager(db):
    return crea_utente(
        "manager@casa.test", gruppo=GRUPPO_COMMUNITY_MANAGER, first_name="Marco", last_name="Casa"
    )


@pytest.fixture
def altro_community_manager(db):
    return crea_utente(
        "altro.manager@casa.test", gruppo=GRUPPO_COMMUNITY_MANAGER, first_name="Altro"
    )


@pytest.fixture
def tutor(db):
    return crea_utente("tutor@comune.test", gruppo=GRUPPO_TUTOR, first_name="Tina")


@pytest.fixture
def cittadino(db):
    return crea_utente("cittadino@esempio.test", first_name="Carla", last_name="Cittadina")


@pytest.fixture
def anonimo(client):
    return client


# --- Real Celery worker ----------------------------------------------------


@pytest.fixture
def celery_worker_reale(transactional_db):
    """A real worker thread consuming from Redis; tasks are not run inline meanwhile."""
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.task_always_eager = True


# --- Headless browser ----------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # refuses to run "in async context" unless told this is deliberate.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def pagina(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="it-IT")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def pagina_telefono(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="it-IT", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    yield page
    context.close()


def violazioni_axe(page, contesto: str | dict | None = None) -> list[dict]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page (or on the part `contesto` names,
    a selector or axe's {"include": [...]}); return the violations found."""
    # Evaluated through the DevTools protocol, not added as an inline <script> (which
    # add_script_tag does): the pages' Content-Security-Policy refuses inline scripts,
    # and the tests keep it on so that a page breaking it is seen.
    page.evaluate(AXE_JS.read_text())
    risultato = page.evaluate(
        """async (contesto) => await axe.run(contesto ?? document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })""",
        contesto,
    )
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in risultato["violations"]
    ]


def accedi_nel_browser(page, live_server, user) -> None:
    """Sign `user` in for the browser page by handing it a session cookie."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


# --- Places managed by the community-manager personas ----------------------


@pytest.fixture
def casa(community_manager):
    """The Casa di Quartiere that `community_manager` manages."""
    from tests.factories import crea_luogo, crea_orario_settimanale

    luogo = crea_luogo(nome="Casa Mirandola", manager=community_manager)
    crea_orario_settimanale(luogo)
    return luogo


@pytest.fixture
def altra_casa(altro_community_manager):
    """A Casa managed by `altro_community_manager`: `community_manager` must see nothing of it."""
    from tests.factories import crea_luogo

    return crea_luogo(nome="Casa Tricolore", manager=altro_community_manager)
