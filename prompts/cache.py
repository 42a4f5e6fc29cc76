"""Cache-aside storage of prompt representations under `prompt:<id>`, tolerant of a Redis outage."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django_redis.exceptions import ConnectionInterrupted  # type: ignore[import-untyped]
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

# Per process: an outage is logged when it starts and when it ends, not on every request.
_cache_available = True


def prompt_cache_key(prompt_id: uuid.UUID | str) -> str:
    return f"prompt:{prompt_id}"


def _client() -> Any:
    # django-redis's cache wrapper swallows and logs every failure (IGNORE_EXCEPTIONS); its client
    # raises, so an outage is noticed here, logged once, and answered from the database.
    backend = caches["default"]
    return getattr(backend, "client", backend)


def _guarded(call: Callable[[], _T], fallback: _T) -> _T:
    global _cache_available
    try:
        result = call()
    except (ConnectionInterrupted, RedisError, OSError) as exc:
        if _cache_available:
            _cache_available = False
            logger.warning("prompt cache unavailable; bypassing it", extra={"error": repr(exc)})
        return fallback
    if not _cache_available:
        _cache_available = True
        logger.info("prompt cache available again")
    return result


def prompt_cache_get(*, prompt_id: uuid.UUID, owner_id: Any) -> dict[str, Any] | None:
    """The cached representation, only when it belongs to `owner_id`; None on a miss."""
    entry = _guarded(lambda: _client().get(prompt_cache_key(prompt_id)), None)
    if not isinstance(entry, dict) or entry.get("owner_id") != str(owner_id):
        return None
    data = entry.get("data")
    return data if isinstance(data, dict) else None


def prompt_cache_set(*, prompt_id: uuid.UUID, owner_id: Any, data: Mapping[str, Any]) -> None:
    """Store a representation for `settings.PROMPT_CACHE_TTL` seconds."""
    entry = {"owner_id": str(owner_id), "data": dict(data)}
    timeout = settings.PROMPT_CACHE_TTL
    _guarded(lambda: _client().set(prompt_cache_key(prompt_id), entry, timeout), None)


def prompt_cache_delete(*, prompt_id: uuid.UUID) -> None:
    """Forget the cached representation now."""
    _guarded(lambda: _client().delete(prompt_cache_key(prompt_id)), None)


def prompt_cache_delete_on_commit(*, prompt_id: uuid.UUID) -> None:
    """Forget the cached representation once the current transaction commits.

    Deleting earlier would let a concurrent read re-cache the old row before the commit.
    """
    transaction.on_commit(lambda: prompt_cache_delete(prompt_id=prompt_id))
