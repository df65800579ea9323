"""The Redis cache answers as an empty cache when Redis does not (portal/cache_redis.py)."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time

import pytest

from portal.cache_redis import PAUSA_SECONDI, FailSoftRedisCache


@pytest.fixture
def redis_muto():
    """A real socket that accepts connections and never answers, as a hung Redis does."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


def _cache(indirizzo: str) -> FailSoftRedisCache:
    return FailSoftRedisCache(
        indirizzo, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    )


def test_redis_rifiutato_si_comporta_come_una_cache_vuota():
    cache = _cache("redis://127.0.0.1:1/0")
    cache.set("chiave", "valore")
    assert cache.get("chiave", "assente") == "assente"
    assert cache.get_many(["chiave"]) == {}
    # allauth's rate-limit lock: refused would mean every login is refused.
    assert cache.add("blocco", True) is True
    assert cache.get_or_set("cifra", lambda: 42) == 42
    assert "chiave" not in cache
    assert cache.delete("chiave") is False


def test_redis_che_non_risponde_costa_un_timeout_breve_poi_niente(redis_muto, caplog):
    cache = _cache(redis_muto)
    partenza = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="portal.cache_redis"):
        assert cache.get("chiave") is None
    assert time.monotonic() - partenza < 2
    assert "Cache unreachable" in caplog.text
    # Within the pause Redis is not asked: a request's many cache calls cost nothing.
    partenza = time.monotonic()
    for _ in range(20):
        cache.set("chiave", "valore")
        assert cache.get("chiave") is None
    assert time.monotonic() - partenza < 0.5
    assert PAUSA_SECONDI <= 10


@pytest.fixture
def redis_proprio(tmp_path):
    """A redis-server of the test's own, on a free port: it can be killed and started again."""
    with socket.socket() as libero:
        libero.bind(("127.0.0.1", 0))
        porta = libero.getsockname()[1]

    def avvia() -> subprocess.Popen:
        processo = subprocess.Popen(
            ["redis-server", "--port", str(porta), "--bind", "127.0.0.1", "--save", ""],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
        )
        scadenza = time.monotonic() + 10
        while time.monotonic() < scadenza:
            with socket.socket() as prova:
                if prova.connect_ex(("127.0.0.1", porta)) == 0:
                    return processo
            time.sleep(0.02)
        processo.kill()
        pytest.fail("redis-server did not start")

    server = {"processo": avvia()}

    def riavvia() -> None:
        server["processo"].kill()
        server["processo"].wait()
        server["processo"] = avvia()

    yield f"redis://127.0.0.1:{porta}/0", riavvia
    server["processo"].kill()
    server["processo"].wait()


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")
def test_il_client_tenuto_per_la_cache_regge_un_riavvio_di_redis(redis_proprio, caplog):
    """The cache keeps one redis.Redis per pool (ClientRiusato): it must not keep a dead
    connection either. A Redis killed and started again (empty) is used again at once."""
    indirizzo, riavvia = redis_proprio
    cache = _cache(indirizzo)
    cache.set("chiave", "prima")
    assert cache.get("chiave") == "prima"
    riavvia()
    with caplog.at_level(logging.WARNING, logger="portal.cache_redis"):
        assert cache.get("chiave") is None
        cache.set("chiave", "dopo")
        assert cache.get("chiave") == "dopo"
    # The dead connection was replaced, not reported as an outage.
    assert "Cache unreachable" not in caplog.text


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")
def test_le_parti_delle_pagine_stanno_compresse_in_redis(redis_proprio):
    """CACHES["schede"] (SerializzatoreCompresso): what is read back is what was stored, in
    a fifth of the room; integers stay plain for incr."""
    import redis

    indirizzo, _riavvia = redis_proprio
    cache = FailSoftRedisCache(
        indirizzo, {"OPTIONS": {"serializer": "portal.cache_redis.SerializzatoreCompresso"}}
    )
    parti = {"impronta": "v1", "parti": {"testata": "<p>Casa di Quartiere</p>\n" * 500}}
    cache.set("pagina", parti)
    assert cache.get("pagina") == parti
    grezzo = redis.Redis.from_url(indirizzo).get(cache.make_and_validate_key("pagina"))
    assert len(grezzo) * 5 < len(parti["parti"]["testata"])
    cache.set("contatore", 1)
    assert cache.incr("contatore") == 2
    assert cache.get_many(["pagina", "contatore"]) == {"pagina": parti, "contatore": 2}
    # What a release without compression left in Redis is still read, not an error.
    FailSoftRedisCache(indirizzo, {}).set("pagina", parti)
    assert cache.get("pagina") == parti
