"""Live progress of runs over Redis pub/sub: the worker publishes, the SSE view relays."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from typing import Any

from django_redis import get_redis_connection  # type: ignore[import-untyped]
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RUN_FINISHED_EVENTS = frozenset({"run.completed", "run.failed", "run.cancelled"})


def run_channel(run_id: uuid.UUID | str) -> str:
    """The pub/sub channel of one run."""
    return f"workflows:run:{run_id}:events"


def run_event_publish(run_id: uuid.UUID | str, event: Mapping[str, Any]) -> None:
    """Publish one event; progress is best effort (the database holds the truth)."""
    try:
        get_redis_connection("default").publish(run_channel(run_id), json.dumps(event, default=str))
    except RedisError:
        logger.warning("run event not published", extra={"run_id": str(run_id)})


def run_events_subscribe(run_id: uuid.UUID | str) -> Any:
    """A pub/sub subscription to the run's channel (the caller closes it)."""
    pubsub = get_redis_connection("default").pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(run_channel(run_id))
    return pubsub
