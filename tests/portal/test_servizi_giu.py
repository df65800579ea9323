"""The portal when a service it depends on fails, against real processes.

A second portal is served by gunicorn with REDIS_URL pointing at a closed port
(cache, sessions' cache and Celery broker all unreachable); a Celery worker is
killed with SIGKILL in the middle of a report and another takes it over.
Both read the test database, so these tests commit their data (PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from portal.celery import ATTESA_RECUPERO, invia_task
from portal.models import RichiestaReport
from portal.report import services
from tests.conftest import crea_utente
from tests.factories import (
    crea_accordo,
    crea_attivita,
    crea_luogo,
    crea_opportunita,
    crea_polizza,
    crea_volontario,
)

BASE_DIR = Path(__file__).resolve().parents[2]
# Nothing listens on port 1 of loopback: every connection is refused at once.
REDIS_GIU = "redis://127.0.0.1:1/0"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _url_database_di_test() -> str:
    db = settings.DATABASES["default"]
    credenziali = urllib.parse.quote(db["USER"] or "")
    if db["PASSWORD"]:
        credenziali += ":" + urllib.parse.quote(db["PASSWORD"])
    return f"postgres://{credenziali}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _ambiente(redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings_servizio",
        DATABASE_URL=_url_database_di_test(),
        REDIS_URL=redis_url,
        LOG_LEVEL="WARNING",
    )
    return env


def _porta_libera() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ferma(processo: subprocess.Popen) -> None:
    if processo.poll() is None:
        os.killpg(processo.pid, signal.SIGTERM)
        try:
            processo.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(processo.pid, signal.SIGKILL)
            processo.wait()


class Navigatore:
    """A visitor with cookies; every answer is (status, body, seconds it took)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._apri = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        ).open

    def _richiesta(self, percorso: str, dati: dict | None = None) -> tuple[int, str, float]:
        corpo = urllib.parse.urlencode(dati).encode() if dati is not None else None
        # Always http://127.0.0.1:<port>/..., built by this test.
        richiesta = urllib.request.Request(self.base + percorso, data=corpo)  # noqa: S310
        partenza = time.monotonic()
        try:
            with self._apri(richiesta, timeout=30) as risposta:
                stato, testo = risposta.status, risposta.read().decode()
        except urllib.error.HTTPError as errore:
            stato, testo = errore.code, errore.read().decode()
        return stato, testo, time.monotonic() - partenza

    def get(self, percorso: str) -> tuple[int, str, float]:
        return self._richiesta(percorso)

    def invia(self, modulo: str, percorso: str, dati: dict) -> tuple[int, str, float]:
        """Post `dati` to `percorso` as the form on page `modulo` would (its CSRF token)."""
        _stato, pagina, _secondi = self.get(modulo)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina).group(1)
        return self._richiesta(percorso, {**dati, "csrfmiddlewaretoken": token})

    def accedi(self, email: str) -> None:
        stato, pagina, secondi = self.invia(
            "/account/login/", "/account/login/", {"login": email, "password": "password-di-prova"}
        )
        assert stato == 200
        assert email in pagina  # the header of a signed-in page
        assert secondi < 3


@contextmanager
def _gunicorn(redis_url: str):
    porta = _porta_libera()
    log = open(Path(settings.MEDIA_ROOT) / f"gunicorn-{porta}.log", "w+")  # noqa: SIM115
    processo = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--workers=1",
            f"--bind=127.0.0.1:{porta}",
        ],
        cwd=BASE_DIR,
        env=_ambiente(redis_url),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{porta}"
    try:
        scadenza = time.monotonic() + 30
        while True:
            assert processo.poll() is None, log.seek(0) or log.read()
            try:
                Navigatore(base).get("/healthz/")
                break
            except OSError:
                assert time.monotonic() < scadenza, "gunicorn did not answer in 30 s"
                time.sleep(0.3)
        yield base
    finally:
        _ferma(processo)
        log.close()


@pytest.fixture(scope="module")
def portale_senza_redis(django_db_setup):
    """One server for the module, started once the test database exists: it reads what
    each test commits."""
    with _gunicorn(REDIS_GIU) as base:
        yield base


@pytest.fixture
def dati_pubblici(casa):
    crea_attivita(casa, titolo="Laboratorio senza Redis")
    crea_accordo(titolo="Accordo senza Redis", slug="accordo-senza-redis")
    crea_opportunita(casa, titolo="Opportunità senza Redis")
    crea_luogo(nome="Altra casa", slug="altra-casa")
    return casa


def test_healthz_segnala_la_cache_giu_senza_fermare_il_portale(portale_senza_redis):
    stato, testo, secondi = Navigatore(portale_senza_redis).get("/healthz/")
    assert stato == 503
    assert '"database": "ok"' in testo
    assert '"cache": "error: CacheUnavailable"' in testo
    assert '"broker": "error' in testo
    assert secondi < 3


