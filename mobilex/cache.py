"""A Redis cache that degrades instead of failing: with Redis away, each call is served by a
local in-memory cache, so that login (allauth's rate limits live in the cache) and pages keep
working. Rate limits then count per web process until Redis returns: weaker, never absent."""

import logging

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

DELEGATED = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "decr",
    "set_many",
    "delete_many",
    "clear",
)


class DegradingRedisCache(BaseCache):
    def __init__(self, server, params):
        super().__init__(params)
        options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5} | params.get("OPTIONS", {})
        self.primary = RedisCache(server, params | {"OPTIONS": options})
        self.fallback = LocMemCache(f"fallback-{server}", params | {"OPTIONS": {}})

    def _call(self, name, *args, **kwargs):
        try:
            return getattr(self.primary, name)(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - redis-py raises several kinds when away
            logger.warning("Cache: Redis unreachable (%s), local cache used", error)
            return getattr(self.fallback, name)(*args, **kwargs)

    def close(self, **kwargs):
        self.primary.close(**kwargs)


def _delegate(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in DELEGATED:
    setattr(DegradingRedisCache, _name, _delegate(_name))
