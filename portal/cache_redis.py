"""Django's Redis cache, for which an unreachable Redis is a cache that stores nothing.

The cache is an optimisation: pages, sessions (`cached_db`, whose durable copy
is the database), allauth's rate limits and the cached figures must keep working
from the database when Redis is down. Every call that meets a Redis error is
answered as Django's DummyCache would (a miss, a write that stores nothing, an
`add` that succeeds) and logs a warning. After an error Redis is left alone for
`PAUSA_SECONDI`, so a dead server costs each process one short timeout in that
time, not one per call. /healthz/ still reports the cache as down (portal/health.py).

Django's client builds a new `redis.Redis` for every call, and each one copies
redis-py's table of ~250 reply parsers: 0.1 to 0.2 ms of CPU, on every
page served from the cache and on every session read. `ClientRiusato` builds it
once per connection pool. The object holds no connection of its own (each command
takes one from the pool, which replaces a dead one), and Django keeps one cache
object, so one client, per thread.
"""

from __future__ import annotations

import logging
import time
import zlib
from typing import Any

from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient, RedisSerializer
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PAUSA_SECONDI = 5.0

# When each Redis server may be tried again, per process: Django makes one cache object
# per thread, and the pause must hold for every thread of the process.
_riprova_dopo: dict[str, float] = {}


class ClientRiusato(RedisCacheClient):
    """Django's Redis client with one `redis.Redis` per connection pool, see the module
    docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._client_per_pool: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        indice = self._get_connection_pool_index(write)
        client = self._client_per_pool.get(indice)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._client_per_pool[indice] = client
        return client


class SerializzatoreCompresso(RedisSerializer):
    """Django's Redis serializer, with the pickles compressed: for the parts of pages
    (CACHES["schede"]), HTML and rows that shrink five times (a place's 30 KB to 6 KB)
    and are decompressed in a few hundredths of a millisecond. Integers stay plain,
    as Django's `incr` needs them."""

    def dumps(self, obj: Any) -> Any:
        valore = super().dumps(obj)
        return valore if type(obj) is int else zlib.compress(valore, 1)

    def loads(self, data: Any) -> Any:
        try:
            return int(data)
        except ValueError:
            pass
        try:
            return super().loads(zlib.decompress(data))
        except zlib.error:
            # Stored uncompressed, before this serializer was set: still readable.
            return super().loads(data)


class FailSoftRedisCache(RedisCache):
    """RedisCache whose Redis errors are answered as by DummyCache, see the module docstring."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ClientRiusato
        self._vuota = DummyCache("", params)
        self._server = str(server)

    def _chiama(self, nome: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < _riprova_dopo.get(self._server, 0.0):
            return getattr(self._vuota, nome)(*args, **kwargs)
        try:
            return getattr(super(), nome)(*args, **kwargs)
        except RedisError as errore:
            _riprova_dopo[self._server] = time.monotonic() + PAUSA_SECONDI
            logger.warning(
                "Cache unreachable (%s: %s): served without it for %.0f s",
                type(errore).__name__,
                errore,
                PAUSA_SECONDI,
            )
            return getattr(self._vuota, nome)(*args, **kwargs)

    # Every public method of RedisCache; get_or_set, decr and the async methods call these.
    def add(self, *args: Any, **kwargs: Any) -> Any:
        return self._chiama("add", *args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._chiama("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return self._chiama("set", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        return self._chiama("touch", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return self._chiama("delete", *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._chiama("get_many", *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> Any:
        return self._chiama("has_key", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> Any:
        return self._chiama("incr", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._chiama("set_many", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._chiama("delete_many", *args, **kwargs)

    def clear(self, *args: Any, **kwargs: Any) -> Any:
        return self._chiama("clear", *args, **kwargs)
