"""Services of runs: start, execute (on a worker), cancel, resume, and the reaper of silent runs.

Every status change is a `WorkflowRun` method; these functions add the engine, the queue and the
live events around them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.exceptions import RateLimited
from core.locks import advisory_lock
from core.reaping import ReapOutcome
from workflows import adapters
from workflows.engine.runner import Event, run_execute
from workflows.engine.states import task_state_new
from workflows.events import run_event_publish
from workflows.models import Claim, Workflow, WorkflowRun
from workflows.services import engine_config, tasks_validated

logger = logging.getLogger(__name__)

Status = WorkflowRun.Status
# The task's name is the contract with the worker (see workflows/tasks.py).
RUN_EXECUTE_TASK: Final = "workflows.tasks.workflow_run_execute_task"
# What a client over the active-runs cap is told to wait: runs take seconds to minutes.
ACTIVE_RUNS_RETRY_AFTER_SECONDS: Final = 30


def _enqueue(run: WorkflowRun) -> None:
    # On commit, so a worker never reads a run that is not committed yet; by name, so this module
    # needs no import of the tasks module (which imports this one).
    run_id = str(run.pk)
    transaction.on_commit(lambda: current_app.send_task(RUN_EXECUTE_TASK, args=(run_id,)))


def _publish_run(run: WorkflowRun, event: str) -> None:
    run_event_publish(
        run.pk, {"event": event, "runId": str(run.pk), "status": run.status, "error": run.error}
    )


def _active_runs_check(owner: Any) -> None:
    """429 when the owner already has WORKFLOW_MAX_ACTIVE_RUNS_PER_USER runs pending or running.

    Locked per owner until the caller's transaction ends, so concurrent starts cannot all take
    the last slot.
    """
    advisory_lock("workflow-runs", owner.pk)
    cap = int(settings.WORKFLOW_MAX_ACTIVE_RUNS_PER_USER)
    active = WorkflowRun.objects.unfinished().filter(owner_id=owner.pk).count()
    if active >= cap:
        raise RateLimited(
            f"You have {active} workflow runs pending or running, the most at once ({cap}); "
            "wait for one to finish, or cancel one, and try again.",
            retry_after=ACTIVE_RUNS_RETRY_AFTER_SECONDS,
        )


def workflow_run_start(
    *, workflow: Workflow, user_input: Mapping[str, object], enqueue: bool = True
) -> WorkflowRun:
    """Validate the workflow again, snapshot it into a pending run, and queue the run."""
    tasks = tasks_validated(owner=workflow.owner, tasks=workflow.tasks)
    with transaction.atomic():
        _active_runs_check(workflow.owner)
        run: WorkflowRun = WorkflowRun.objects.create(
            owner=workflow.owner,
            workflow=workflow,
            graph_data={"tasks": tasks},
            user_input=dict(user_input),
            data_store={"userInput": dict(user_input)},
            task_states={str(t["id"]): task_state_new() for t in tasks},
            heartbeat_at=timezone.now(),
        )
        if enqueue:
            _enqueue(run)
    logger.info("workflow run queued", extra={"run_id": str(run.pk), "tasks": len(tasks)})
    return run


class _RunCheckpoints:
    """Saves and publishes each state change while this worker still owns the run."""

    def __init__(self, run: WorkflowRun, token: str) -> None:
        self.run = run
        self.token = token

    def checkpoint(
        self,
        *,
        store: Mapping[str, object],
        states: Mapping[str, Mapping[str, object]],
        event: Event,
    ) -> bool:
        if not self.run.checkpoint(self.token, store=store, states=states):
            return False
        run_event_publish(
            self.run.pk,
            {
                "event": event.type,
                "runId": str(self.run.pk),
                "taskId": event.task_id,
                "task": event.state,
            },
        )
        return True


def _claimed(run_id: str, token: str) -> WorkflowRun | None:
    """The run, taken for this worker; None when it is not this worker's to run."""
    run: WorkflowRun | None = WorkflowRun.objects.filter(pk=run_id).first()
    if run is None:
        return None
    stale_before = timezone.now() - timedelta(seconds=settings.WORKFLOW_RUN_STALE_SECONDS)
    claim = run.claim(
        token, stale_before=stale_before, max_attempts=settings.WORKFLOW_RUN_MAX_ATTEMPTS
    )
    if claim is Claim.ABANDONED:
        _publish_run(run, "run.failed")
    if claim is not Claim.CLAIMED:
        return None
    _publish_run(run, "run.started")
    return run


def _finish(run: WorkflowRun, token: str, status: str, error: str = "") -> None:
    if run.finish(token, status, error):
        _publish_run(run, f"run.{status}")


def workflow_run_execute(*, run_id: str, token: str) -> str | None:
    """Execute a queued run to the end (idempotent: a finished or live run is left alone)."""
    run = _claimed(run_id, token)
    if run is None:
        return None
    tasks = run.tasks
    try:
        outcome = run_execute(
            tasks=tasks,
            store=dict(run.data_store),
            states={k: dict(v) for k, v in run.task_states.items()},
            services=adapters.GatewayServices(run.owner),
            prompts=adapters.linked_prompts_load(
                owner=run.owner, prompt_ids=[t["promptId"] for t in tasks if t.get("promptId")]
            ),
            config=engine_config(),
            hooks=_RunCheckpoints(run, token),
        )
    except SoftTimeLimitExceeded:
        _finish(run, token, Status.FAILED, "The run took longer than its time limit.")
        return Status.FAILED
    except Exception:
        logger.exception("workflow run crashed", extra={"run_id": run_id})
        _finish(run, token, Status.FAILED, "The run stopped on an internal error.")
        return Status.FAILED
    if outcome.status == "stopped":
        logger.info("workflow run stopped", extra={"run_id": run_id})
        return None
    _finish(run, token, outcome.status, outcome.error)
    logger.info("workflow run finished", extra={"run_id": run_id, "status": outcome.status})
    return outcome.status


def workflow_run_cancel(*, run: WorkflowRun) -> WorkflowRun:
    """Stop a run between tasks; a result still in flight will be discarded. 409 when finished."""
    run.cancel()
    _publish_run(run, "run.cancelled")
    return run


def workflow_run_resume(*, run: WorkflowRun) -> WorkflowRun:
    """Run the failed, skipped and cancelled tasks again, reusing every completed result."""
    with transaction.atomic():
        _active_runs_check(run.owner)
        run.reset_for_resume()
        _enqueue(run)
    _publish_run(run, "run.resumed")
    return run


def workflow_runs_reap(*, now: datetime | None = None) -> ReapOutcome:
    """Requeue runs whose worker went silent (or fail them after too many attempts)."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.WORKFLOW_RUN_STALE_SECONDS)
    requeued = failed = 0
    with transaction.atomic():
        stale = (
            WorkflowRun.objects.unfinished()
            .filter(Q(heartbeat_at__lt=stale_before) | Q(heartbeat_at__isnull=True))
            .select_for_update(skip_locked=True)
        )
        for run in stale:
            if run.attempts >= settings.WORKFLOW_RUN_MAX_ATTEMPTS:
                run.fail()
                _publish_run(run, "run.failed")
                failed += 1
                continue
            run.requeue(now=now)
            _enqueue(run)
            requeued += 1
    if requeued or failed:
        logger.warning("stale workflow runs reaped", extra={"requeued": requeued, "failed": failed})
    return ReapOutcome(requeued=requeued, failed=failed)
