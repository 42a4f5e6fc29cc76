"""The Redis connection behind the session state of accounts (deny-list, sign-in backoff)."""

from __future__ import annotations

from typing import cast

from django.core.cache import cache
from django_redis import get_redis_connection  # type: ignore[import-untyped]
from redis import Redis


def redis_client() -> Redis:
    """The raw client of the default cache, for atomic counters and explicit error handling.

    The cache API swallows Redis errors (DJANGO_REDIS_IGNORE_EXCEPTIONS), which is right for a
    cache but not for a revocation that must either be recorded or be reported as failed.
    """
    return cast(Redis, get_redis_connection("default"))


def key(name: str) -> str:
    """`name` in the cache's namespace, so a cache clear or a test flush removes it too."""
    return str(cache.make_key(name))
