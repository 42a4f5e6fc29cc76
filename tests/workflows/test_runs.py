"""Runs: start, execute, skip, cancel, resume, reap — in-process and on a real Celery worker."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.management.commands.serve import worker_command
from tests.conftest import REPO_ROOT, _test_database_url
from tests.prompts.factories import PromptFactory
from tests.workflows.factories import WorkflowFactory, task
from tests.workflows.llm import unfenced
from workflows.models import WorkflowRun
from workflows.runs import (
    workflow_run_execute,
    workflow_run_resume,
    workflow_run_start,
    workflow_runs_reap,
)
from workflows.tasks import workflow_run_execute_task

Status = WorkflowRun.Status


def _workflow(owner: Any, tasks: list[dict[str, Any]]) -> Any:
    return WorkflowFactory(owner=owner, graph_data={"tasks": tasks})


def _start(owner: Any, tasks: list[dict[str, Any]], text: str = "hello") -> WorkflowRun:
    return workflow_run_start(
        workflow=_workflow(owner, tasks), user_input={"text": text}, enqueue=False
    )


def _execute(run: WorkflowRun, token: str = "tok") -> WorkflowRun:  # noqa: S107
    workflow_run_execute(run_id=str(run.pk), token=token)
    run.refresh_from_db()
    return run


def _wait(run: WorkflowRun, condition, timeout: float = 30) -> WorkflowRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if condition(run):
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run.pk} never got there: {run.status} {run.task_states}")


# --- in-process -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_start_answers_202_with_a_pending_run(api_client, user):
    workflow = _workflow(user, [task("a", "DATA_INPUT"), task("b", dependencies=["a"])])
    response = api_client.post(
        f"/api/workflows/{workflow.pk}/runs", {"userInput": {"text": "hi"}}, format="json"
    )
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["status"] == "pending"
    assert body["workflowId"] == str(workflow.pk)
    assert body["dataStore"] == {"userInput": {"text": "hi"}}
    assert set(body["tasks"]) == {"a", "b"}
    assert body["tasks"]["a"]["status"] == "PENDING"
    assert api_client.get(f"/api/runs/{body['id']}").json()["id"] == body["id"]
    listed = api_client.get(f"/api/workflows/{workflow.pk}/runs").json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]


@pytest.mark.django_db
def test_a_workflow_made_invalid_later_cannot_start(api_client, user, other_user):
    prompt = PromptFactory(owner=user)
    workflow = _workflow(user, [task("a", promptId=str(prompt.pk))])
    prompt.delete()
    response = api_client.post(f"/api/workflows/{workflow.pk}/runs", {}, format="json")
    assert response.status_code == 400
    assert not WorkflowRun.objects.exists()


@pytest.mark.django_db
def test_execution_persists_results_and_completes(user):
    run = _execute(
        _start(
            user,
            [
                task("a", "DATA_INPUT"),
                task("b", dependencies=["a"], inputKeys=["aOut"], promptTemplate="Echo {{aOut}}"),
            ],
        )
    )
    assert run.status == Status.COMPLETED
    assert unfenced(run.data_store["bOut"]) == "fake: Echo hello"
    assert run.task_states["b"]["status"] == "COMPLETED"
    assert run.started_at and run.finished_at
    assert run.error == ""


@pytest.mark.django_db
def test_a_failed_task_skips_dependents_and_fails_the_run(user, llm):
    tasks = [task("a", promptTemplate="[[fail]]"), task("b", dependencies=["a"]), task("c")]
    run = _execute(_start(user, tasks))
    assert run.status == Status.FAILED
    assert run.task_states["a"]["status"] == "FAILED"
    assert run.task_states["b"]["error"] == "skipped: dependency a failed"
    assert run.task_states["c"]["status"] == "COMPLETED"
    assert run.error.startswith("task a failed")
    assert llm.calls == 2  # a once (a permanent error is not retried), c once


@pytest.mark.django_db
def test_resume_reuses_completed_results(user, llm):
    # b fails 3 times (1 try + 2 retries), then works: only the resume can succeed.
    tasks = [
        task("a"),
        task("b", dependencies=["a"], promptTemplate="B [[retryable:3]]"),
        task("c", dependencies=["b"]),
        task("d"),
    ]
    run = _execute(_start(user, tasks))
    assert run.status == Status.FAILED
    assert llm.calls == 5  # a, b x3, d
    a_result = run.data_store["aOut"]

    run = workflow_run_resume(run=run)
    assert run.status == Status.PENDING
    assert run.task_states["a"]["status"] == "COMPLETED"
    assert run.task_states["b"]["status"] == "PENDING"
    run = _execute(run, token="second")
    assert run.status == Status.COMPLETED
    assert llm.calls == 7  # only b and c ran again
    assert run.data_store["aOut"] == a_result


@pytest.mark.django_db
def test_resume_is_refused_for_completed_and_unfinished_runs(user, api_client):
    pending = _start(user, [task("a")])
    assert api_client.post(f"/api/runs/{pending.pk}/resume").status_code == 409
    done = _execute(_start(user, [task("a")]))
    response = api_client.post(f"/api/runs/{done.pk}/resume")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


@pytest.mark.django_db
def test_cancelling_a_pending_run_means_it_never_executes(user, api_client, llm):
    run = _start(user, [task("a"), task("b")])
    response = api_client.post(f"/api/runs/{run.pk}/cancel")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["tasks"]["a"]["error"] == "skipped: run cancelled"
    run = _execute(run)
    assert run.status == Status.CANCELLED
    assert llm.calls == 0


@pytest.mark.django_db
def test_cancelling_a_finished_run_is_409(user, api_client):
    run = _execute(_start(user, [task("a")]))
    response = api_client.post(f"/api/runs/{run.pk}/cancel")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


@pytest.mark.django_db
def test_a_redelivered_message_takes_over_and_another_one_does_not(user, llm):
    run = _start(user, [task("a")])
    WorkflowRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING,
        claimed_by="dead-worker-task",
        attempts=1,
        heartbeat_at=timezone.now(),
    )
    assert _execute(run, token="someone-else").status == Status.RUNNING
    assert llm.calls == 0
    run = _execute(run, token="dead-worker-task")
    assert run.status == Status.COMPLETED
    assert run.attempts == 2


@pytest.mark.django_db
def test_a_redelivery_after_too_many_attempts_fails_the_run_instead(user, settings, llm):
    settings.WORKFLOW_RUN_MAX_ATTEMPTS = 2
    run = _start(user, [task("a")])
    WorkflowRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING, claimed_by="tok", attempts=2, heartbeat_at=timezone.now()
    )
    run = _execute(run, token="tok")
    assert run.status == Status.FAILED
    assert "stopped 2 times" in run.error
    assert run.finished_at is not None
    assert llm.calls == 0


@pytest.mark.django_db
def test_the_reaper_requeues_a_silent_run_and_fails_it_after_max_attempts(user, settings):
    settings.WORKFLOW_RUN_MAX_ATTEMPTS = 2
    run = _start(user, [task("a"), task("b")])
    states = dict(run.task_states)
    states["a"] = {**states["a"], "status": "COMPLETED", "result": "kept"}
    states["b"] = {**states["b"], "status": "RUNNING"}
    old = timezone.now() - timedelta(seconds=settings.WORKFLOW_RUN_STALE_SECONDS + 5)
    WorkflowRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING, claimed_by="x", attempts=1, heartbeat_at=old, task_states=states
    )
    assert workflow_runs_reap().requeued == 1
    run.refresh_from_db()
    assert run.status == Status.PENDING
    assert run.task_states["a"]["status"] == "COMPLETED"
    assert run.task_states["b"]["status"] == "PENDING"

    WorkflowRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING, attempts=2, heartbeat_at=old
    )
    assert workflow_runs_reap().failed == 1
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert "stopped 2 times" in run.error


@pytest.mark.django_db
def test_a_live_run_is_not_reaped(user):
    run = _start(user, [task("a")])
    WorkflowRun.objects.filter(pk=run.pk).update(status=Status.RUNNING, heartbeat_at=timezone.now())
    assert workflow_runs_reap().requeued == 0


def _run_queries(user: Any, n: int) -> Counter[str]:
    """The SQL of executing an n-task run, counted by kind (and linked-prompt reads)."""
    prompts = [PromptFactory(owner=user) for _ in range(n)]
    tasks = [task(f"t{i}", promptId=str(p.pk), promptTemplate="") for i, p in enumerate(prompts)]
    run = _start(user, tasks)
    with CaptureQueriesContext(connection) as captured:
        run = _execute(run)
    assert run.status == Status.COMPLETED
    counts: Counter[str] = Counter()
    for query in captured.captured_queries:
        sql = query["sql"]
        counts[sql.split(" ", 1)[0]] += 1
        counts["prompt reads"] += 'FROM "prompts_prompt"' in sql
        counts["usage rows"] += sql.startswith('INSERT INTO "gemini_providercall"')
    return counts


@pytest.mark.django_db
def test_linked_prompts_load_in_one_query_whatever_the_number_of_tasks(user):
    five, fifty = _run_queries(user, 5), _run_queries(user, 50)
    assert five["prompt reads"] == fifty["prompt reads"] == 1
    # Reads are constant; per task there is one state write at its start and one at its finish,
    # and the gateway's usage row of its model call.
    assert five["SELECT"] == fifty["SELECT"]
    assert fifty["UPDATE"] - five["UPDATE"] == 2 * 45
    assert fifty["INSERT"] - five["INSERT"] == fifty["usage rows"] - five["usage rows"] == 45


@pytest.mark.django_db
def test_a_run_uses_its_snapshot_not_the_edited_workflow(user):
    run = _start(user, [task("a")])
    run.workflow.graph_data = {"tasks": [task("zzz")]}
    run.workflow.save()
    run = _execute(run)
    assert set(run.task_states) == {"a"}


# --- on a real worker ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_run_started_over_http_completes_on_the_worker(api_client, user, celery_worker_process):
    workflow = _workflow(
        user,
        [
            task("a", "DATA_INPUT"),
            task("b", dependencies=["a"], inputKeys=["aOut"], promptTemplate="Shout {{aOut}}"),
            task(
                "c",
                "TEXT_MANIPULATION",
                dependencies=["b"],
                inputKeys=["bOut"],
                functionBody="return inputs.bOut.toUpperCase();",
            ),
        ],
    )
    response = api_client.post(
        f"/api/workflows/{workflow.pk}/runs", {"userInput": {"text": "hey"}}, format="json"
    )
    assert response.status_code == 202
    run = _wait(WorkflowRun.objects.get(pk=response.json()["id"]), lambda r: r.is_finished)
    assert run.status == Status.COMPLETED, run.task_states
    body = api_client.get(f"/api/runs/{run.pk}").json()
    assert unfenced(body["dataStore"]["bOut"]) == "fake: Shout hey"
    assert body["dataStore"]["cOut"] == body["dataStore"]["bOut"].upper()
    assert body["tasks"]["c"]["status"] == "COMPLETED"


@pytest.mark.django_db(transaction=True)
def test_cancel_mid_run_discards_the_late_result(api_client, user, llm, celery_worker_process):
    tasks = [task("slow", promptTemplate="[[hold]]"), task("next", dependencies=["slow"])]
    run = _start(user, tasks)
    execution = workflow_run_execute_task.delay(str(run.pk))
    assert llm.arrived.wait(timeout=60), "the worker never called the model"

    assert api_client.post(f"/api/runs/{run.pk}/cancel").json()["status"] == "cancelled"
    llm.release()  # the slow call answers now, after the cancel
    assert execution.get(timeout=60) is None  # the worker saw the run was no longer its own

    run.refresh_from_db()
    assert run.status == Status.CANCELLED
    assert "slowOut" not in run.data_store
    assert run.task_states["slow"]["status"] == "SKIPPED"
    assert llm.calls == 1  # `next` never ran


@pytest.mark.django_db(transaction=True)
def test_resume_over_http_reruns_only_the_failed_part(api_client, user, celery_worker_process, llm):
    tasks = [task("a"), task("b", dependencies=["a"], promptTemplate="[[retryable:3]]")]
    workflow = _workflow(user, tasks)
    run_id = api_client.post(f"/api/workflows/{workflow.pk}/runs", {}, format="json").json()["id"]
    run = _wait(WorkflowRun.objects.get(pk=run_id), lambda r: r.is_finished)
    assert run.status == Status.FAILED
    assert llm.calls == 4
    assert api_client.post(f"/api/runs/{run_id}/resume").status_code == 202
    run = _wait(run, lambda r: r.status == Status.COMPLETED)
    assert llm.calls == 5


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_leaves_no_run_stuck(user, settings, celery_worker_process, llm):
    """A dedicated worker is SIGKILLed while a task is in flight; the reaper hands the run to
    the session worker, which finishes it without re-running the completed task."""
    tasks = [
        task("first"),
        task("slow", dependencies=["first"], promptTemplate="[[hold]]"),
    ]
    run = _start(user, tasks)
    queue = f"sfl-test-workflows-kill-{uuid.uuid4().hex[:6]}"
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
    }
    worker = subprocess.Popen(
        worker_command(
            queues=[queue],
            concurrency=1,
            hostname=f"kill-{uuid.uuid4().hex[:6]}@%h",
            extra=["--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        ),
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        workflow_run_execute_task.apply_async(args=(str(run.pk),), queue=queue)
        assert llm.arrived.wait(timeout=60), "the worker never called the model"
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
    run.refresh_from_db()
    assert run.status == Status.RUNNING  # what the dead worker left behind
    assert llm.calls == 2

    settings.WORKFLOW_RUN_STALE_SECONDS = 0
    assert workflow_runs_reap(now=timezone.now() + timedelta(seconds=1)).requeued == 1
    run = _wait(run, lambda r: r.is_finished)
    assert run.status == Status.COMPLETED, run.task_states
    assert run.attempts == 2
    assert llm.calls == 3  # only `slow` ran again
