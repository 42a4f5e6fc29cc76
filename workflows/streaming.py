"""A run's live progress as server-sent events: the current state, then what the worker publishes.

Self-contained (a generator and the response around it), so the view only returns it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.http import StreamingHttpResponse

from workflows.events import RUN_FINISHED_EVENTS, run_events_subscribe
from workflows.models import WorkflowRun
from workflows.selectors import run_data


def _sse(event: str, data: Any) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, default=str)}\n\n".encode()


def _run_end(run: WorkflowRun, **extra: Any) -> bytes:
    return _sse(f"run.{run.status}", {"event": f"run.{run.status}", **extra})


def run_event_stream(run: WorkflowRun) -> Iterator[bytes]:
    """Replay the run's current state, then relay its published events until it ends."""
    # Subscribe before reading the row: an event published in between is then relayed, not lost.
    pubsub = run_events_subscribe(run.pk)
    try:
        run.refresh_from_db()
        yield _sse("snapshot", run_data(run))
        if run.is_finished:
            yield _run_end(run, runId=str(run.pk))
            return
        deadline = time.monotonic() + settings.WORKFLOW_EVENTS_MAX_SECONDS
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=1.0)
            if message is None:
                if time.monotonic() - quiet_since >= settings.WORKFLOW_EVENTS_KEEPALIVE_SECONDS:
                    quiet_since = time.monotonic()
                    # Between keep-alives, make sure a run that ended unannounced ends the stream.
                    run.refresh_from_db(fields=["status"])
                    if run.is_finished:
                        yield _run_end(run)
                        return
                    yield b": keep-alive\n\n"
                continue
            quiet_since = time.monotonic()
            event = json.loads(message["data"])
            yield _sse(str(event.get("event", "message")), event)
            if event.get("event") in RUN_FINISHED_EVENTS:
                return
    finally:
        pubsub.close()


def run_events_response(run: WorkflowRun) -> StreamingHttpResponse:
    """The streaming response of `GET /api/runs/{id}/events`."""
    response = StreamingHttpResponse(run_event_stream(run), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    # Tell nginx-style proxies not to buffer the stream.
    response["X-Accel-Buffering"] = "no"
    return response
