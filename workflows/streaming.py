"""A run's live progress as server-sent events, served by the event loop and not a thread.

The stream is an async generator on `redis.asyncio` pub/sub: while it waits it holds a Redis
subscription and a socket, nothing else. Database reads (the snapshot, a periodic status check)
are short calls in the loop's shared executor (`core.dbcalls`).

Each user may hold WORKFLOW_EVENTS_MAX_STREAMS_PER_USER streams at once. A stream holds a lease
in a Redis sorted set of the user (member: the stream, score: when the lease runs out), renewed at
every keep-alive and removed when the stream ends, by its end, an error or the client leaving. The
lease of a stream that never started, or whose process died, runs out by itself: nothing can lock
a user out for longer than one lease.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import time
import uuid
import weakref
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import StreamingHttpResponse
from django_redis import get_redis_connection  # type: ignore[import-untyped]
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from core.dbcalls import db_call
from core.exceptions import RateLimited, ServiceUnavailable
from workflows.events import (
    RUN_FINISHED_EVENTS,
    run_channel,
    run_event_message_parse,
    run_sequence_key,
)
from workflows.models import WorkflowRun
from workflows.selectors import run_data

logger = logging.getLogger(__name__)

# The names of this module's Redis connections in CLIENT LIST: one per open stream (its
# subscription), and a few shared ones for the counter and the leases.
REDIS_SUBSCRIPTION_NAME = "sfl-events:sub"
REDIS_COMMANDS_NAME = "sfl-events:cmd"
# Streams wait on their subscription; the commands are short, so a few connections serve them all.
_COMMAND_CONNECTIONS = 8
_SUBSCRIPTION_CONNECTIONS = 100_000

# KEYS[1] the user's leases; ARGV: now, lease seconds, the cap, this stream's id.
_ACQUIRE_SCRIPT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[1] + ARGV[2], ARGV[4])
redis.call('EXPIRE', KEYS[1], math.ceil(ARGV[2]))
return 1
"""


@dataclass(frozen=True)
class StreamGrant:
    """A stream the caller may open: the run, its owner, and the lease the stream holds."""

    run_id: str
    user_id: str
    lease_id: str


def _leases_key(user_id: str) -> str:
    return f"workflows:streams:{user_id}"


def lease_seconds() -> float:
    """How long a lease lives without renewal: three keep-alives, and never under ten seconds."""
    return max(10.0, 3 * float(settings.WORKFLOW_EVENTS_KEEPALIVE_SECONDS))


def stream_grant(*, run_id: str, user_id: str) -> StreamGrant:
    """Take a stream lease for the user: 429 at the cap, 503 without Redis (synchronous)."""
    cap = int(settings.WORKFLOW_EVENTS_MAX_STREAMS_PER_USER)
    lease_id = uuid.uuid4().hex
    try:
        admitted = get_redis_connection("default").register_script(_ACQUIRE_SCRIPT)(
            keys=[_leases_key(user_id)], args=[time.time(), lease_seconds(), cap, lease_id]
        )
    except RedisError as exc:
        raise ServiceUnavailable(
            "Live progress is unavailable right now; poll GET /api/runs/{id} instead."
        ) from exc
    if not admitted:
        raise RateLimited(
            f"You already have {cap} live event streams open, the most at once; close one, or "
            "poll GET /api/runs/{id}, and try again.",
            retry_after=math.ceil(lease_seconds()),
        )
    return StreamGrant(run_id=run_id, user_id=user_id, lease_id=lease_id)


@dataclass(frozen=True)
class _Clients:
    subscriptions: Redis
    commands: Redis


# Clients per event loop: a redis.asyncio connection belongs to the loop that opened it. The web
# server has one loop per process; tests start one per test.
_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Clients] = (
    weakref.WeakKeyDictionary()
)


def _redis() -> _Clients:
    loop = asyncio.get_running_loop()
    clients = _clients.get(loop)
    if clients is None:
        url = settings.CACHES["default"]["LOCATION"]
        options: dict[str, Any] = {"socket_connect_timeout": 2, "socket_timeout": 5}
        clients = _Clients(
            # One connection per open stream, closed when it ends (PubSub.aclose); the per-user
            # cap bounds them, not the pool (whose default, 100, would cut off the 101st).
            subscriptions=Redis.from_url(
                url,
                client_name=REDIS_SUBSCRIPTION_NAME,
                max_connections=_SUBSCRIPTION_CONNECTIONS,
                **options,
            ),
            commands=Redis(
                connection_pool=BlockingConnectionPool.from_url(
                    url,
                    max_connections=_COMMAND_CONNECTIONS,
                    timeout=5,
                    client_name=REDIS_COMMANDS_NAME,
                    **options,
                )
            ),
        )
        _clients[loop] = clients
    return clients


def _sse(event: str, data: Any, event_id: int) -> bytes:
    return f"id: {event_id}\nevent: {event}\ndata: {json.dumps(data, default=str)}\n\n".encode()