def test_pagine_pubbliche_senza_redis(portale_senza_redis, dati_pubblici):
    visitatore = Navigatore(portale_senza_redis)
    for percorso in (
        "/",
        "/case-di-quartiere/",
        f"/case-di-quartiere/{dati_pubblici.slug}/",
        "/servizi/?lat=44.70&lon=10.63",
        "/attivita/",
        "/accordi/",
        "/accordi/accordo-senza-redis/",
        "/volontariato/",
        "/numeri/",
        "/account/login/",
    ):
        # Twice: the second visit would be the cache hit.
        for _volta in range(2):
            stato, _testo, secondi = visitatore.get(percorso)
            assert (percorso, stato) == (percorso, 200)
            assert secondi < 3, percorso
    assert "Laboratorio senza Redis" in visitatore.get("/attivita/")[1]
    # The agreement's and the place's pages, kept in Redis when it is up
    # (portal/parti_condivise.py), are rendered.
    assert (
        '<h1 class="title-xxxlarge">Accordo senza Redis</h1>'
        in visitatore.get("/accordi/accordo-senza-redis/")[1]
    )
    assert (
        f'<h1 class="title-xxxlarge">{dati_pubblici.nome}</h1>'
        in visitatore.get(f"/case-di-quartiere/{dati_pubblici.slug}/")[1]
    )
    # The filters' lists of places, kept in the cache when it is up, are read from the database.
    assert (
        '<option value="altra-casa" selected>Altra casa</option>'
        in (visitatore.get("/attivita/?luogo=altra-casa")[1])
    )


def test_accesso_e_pagine_personali_senza_redis(portale_senza_redis, tutor, casa):
    """Login works (allauth's rate limit and the session from the database) and the
    session holds across requests."""
    persona = Navigatore(portale_senza_redis)
    persona.accedi(tutor.email)
    for percorso in ("/area-personale/", "/volontariato/tutor/", "/area-personale/"):
        stato, testo, secondi = persona.get(percorso)
        assert (percorso, stato) == (percorso, 200)
        assert tutor.email in testo
        assert secondi < 3


def test_report_richiesto_con_il_broker_giu_resta_in_coda_e_riparte(
    portale_senza_redis, staff, casa
):
    persona = Navigatore(portale_senza_redis)
    persona.accedi(staff.email)
    stato, testo, secondi = persona.invia(
        "/report/",
        "/report/richiedi/",
        {"tipo": "mensile_casa", "formato": "xlsx", "anno": 2025, "mese": 3, "luogo": casa.pk},
    )
    assert stato == 200
    assert secondi < 5
    assert "partirà quando il servizio dei report sarà di nuovo disponibile" in testo
    richiesta = RichiestaReport.objects.get()
    assert richiesta.stato == RichiestaReport.Stato.IN_CODA
    assert richiesta.in_attesa_del_servizio
    # The service is back: the recovery (beat every minute, the workers' watchdog) sends it.
    assert services.recupera_report_abbandonati() == {"riaccodati": 1, "falliti": 0}
    richiesta.refresh_from_db()
    assert richiesta.stato == RichiestaReport.Stato.COMPLETATO


# --- A worker killed in the middle of a report --------------------------------------


def _worker(log: Path) -> subprocess.Popen:
    with log.open("a") as uscita:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=BASE_DIR,
            env=_ambiente(settings.REDIS_URL),
            stdout=uscita,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _attendi(condizione, secondi: float, log: Path) -> None:
    scadenza = time.monotonic() + secondi
    while not condizione():
        assert time.monotonic() < scadenza, log.read_text()[-3000:]
        time.sleep(0.3)


@pytest.mark.celery_worker
def test_un_worker_ucciso_a_meta_report_non_lo_lascia_bloccato(casa, staff):
    from portal.celery import app

    log = Path(settings.MEDIA_ROOT) / "worker.log"
    app.conf.task_always_eager = False
    try:
        richiesta = services.richiedi_report(
            tipo="mensile_casa",
            parametri={"luogo": casa.pk, "anno": 2025, "mese": 3, "formato": "xlsx"},
            utente=staff,
        )
    finally:
        app.conf.task_always_eager = True

    def riga() -> RichiestaReport:
        return RichiestaReport.objects.get(pk=richiesta.pk)

    # The report's generator waits on this lock: the worker is caught mid-report.
    with transaction.atomic():
        with connection.cursor() as cursore:
            cursore.execute("LOCK TABLE quartieri_luogo IN ACCESS EXCLUSIVE MODE")
        primo = _worker(log)
        try:
            # Running, and its heartbeat moves while the generator is stuck.
            _attendi(
                lambda: (
                    (r := riga()).stato == RichiestaReport.Stato.IN_CORSO
                    and r.battito_il > r.iniziato_il
                ),
                40,
                log,
            )
        finally:
            os.killpg(primo.pid, signal.SIGKILL)
            primo.wait()
    ucciso_alle = time.monotonic()
    assert riga().stato == RichiestaReport.Stato.IN_CORSO

    secondo = _worker(log)
    try:
        _attendi(lambda: riga().stato == RichiestaReport.Stato.COMPLETATO, 60, log)
    finally:
        _ferma(secondo)
    bloccato_per = time.monotonic() - ucciso_alle
    assert bloccato_per < 2 * 60
    fatto = riga()
    assert fatto.tentativi == 2
    assert fatto.progresso == 100


