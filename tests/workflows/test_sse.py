"""The SSE stream of a run: order, ids and Last-Event-ID, the per-user cap, the JWT rules.

In process, through Django's async test client (the view is async); `test_streams_server.py`
has the same stream on the real server. The stream reads the database from its own threads, so
every test here commits its rows (`transaction=True`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from django.test import AsyncClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.services import user_sessions_end
from accounts.tokens import access_token_deny
from core.dbcalls import db_call
from tests.workflows.factories import WorkflowFactory, task
from tests.workflows.sse import Event, events_read
from workflows.events import run_event_publish
from workflows.models import WorkflowRun
from workflows.runs import workflow_run_cancel, workflow_run_start

pytestmark = pytest.mark.django_db(transaction=True)


def _client(user: Any) -> dict[str, str]:
    """The headers of a signed-in client (AsyncClient's own `headers=` loses them in 5.2)."""
    return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}


def _pending_run(user: Any, **workflow: Any) -> WorkflowRun:
    return workflow_run_start(
        workflow=WorkflowFactory(owner=user, **workflow), user_input={"text": "x"}, enqueue=False
    )


async def _open(client: dict[str, str], run: WorkflowRun, **headers: str) -> Any:
    return await AsyncClient().get(f"/api/runs/{run.pk}/events", headers={**client, **headers})


async def _leave(chunks: AsyncIterator[bytes]) -> None:
    """Go away as a client does: the server then cancels the task that sends the stream."""
    sending = asyncio.ensure_future(anext(chunks))
    await asyncio.sleep(0)  # let it reach the stream's wait for the next event
    sending.cancel()
    with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
        await sending


async def _events(response: Any, count: int) -> list[Event]:
    """`count` events of the stream (fewer if it ends first)."""
    return await events_read(aiter(response.streaming_content), count)


def test_the_stream_replays_state_then_relays_a_real_run_in_order(user, celery_worker_process):
    from workflows.tasks import workflow_run_execute_task

    tasks = [task("a", promptTemplate="[[fail]]"), task("b", dependencies=["a"]), task("c")]
    run = _pending_run(user, graph_data={"tasks": tasks})

    client = _client(user)

    async def scenario() -> tuple[Any, list[Event]]:
        response = await _open(client, run, accept="text/event-stream")
        chunks: AsyncIterator[bytes] = aiter(response.streaming_content)
        first = await events_read(chunks, 1)  # the stream is subscribed once the snapshot is out
        workflow_run_execute_task.delay(str(run.pk))
        rest = await events_read(chunks, 7)
        return response, first + rest

    response, events = asyncio.run(scenario())

    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    assert (events[0].name, events[0].id, events[0].data["status"]) == ("snapshot", "0", "pending")
    assert [(e.name, e.data.get("taskId")) for e in events[1:]] == [
        ("run.started", None),
        ("task.started", "a"),
        ("task.failed", "a"),
        ("task.skipped", "b"),
        ("task.started", "c"),
        ("task.completed", "c"),
        ("run.failed", None),
    ]
    assert [e.id for e in events[1:]] == ["1", "2", "3", "4", "5", "6", "7"]
    assert events[3].data["task"]["error"].startswith("provider_error")


def test_the_stream_of_a_finished_run_is_its_state_and_its_end(user):
    run = _pending_run(user)
    WorkflowRun.objects.filter(pk=run.pk).update(status=WorkflowRun.Status.COMPLETED)

    client = _client(user)

    async def scenario() -> list[Event]:
        return await _events(await _open(client, run), 3)

    events = asyncio.run(scenario())
    assert [event.name for event in events] == ["snapshot", "run.completed"]
    assert events[0].data["tasks"]["input"]["status"] == "PENDING"


