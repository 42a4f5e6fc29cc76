"""The run event stream on the real server (`manage.py serve`'s web command).

It holds no web thread, so many open streams leave every other route answering; it is capped per
user; and a client that goes away leaves no subscription or Redis connection behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import httpx2
import pytest
from django_redis import get_redis_connection  # type: ignore[import-untyped]
from rest_framework_simplejwt.tokens import RefreshToken

from tests.workflows.factories import WorkflowFactory
from tests.workflows.sse import Event, events_read
from workflows.events import run_channel
from workflows.runs import workflow_run_start
from workflows.streaming import REDIS_SUBSCRIPTION_NAME

T = TypeVar("T")

pytestmark = pytest.mark.django_db(transaction=True)

# Patient enough for a loaded 2-core machine; an answer that never comes fails either way.
TIMEOUT = httpx2.Timeout(15.0)


def _token(user: Any) -> str:
    return str(RefreshToken.for_user(user).access_token)


def _pending_run(user: Any) -> str:
    """A run that stays pending: no worker takes it in these tests."""
    workflow = WorkflowFactory(owner=user)
    return str(workflow_run_start(workflow=workflow, user_input={"text": "x"}, enqueue=False).pk)


class Streams:
    """Event streams held open on one client until the block ends."""

    def __init__(self, client: httpx2.AsyncClient, stack: contextlib.AsyncExitStack) -> None:
        self.client = client
        self.stack = stack
        # Held so that no iterator is collected (which would close its stream) before the end.
        self.iterators: list[AsyncIterator[bytes]] = []

    async def open(
        self, run_id: str, token: str, headers: dict[str, str] | None = None
    ) -> tuple[httpx2.Response, AsyncIterator[bytes]]:
        response = await self.stack.enter_async_context(
            self.client.stream(
                "GET",
                f"/api/runs/{run_id}/events",
                headers={"Authorization": f"Bearer {token}", **(headers or {})},
            )
        )
        chunks = response.aiter_raw()
        self.iterators.append(chunks)
        return response, chunks

    async def first_event(self, run_id: str, token: str) -> Event | None:
        """The stream's first event, or None when the server did not send one in time."""
        try:
            response, chunks = await self.open(run_id, token)
            events = await events_read(chunks, 1)
        except httpx2.TimeoutException:
            return None
        return events[0] if response.status_code == 200 and events else None


@contextlib.asynccontextmanager
async def _streams(base_url: str) -> AsyncIterator[Streams]:
    limits = httpx2.Limits(max_connections=200, max_keepalive_connections=0)
    async with (
        httpx2.AsyncClient(base_url=base_url, timeout=TIMEOUT, limits=limits) as client,
        contextlib.AsyncExitStack() as stack,
    ):
        yield Streams(client, stack)


async def _status_of(base_url: str, path: str, token: str | None = None) -> int | None:
    """The status of a plain request on a connection of its own; None when it got no answer."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx2.AsyncClient(base_url=base_url, timeout=TIMEOUT) as client:
        try:
            return (await client.get(path, headers=headers)).status_code
        except httpx2.TimeoutException:
            return None


def test_more_open_streams_than_the_old_server_had_threads_leave_the_api_answering(
    live_server_url, make_user
):
    # The gthread server had 2 workers x 8 threads, each stream holding one: 21 streams (7 users
    # at their cap of 3) left no thread for anything else.
    users = [make_user() for _ in range(7)]
    streams = [(_pending_run(user), _token(user)) for user in users for _ in range(3)]

    async def scenario() -> tuple[list[Event | None], int | None, int | None]:
        async with _streams(live_server_url) as open_streams:
            firsts = await asyncio.gather(
                *(open_streams.first_event(run_id, token) for run_id, token in streams)
            )
            health = await _status_of(live_server_url, "/api/health")
            prompts = await _status_of(live_server_url, "/api/prompts", streams[0][1])
            return list(firsts), health, prompts

    firsts, health, prompts = asyncio.run(scenario())

    assert [event.name if event else None for event in firsts] == ["snapshot"] * len(streams)
    assert health in {200, 503}  # it answered (503: no worker heartbeat in this test)
    assert prompts == 200


def _eventually(read: Callable[[], T], expected: T, attempts: int = 150) -> T:
    """`read()` once it equals `expected`, or its last value (the server cleans up as it goes)."""
    value = read()
    for _ in range(attempts):
        if value == expected:
            break
        time.sleep(0.1)
        value = read()
    return value


def _stream_connections() -> tuple[int, int]:
    """The server's subscription connections of streams: (all of them, those subscribed)."""
    clients = [
        c
        for c in get_redis_connection("default").client_list()
        if c.get("name") == REDIS_SUBSCRIPTION_NAME
    ]
    return len(clients), sum(1 for c in clients if int(c.get("sub", 0)) > 0)


def _subscribers(run_ids: list[str]) -> int:
    counts = get_redis_connection("default").pubsub_numsub(*(run_channel(r) for r in run_ids))
    return sum(int(count) for _, count in counts)


def test_clients_that_leave_leave_no_subscription_connection_or_lease_behind(
    live_server_url, make_user
):
    users = [make_user() for _ in range(2)]
    streams = [(_pending_run(user), _token(user)) for user in users for _ in range(3)]
    run_ids = [run_id for run_id, _ in streams]
    before = _eventually(_stream_connections, (0, 0))

    async def scenario() -> tuple[tuple[int, int], int]:
        async with _streams(live_server_url) as open_streams:
            firsts = await asyncio.gather(*(open_streams.first_event(*s) for s in streams))
            assert all(firsts)
            return _stream_connections(), _subscribers(run_ids)

    (during, subscribed_during), subscribers_during = asyncio.run(scenario())

    assert before == (0, 0)
    assert (during, subscribed_during, subscribers_during) == (6, 6, 6)
    assert _eventually(_stream_connections, (0, 0)) == (0, 0)
    assert _eventually(lambda: _subscribers(run_ids), 0) == 0
    leases = get_redis_connection("default")
    assert [leases.zcard(f"workflows:streams:{user.pk}") for user in users] == [0, 0]


def test_over_the_cap_a_client_is_told_to_retry_and_gets_in_once_a_stream_is_closed(
    live_server_url, make_user, settings
):
    settings.WORKFLOW_MAX_ACTIVE_RUNS_PER_USER = 4  # four runs to watch, one stream each
    user = make_user()
    token = _token(user)
    run_ids = [_pending_run(user) for _ in range(4)]

    async def scenario() -> tuple[list[str], httpx2.Response, int]:
        async with _streams(live_server_url) as open_streams:
            held = [await open_streams.open(run_id, token) for run_id in run_ids[:3]]
            firsts = [(await events_read(chunks, 1))[0].name for _, chunks in held]
            async with httpx2.AsyncClient(base_url=live_server_url, timeout=TIMEOUT) as client:
                refused = await client.get(
                    f"/api/runs/{run_ids[3]}/events", headers={"Authorization": f"Bearer {token}"}
                )
            await held[0][0].aclose()
            for _ in range(150):
                response, _ = await open_streams.open(run_ids[3], token)
                if response.status_code == 200:
                    break
                await response.aclose()
                await asyncio.sleep(0.1)
            return firsts, refused, response.status_code

    firsts, refused, admitted = asyncio.run(scenario())

    assert firsts == ["snapshot"] * 3
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) >= 1
    assert admitted == 200