def _run_end(status: str, event_id: int, **extra: Any) -> bytes:
    return _sse(f"run.{status}", {"event": f"run.{status}", **extra}, event_id)


def _run_snapshot(run_id: str) -> dict[str, Any] | None:
    run: WorkflowRun | None = WorkflowRun.objects.filter(pk=run_id).first()
    return run_data(run) if run is not None else None


def _run_status(run_id: str) -> str | None:
    status: str | None = (
        WorkflowRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
    )
    return status


def _is_finished(status: str) -> bool:
    return status not in WorkflowRun.UNFINISHED


async def _lease_renew(redis: Redis, grant: StreamGrant) -> None:
    # ZADD without XX: a lease lost meanwhile (evicted, expired while the loop stalled) comes back.
    key = _leases_key(grant.user_id)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.zadd(key, {grant.lease_id: time.time() + lease_seconds()})
        pipe.expire(key, math.ceil(lease_seconds()))
        await pipe.execute()


async def _lease_release(redis: Redis, grant: StreamGrant) -> None:
    with contextlib.suppress(RedisError):  # if not, the lease runs out by itself
        await redis.zrem(_leases_key(grant.user_id), grant.lease_id)


async def _relay(
    pubsub: PubSub, redis: Redis, grant: StreamGrant, seen: int
) -> AsyncIterator[bytes]:
    """Relay the run's events numbered above `seen` until it ends, with keep-alives between."""
    clock = asyncio.get_running_loop().time
    keepalive = float(settings.WORKFLOW_EVENTS_KEEPALIVE_SECONDS)
    deadline = clock() + float(settings.WORKFLOW_EVENTS_MAX_SECONDS)
    next_beat = clock() + keepalive
    while (now := clock()) < deadline:
        message = await pubsub.get_message(
            ignore_subscribe_messages=True, timeout=max(0.0, min(next_beat, deadline) - now)
        )
        if message is None:
            if clock() < next_beat:
                continue
            next_beat = clock() + keepalive
            await _lease_renew(redis, grant)
            # Between keep-alives, make sure a run that ended unannounced ends the stream.
            status = await db_call(_run_status, grant.run_id)
            if status is None:
                return
            if _is_finished(status):
                yield _run_end(status, seen)
                return
            yield b": keep-alive\n\n"
            continue
        number, event = run_event_message_parse(message["data"])
        if number <= seen:
            continue  # already in the snapshot
        seen = number
        name = str(event.get("event", "message"))
        yield _sse(name, event, number)
        if name in RUN_FINISHED_EVENTS:
            return


async def run_event_stream(
    grant: StreamGrant, *, last_event_id: int | None
) -> AsyncIterator[bytes]:
    """The run's state (unless the client has seen it all), then its events until it ends.

    Every event carries the run's sequence number as its `id`; the snapshot carries the number of
    the last event it includes. A client that reconnects with that number as `Last-Event-ID`
    gets only newer events; with any other number, a fresh snapshot first.
    """
    clients = _redis()
    redis = clients.commands
    pubsub = clients.subscriptions.pubsub(ignore_subscribe_messages=True)
    try:
        # Subscribe before reading the counter and the row: an event published in between is
        # then relayed (numbered above `seen`) or already in the snapshot, never lost.
        await pubsub.subscribe(run_channel(grant.run_id))
        seen = int(await redis.get(run_sequence_key(grant.run_id)) or 0)
        snapshot = await db_call(_run_snapshot, grant.run_id)
        if snapshot is None:
            return
        if last_event_id != seen:
            yield _sse("snapshot", snapshot, seen)
        if _is_finished(snapshot["status"]):
            yield _run_end(snapshot["status"], seen, runId=grant.run_id)
            return
        async for chunk in _relay(pubsub, redis, grant, seen):
            yield chunk
    except RedisError:
        # The client reconnects (or polls) and gets a fresh snapshot; nothing here to recover.
        logger.warning("run event stream cut off by Redis", extra={"run_id": grant.run_id})
    finally:
        # Also on a client that went away: Django cancels the stream, and this still runs.
        await pubsub.aclose()  # type: ignore[no-untyped-call]
        await _lease_release(redis, grant)


def last_event_id_parse(value: str | None) -> int | None:
    """The `Last-Event-ID` header as a sequence number; None when absent or not one of ours."""
    if value is None or not value.strip().isdigit():
        return None
    return int(value)


def run_events_response(grant: StreamGrant, *, last_event_id: int | None) -> StreamingHttpResponse:
    """The streaming response of `GET /api/runs/{id}/events`."""
    response = StreamingHttpResponse(
        run_event_stream(grant, last_event_id=last_event_id), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache"
    # Tell nginx-style proxies not to buffer the stream.
    response["X-Accel-Buffering"] = "no"
    return response
