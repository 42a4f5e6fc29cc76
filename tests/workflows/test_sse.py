"""The SSE stream of a real run on the worker delivers its events in order."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.workflows.factories import WorkflowFactory, task
from workflows.models import WorkflowRun
from workflows.runs import workflow_run_start


def _events(chunks: Any) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for chunk in chunks:
        text = chunk.decode()
        if text.startswith(":"):
            continue
        lines = dict(line.split(": ", 1) for line in text.strip().splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
        if lines["event"] in {"run.completed", "run.failed", "run.cancelled"}:
            break
    return events


@pytest.mark.django_db(transaction=True)
def test_the_stream_replays_state_then_relays_a_real_run_in_order(
    api_client, user, celery_worker_process
):
    from workflows.tasks import workflow_run_execute_task

    tasks = [task("a", promptTemplate="[[fail]]"), task("b", dependencies=["a"]), task("c")]
    workflow = WorkflowFactory(owner=user, graph_data={"tasks": tasks})
    run = workflow_run_start(workflow=workflow, user_input={"text": "x"}, enqueue=False)

    response = api_client.get(f"/api/runs/{run.pk}/events", HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    chunks = iter(response.streaming_content)
    first = next(chunks)  # the stream is subscribed once the snapshot is out
    workflow_run_execute_task.delay(str(run.pk))
    events = _events([first, *chunks])

    assert events[0][0] == "snapshot"
    assert events[0][1]["status"] == "pending"
    assert [(name, data.get("taskId")) for name, data in events[1:]] == [
        ("run.started", None),
        ("task.started", "a"),
        ("task.failed", "a"),
        ("task.skipped", "b"),
        ("task.started", "c"),
        ("task.completed", "c"),
        ("run.failed", None),
    ]
    assert events[3][1]["task"]["error"].startswith("provider_error")


@pytest.mark.django_db
def test_the_stream_of_a_finished_run_is_its_state_and_its_end(api_client, user):
    run = workflow_run_start(
        workflow=WorkflowFactory(owner=user), user_input={"text": "x"}, enqueue=False
    )
    WorkflowRun.objects.filter(pk=run.pk).update(status=WorkflowRun.Status.COMPLETED)
    response = api_client.get(f"/api/runs/{run.pk}/events")
    events = _events(response.streaming_content)
    assert [name for name, _ in events] == ["snapshot", "run.completed"]
    assert events[0][1]["tasks"]["input"]["status"] == "PENDING"


@pytest.mark.django_db
def test_the_stream_of_another_users_run_is_a_json_404(other_client, user):
    run = workflow_run_start(workflow=WorkflowFactory(owner=user), user_input={}, enqueue=False)
    response = other_client.get(f"/api/runs/{run.pk}/events", HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
