"""Writes and side effects of workflows: save, import, run (start, execute, cancel, resume, reap),
and run one task. AI drafting is in `workflows.drafting`."""

from __future__ import annotations

import copy
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.exceptions import Conflict, NotFound, ValidationFailed
from workflows import providers
from workflows.defaults import WORKFLOW_TEMPLATES
from workflows.engine.executors import EngineConfig
from workflows.engine.runner import Event, run_execute, states_for_resume
from workflows.engine.states import TaskState, now_iso, task_state_new
from workflows.events import run_event_publish
from workflows.models import Workflow, WorkflowRun
from workflows.validation import tasks_validate

logger = logging.getLogger(__name__)

Status = WorkflowRun.Status


@dataclass(frozen=True)
class ReapOutcome:
    requeued: int
    failed: int


def engine_config() -> EngineConfig:
    """The engine's limits from settings."""
    return EngineConfig(
        sandbox_timeout_seconds=settings.WORKFLOW_SANDBOX_TIMEOUT_SECONDS,
        sandbox_max_memory_bytes=settings.WORKFLOW_SANDBOX_MAX_MEMORY_MB * 1024 * 1024,
        simulate_seconds=settings.WORKFLOW_SIMULATE_SECONDS,
        task_max_retries=settings.WORKFLOW_TASK_MAX_RETRIES,
        task_retry_backoff_seconds=settings.WORKFLOW_TASK_RETRY_BACKOFF_SECONDS,
    )


def _tasks_validated(*, owner: Any, tasks: Any) -> list[dict[str, Any]]:
    return tasks_validate(
        tasks,
        owned_prompt_ids=lambda ids: providers.owned_prompt_ids(owner=owner, prompt_ids=ids),
    )


# --- workflows ------------------------------------------------------------------------------------


def workflow_create(*, owner: Any, data: Mapping[str, Any]) -> Workflow:
    """Save a new workflow after validating its tasks (prompt ownership included)."""
    tasks = _tasks_validated(owner=owner, tasks=data.get("tasks"))
    workflow: Workflow = Workflow.objects.create(
        owner=owner,
        name=data["name"],
        description=data.get("description") or "",
        graph_data={"tasks": tasks},
    )
    return workflow


def workflow_update(*, workflow: Workflow, data: Mapping[str, Any]) -> Workflow:
    """Change only the fields present in `data`; unsent fields are kept (PUT and PATCH alike)."""
    if "tasks" in data:
        workflow.graph_data = {
            **(workflow.graph_data or {}),
            "tasks": _tasks_validated(owner=workflow.owner, tasks=data["tasks"]),
        }
    if "name" in data:
        workflow.name = data["name"]
    if "description" in data:
        workflow.description = data["description"] or ""
    workflow.save()
    return workflow


def workflow_delete(*, workflow: Workflow) -> None:
    """Delete a workflow and its runs."""
    workflow.delete()


def workflow_import(*, owner: Any, items: list[Mapping[str, Any]]) -> list[Workflow]:
    """Create workflows from exported JSON; all or nothing, errors named per item."""
    problems: dict[str, list[str]] = {}
    cleaned = []
    for index, item in enumerate(items):
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            problems[f"{index}.name"] = ["A workflow name is required."]
        try:
            tasks = _tasks_validated(owner=owner, tasks=item.get("tasks"))
        except ValidationFailed as exc:
            for path, messages in exc.details["fields"].items():
                problems[f"{index}.{path}"] = messages
            continue
        cleaned.append((str(name or "")[:200], str(item.get("description") or ""), tasks))
    if problems:
        raise ValidationFailed(problems, "The file holds workflows that are not valid.")
    with transaction.atomic():
        return [
            Workflow.objects.create(
                owner=owner, name=name, description=description, graph_data={"tasks": tasks}
            )
            for name, description, tasks in cleaned
        ]


