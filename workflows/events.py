"""Live progress of runs over Redis pub/sub: the worker publishes, the event stream relays.

Every event of a run gets the next number of the run's sequence, assigned and published in one
Redis script, so numbers reach subscribers in order. The stream sends the number as the SSE `id`,
and a client that reconnects with `Last-Event-ID` is told only what it has not seen.
"""

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
# A sequence outlives any stream of its run (streams end with the run or after an hour or so);
# should it be evicted or expire anyway, a reconnecting client gets a fresh snapshot.
SEQUENCE_TTL_SECONDS = 24 * 60 * 60

# KEYS[1] the sequence, KEYS[2] the channel; ARGV[1] the event JSON, ARGV[2] the sequence TTL.
_PUBLISH_SCRIPT = """
local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', KEYS[2], n .. ' ' .. ARGV[1])
return n
"""


def run_channel(run_id: uuid.UUID | str) -> str:
    """The pub/sub channel of one run."""
    return f"workflows:run:{run_id}:events"


def run_sequence_key(run_id: uuid.UUID | str) -> str:
    """The key of the run's event counter: the number of the last event published."""
    return f"workflows:run:{run_id}:seq"


def run_event_publish(run_id: uuid.UUID | str, event: Mapping[str, Any]) -> None:
    """Number and publish one event; progress is best effort (the database holds the truth)."""
    try:
        client = get_redis_connection("default")
        client.register_script(_PUBLISH_SCRIPT)(
            keys=[run_sequence_key(run_id), run_channel(run_id)],
            args=[json.dumps(event, default=str), SEQUENCE_TTL_SECONDS],
        )
    except RedisError:
        logger.warning("run event not published", extra={"run_id": str(run_id)})


def run_event_message_parse(data: bytes | str) -> tuple[int, dict[str, Any]]:
    """A published message → (its number in the run's sequence, the event)."""
    text = data.decode() if isinstance(data, bytes) else data
    number, _, payload = text.partition(" ")
    return int(number), json.loads(payload)