def _recupero_dovuto() -> dt.datetime:
    """The recovery's clock once what was just saved is no longer its own send's business."""
    return timezone.now() + ATTESA_RECUPERO + dt.timedelta(seconds=1)


def _attendi_il_worker() -> None:
    """The test worker (one thread, one queue) runs its messages in order: once this
    one is answered, every message sent before it has been run."""
    from quartieri.tasks import invia_conferma_iscrizione

    assert invia_conferma_iscrizione.delay(0).get(timeout=30) is False


@pytest.mark.celery_worker
def test_iscrizione_con_il_broker_giu_e_salvata_e_la_conferma_arriva_dopo(
    portale_senza_redis, cittadino, casa, celery_worker_reale
):
    """Its confirmation e-mail cannot be sent: the registration is saved all the same,
    and the person gets the activity's page, not an error after waiting. With the broker
    back, the recovery sends the e-mail: once, even if its task arrives twice."""
    from quartieri.models import Iscrizione
    from quartieri.services.avvisi_attivita import recupera_avvisi_iscrizioni
    from quartieri.tasks import invia_conferma_iscrizione

    occorrenza = crea_attivita(casa, iscrizione_richiesta=True, capienza=5).occorrenze.get()
    persona = Navigatore(portale_senza_redis)
    persona.accedi(cittadino.email)
    stato, testo, secondi = persona.invia(
        f"/attivita/{occorrenza.pk}/", f"/attivita/date/{occorrenza.pk}/iscriviti/", {}
    )
    assert stato == 200
    assert secondi < 5
    assert occorrenza.attivita.titolo in testo
    assert Iscrizione.objects.get().utente == cittadino
    iscrizione = Iscrizione.objects.get()
    assert iscrizione.conferma_inviata_il is None
    assert mail.outbox == []

    assert recupera_avvisi_iscrizioni(adesso=_recupero_dovuto()) == 1
    # A second delivery of the same e-mail (a beat run before the worker caught up).
    assert invia_task(invia_conferma_iscrizione, iscrizione.pk)
    _attendi_il_worker()
    assert [m.to for m in mail.outbox] == [[cittadino.email]]
    iscrizione.refresh_from_db()
    assert iscrizione.conferma_inviata_il is not None
    assert recupera_avvisi_iscrizioni(adesso=_recupero_dovuto()) == 0


@pytest.mark.celery_worker
def test_candidatura_con_il_broker_giu_e_salvata_e_i_tutor_lo_sanno_dopo(
    portale_senza_redis, casa, tutor, celery_worker_reale
):
    from volontari.models import Candidatura
    from volontari.services import recupera_avvisi_candidature

    opportunita = crea_opportunita(casa, tutor=tutor, titolo="Lettura senza Redis")
    crea_polizza()
    volontario = crea_volontario(crea_utente("volontario.giu@esempio.test"))
    persona = Navigatore(portale_senza_redis)
    persona.accedi(volontario.user.email)
    stato, testo, secondi = persona.invia(
        f"/volontariato/{opportunita.slug}/",
        f"/volontariato/{opportunita.slug}/candidati/",
        {"messaggio": "Il martedì."},
    )
    assert stato == 200
    assert secondi < 5
    assert "Candidatura inviata" in testo
    candidatura = Candidatura.objects.get()
    assert candidatura.avviso_tutor_inviato_il is None
    assert mail.outbox == []

    assert recupera_avvisi_candidature(adesso=_recupero_dovuto()) == 1
    _attendi_il_worker()
    assert [m.to for m in mail.outbox] == [[tutor.email]]
    assert recupera_avvisi_candidature(adesso=_recupero_dovuto()) == 0


@pytest.mark.celery_worker
def test_segnalazione_con_il_broker_giu_e_salvata_e_il_numero_arriva_dopo(
    portale_senza_redis, celery_worker_reale
):
    """The form used to send its task with .delay(): with the broker down it answered
    an error after waiting; now the report is saved and its e-mail sent later."""
    from quartieri.models import Segnalazione
    from quartieri.services.assistenza import recupera_avvisi_segnalazioni

    persona = Navigatore(portale_senza_redis)
    stato, testo, secondi = persona.invia(
        "/segnala-disservizio/",
        "/segnala-disservizio/",
        {
            "categoria": Segnalazione.Categoria.LUOGO,
            "indirizzo": "Sala grande",
            "oggetto": "Ascensore fermo",
            "descrizione": "Fermo da una settimana.",
            "email": "chi.segnala@esempio.test",
            "privacy": "on",
        },
    )
    assert stato == 200
    assert secondi < 5
    segnalazione = Segnalazione.objects.get()
    assert segnalazione.riferimento in testo
    assert segnalazione.conferma_inviata_il is None
    assert mail.outbox == []

    assert recupera_avvisi_segnalazioni(adesso=_recupero_dovuto()) == 1
    _attendi_il_worker()
    assert [m.to for m in mail.outbox] == [["chi.segnala@esempio.test"]]
    assert segnalazione.riferimento in mail.outbox[0].subject
    assert recupera_avvisi_segnalazioni(adesso=_recupero_dovuto()) == 0
