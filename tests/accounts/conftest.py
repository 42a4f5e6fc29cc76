"""Fixtures of the accounts tests."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django_redis import get_redis_connection  # type: ignore[import-untyped]
from redis.exceptions import ConnectionError as RedisConnectionError


@pytest.fixture
def redis_down(settings: Any) -> Iterator[None]:
    """Point the cache (and so the deny-list and the sign-in backoff) at a dead port."""
    caches_setting = copy.deepcopy(settings.CACHES)
    caches_setting["default"]["LOCATION"] = "redis://127.0.0.1:1/0"
    caches_setting["default"]["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] = 0.2
    settings.CACHES = caches_setting  # Django's setting_changed handler drops the old clients
    with pytest.raises(RedisConnectionError):
        get_redis_connection("default").ping()  # really talking to the dead port
    yield
    caches.close_all()