def workflow_template_clone(*, owner: Any, key: str) -> Workflow:
    """A copy of a default template, owned by the caller."""
    template = WORKFLOW_TEMPLATES.get(key)
    if template is None:
        raise NotFound(f"There is no workflow template {key!r}.")
    return workflow_create(owner=owner, data=copy.deepcopy(template))


# --- runs -----------------------------------------------------------------------------------------


def _enqueue(run: WorkflowRun) -> None:
    from workflows.tasks import workflow_run_execute_task

    # celery-types does not know Celery 5.4's delay_on_commit yet.
    workflow_run_execute_task.delay_on_commit(str(run.pk))  # type: ignore[attr-defined]


def _publish_run(run: WorkflowRun, event: str) -> None:
    run_event_publish(
        run.pk, {"event": event, "runId": str(run.pk), "status": run.status, "error": run.error}
    )


def workflow_run_start(
    *, workflow: Workflow, user_input: Mapping[str, Any], enqueue: bool = True
) -> WorkflowRun:
    """Validate the workflow again, snapshot it into a pending run, and queue the run."""
    tasks = _tasks_validated(owner=workflow.owner, tasks=workflow.tasks)
    run = WorkflowRun.objects.create(
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
    """Persists each state change, only while this worker still owns the running run."""

    def __init__(self, run: WorkflowRun, token: str) -> None:
        self.run = run
        self.token = token

    def checkpoint(
        self,
        *,
        store: Mapping[str, Any],
        states: Mapping[str, Mapping[str, Any]],
        event: Event,
    ) -> bool:
        # A conditional write: once the run is cancelled (or taken over by a redelivery) no
        # result of this worker is stored any more; that is how a late result is discarded.
        written = WorkflowRun.objects.filter(
            pk=self.run.pk, status=Status.RUNNING, claimed_by=self.token
        ).update(data_store=store, task_states=states, heartbeat_at=timezone.now())
        if not written:
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


def _claim(run_id: str, token: str) -> WorkflowRun | None:
    """Take a pending run (or one whose worker died) for this worker; None when there is none."""
    stale_before = timezone.now() - timedelta(seconds=settings.WORKFLOW_RUN_STALE_SECONDS)
    with transaction.atomic():
        run: WorkflowRun | None = WorkflowRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.is_finished:
            return None
        if run.status == Status.RUNNING:
            # The same message delivered again means the worker that had it died (acks_late).
            redelivered = run.claimed_by == token
            stale = run.heartbeat_at is None or run.heartbeat_at < stale_before
            if not (redelivered or stale):
                return None
        if run.attempts >= settings.WORKFLOW_RUN_MAX_ATTEMPTS:
            _fail_given_up(run)
            return None
        for state in run.task_states.values():
            if state.get("status") == TaskState.RUNNING:
                state.update(task_state_new())
        now = timezone.now()
        run.status = Status.RUNNING
        run.claimed_by = token
        run.attempts += 1
        run.heartbeat_at = now
        run.started_at = run.started_at or now
        run.save(
            update_fields=[
                "status",
                "claimed_by",
                "attempts",
                "heartbeat_at",
                "started_at",
                "task_states",
            ]
        )
    _publish_run(run, "run.started")
    return run


def _fail_given_up(run: WorkflowRun) -> None:
    run.status = Status.FAILED
    run.error = (
        f"The worker running this workflow stopped {run.attempts} times; the run was abandoned. "
        "Resume it to try the unfinished tasks again."
    )
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    _publish_run(run, "run.failed")


def _finish(run: WorkflowRun, token: str, status: str, error: str) -> None:
    finished = timezone.now()
    written = WorkflowRun.objects.filter(pk=run.pk, status=Status.RUNNING, claimed_by=token).update(
        status=status, error=error, finished_at=finished, heartbeat_at=finished
    )
    if written:
        run.status, run.error, run.finished_at = status, error, finished
        _publish_run(run, f"run.{status}")


def workflow_run_execute(*, run_id: str, token: str) -> str | None:
    """Execute a queued run to the end (idempotent: a finished or live run is left alone)."""
    run = _claim(run_id, token)
    if run is None:
        return None
    tasks = run.tasks
    prompts = providers.linked_prompts_load(
        owner=run.owner, prompt_ids=[t["promptId"] for t in tasks if t.get("promptId")]
    )
    store = dict(run.data_store)
    states = {k: dict(v) for k, v in run.task_states.items()}
    try:
        outcome = run_execute(
            tasks=tasks,
            store=store,
            states=states,
            services=providers.services_for(run.owner),
            prompts=prompts,
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
    with transaction.atomic():
        locked: WorkflowRun = WorkflowRun.objects.select_for_update().get(pk=run.pk)
        if locked.is_finished:
            raise Conflict(
                f"The run is already {locked.status}; only an unfinished run can be cancelled."
            )
        for state in locked.task_states.values():
            if state.get("status") in (TaskState.PENDING, TaskState.RUNNING):
                state.update(
                    task_state_new(),
                    status=TaskState.SKIPPED,
                    error="skipped: run cancelled",
                    finishedAt=now_iso(),
                )
        locked.status = Status.CANCELLED
        locked.finished_at = timezone.now()
        locked.error = "Cancelled."
        locked.save(update_fields=["status", "finished_at", "error", "task_states"])
    _publish_run(locked, "run.cancelled")
    return locked


def workflow_run_resume(*, run: WorkflowRun) -> WorkflowRun:
    """Run the failed, skipped and cancelled tasks again, reusing every completed result."""
    with transaction.atomic():
        locked: WorkflowRun = WorkflowRun.objects.select_for_update().get(pk=run.pk)
        if not locked.is_finished:
            raise Conflict(f"The run is still {locked.status}; wait for it or cancel it first.")
        if locked.status == Status.COMPLETED:
            raise Conflict("The run completed; there is nothing to resume.")
        states, store = states_for_resume(locked.tasks, locked.task_states, locked.data_store)
        locked.task_states, locked.data_store = states, store
        locked.status = Status.PENDING
        locked.error = ""
        locked.finished_at = None
        locked.attempts = 0
        locked.claimed_by = ""
        locked.heartbeat_at = timezone.now()
        locked.save()
        _enqueue(locked)
    _publish_run(locked, "run.resumed")
    return locked


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
                _fail_given_up(run)
                failed += 1
                continue
            for state in run.task_states.values():
                if state.get("status") == TaskState.RUNNING:
                    state.update(task_state_new())
            run.status = Status.PENDING
            run.claimed_by = ""
            run.heartbeat_at = now
            run.save(update_fields=["status", "claimed_by", "heartbeat_at", "task_states"])
            _enqueue(run)
            requeued += 1
    if requeued or failed:
        logger.warning("stale workflow runs reaped", extra={"requeued": requeued, "failed": failed})
    return ReapOutcome(requeued=requeued, failed=failed)


class _NoCheckpoints:
    def checkpoint(self, **kwargs: Any) -> bool:
        return True


def workflow_task_run(
    *,
    owner: Any,
    task: Mapping[str, Any],
    user_input: Mapping[str, Any],
    data_store: Mapping[str, Any],
) -> dict[str, Any]:
    """Run one task now, against a given data store (interactive use); returns its state."""
    single = {**task, "dependencies": []}
    (cleaned,) = tasks_validate(
        [single],
        owned_prompt_ids=lambda ids: providers.owned_prompt_ids(owner=owner, prompt_ids=ids),
    )
    prompts = providers.linked_prompts_load(
        owner=owner, prompt_ids=[cleaned["promptId"]] if cleaned.get("promptId") else []
    )
    store: dict[str, Any] = {**data_store, "userInput": dict(user_input)}
    states: dict[str, dict[str, Any]] = {}
    run_execute(
        tasks=[cleaned],
        store=store,
        states=states,
        services=providers.services_for(owner),
        prompts=prompts,
        config=engine_config(),
        hooks=_NoCheckpoints(),
    )
    return states[str(cleaned["id"])]