def test_a_reconnect_with_last_event_id_gets_only_what_it_has_not_seen(user, settings):
    settings.WORKFLOW_EVENTS_KEEPALIVE_SECONDS = 0.1
    run = _pending_run(user)
    client = _client(user)

    async def scenario() -> dict[str, Any]:
        seen: dict[str, Any] = {}
        response = await _open(client, run)
        chunks: AsyncIterator[bytes] = aiter(response.streaming_content)
        seen["first"] = await events_read(chunks, 1)
        run_event_publish(run.pk, {"event": "task.started", "taskId": "input"})
        seen["relayed"] = await events_read(chunks, 1)
        await _leave(chunks)

        # Nothing missed: no snapshot, only the events after the client's last.
        response = await _open(client, run, last_event_id="1")
        chunks = aiter(response.streaming_content)
        seen["up_to_date_first_chunk"] = await anext(chunks)  # a keep-alive, once subscribed
        run_event_publish(run.pk, {"event": "task.completed", "taskId": "input"})
        seen["after_reconnect"] = await events_read(chunks, 1)
        await _leave(chunks)

        # Missed one while away: a fresh snapshot, numbered with the last event it includes.
        run_event_publish(run.pk, {"event": "task.started", "taskId": "summary"})
        response = await _open(client, run, last_event_id="2")
        chunks = aiter(response.streaming_content)
        seen["after_a_gap"] = await events_read(chunks, 1)
        await db_call(lambda: workflow_run_cancel(run=WorkflowRun.objects.get(pk=run.pk)))
        seen["end"] = await events_read(chunks, 1)
        await _leave(chunks)

        # The run has ended and the client saw the end: only the end again, so it stops.
        seen["ended"] = await _events(await _open(client, run, last_event_id="4"), 2)
        return seen

    seen = asyncio.run(scenario())

    assert [(e.name, e.id) for e in seen["first"]] == [("snapshot", "0")]
    assert [(e.name, e.id) for e in seen["relayed"]] == [("task.started", "1")]
    assert seen["up_to_date_first_chunk"].startswith(b":")
    assert [(e.name, e.id) for e in seen["after_reconnect"]] == [("task.completed", "2")]
    assert [(e.name, e.id) for e in seen["after_a_gap"]] == [("snapshot", "3")]
    assert [(e.name, e.id) for e in seen["end"]] == [("run.cancelled", "4")]
    assert [(e.name, e.id) for e in seen["ended"]] == [("run.cancelled", "4")]


def test_streams_over_the_per_user_cap_are_refused_until_one_ends(user, settings):
    settings.WORKFLOW_EVENTS_MAX_STREAMS_PER_USER = 2
    run = _pending_run(user)
    client = _client(user)

    async def scenario() -> tuple[list[list[str]], Any, int]:
        held = [aiter((await _open(client, run)).streaming_content) for _ in range(2)]
        firsts = [[e.name for e in await events_read(chunks, 1)] for chunks in held]
        refused = await _open(client, run)
        await _leave(held[0])
        again = await _open(client, run)
        return firsts, refused, again.status_code

    firsts, refused, again = asyncio.run(scenario())

    assert firsts == [["snapshot"], ["snapshot"]]
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "rate_limited"
    assert "2 live event streams" in body["message"]
    assert int(refused["Retry-After"]) == body["details"]["retryAfter"] >= 1
    assert again == 200


def test_the_stream_of_another_users_run_is_a_json_404(user, other_user):
    run = _pending_run(user)
    client = _client(other_user)

    async def scenario() -> Any:
        return await _open(client, run, accept="text/event-stream")

    response = asyncio.run(scenario())
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("revocation", ["none", "sessions_ended", "logged_out"])
def test_the_stream_applies_the_same_token_rules_as_every_route(user, revocation):
    run = _pending_run(user)
    token = RefreshToken.for_user(user).access_token
    if revocation == "sessions_ended":
        user_sessions_end(user)
    elif revocation == "logged_out":
        access_token_deny(token)
    client = {} if revocation == "none" else {"Authorization": f"Bearer {token}"}

    async def scenario() -> Any:
        return await _open(client, run)

    response = asyncio.run(scenario())
    assert response.status_code == 401
    expected = "not_authenticated" if revocation == "none" else "token_invalid"
    assert response.json()["code"] == expected
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_stream_route_answers_only_get(user):
    run = _pending_run(user)
    client = _client(user)

    async def scenario() -> Any:
        return await AsyncClient().post(f"/api/runs/{run.pk}/events", headers=client)

    response = asyncio.run(scenario())
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
