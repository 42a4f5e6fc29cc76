"""Workflows (a user's task graphs) and their runs.

Tasks are stored in `graph_data["tasks"]` in the API's camelCase shape: task ids and output keys
are user-chosen names, and the same JSON is what import and export exchange.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar

from django.db import models, transaction
from django.utils import timezone

from core.exceptions import Conflict
from core.models import OwnedModel, OwnedQuerySet
from workflows.engine.runner import states_for_resume
from workflows.engine.states import TaskState, now_iso, task_state_new


class Workflow(OwnedModel):
    """A named graph of tasks that one user owns."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    graph_data = models.JSONField(default=dict, blank=True)

    objects: ClassVar[Any] = OwnedQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-updated_at"]
        indexes: ClassVar = [
            models.Index(fields=["owner", "-updated_at"], name="workflow_owner_updated"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tasks(self) -> list[dict[str, Any]]:
        return list((self.graph_data or {}).get("tasks") or [])


class WorkflowRunQuerySet(OwnedQuerySet["WorkflowRun"]):
    """Reads of runs."""

    def unfinished(self) -> WorkflowRunQuerySet:
        return self.filter(status__in=WorkflowRun.UNFINISHED)


class Claim(Enum):
    """What `WorkflowRun.claim` did."""

    CLAIMED = "claimed"  # the caller's worker now runs it
    REFUSED = "refused"  # finished, gone, or another live worker has it
    ABANDONED = "abandoned"  # its workers died too often: it is failed now


class WorkflowRun(OwnedModel):
    """One execution of a workflow: a snapshot of its tasks, the data store, each task's state.

    The run owns its status transitions (`claim`, `checkpoint`, `finish`, `fail`, `cancel`,
    `reset_for_resume`, `requeue`); nothing else writes `status`.
    """

    class Status(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        COMPLETED = "completed"
        FAILED = "failed"
        CANCELLED = "cancelled"

    UNFINISHED: ClassVar = (Status.PENDING, Status.RUNNING)

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    # The tasks as they were when the run started: editing the workflow never changes a run.
    graph_data = models.JSONField(default=dict, editable=False)
    user_input = models.JSONField(default=dict, blank=True)
    data_store = models.JSONField(default=dict, blank=True)
    task_states = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Liveness of the worker executing the run: the reaper requeues or fails a silent one.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    claimed_by = models.CharField(max_length=255, blank=True, default="", editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    objects: ClassVar[Any] = WorkflowRunQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [
            models.Index(fields=["owner", "-created_at"], name="workflow_run_owner_created"),
            models.Index(fields=["workflow", "-created_at"], name="workflow_run_workflow"),
            models.Index(
                fields=["heartbeat_at"],
                name="workflow_run_unfinished",
                condition=models.Q(status__in=["pending", "running"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workflow_id} run {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status not in self.UNFINISHED

    @property
    def tasks(self) -> list[dict[str, Any]]:
        return list((self.graph_data or {}).get("tasks") or [])

    def _lock(self) -> None:
        """Re-read this row under a row lock, held until the surrounding transaction ends."""
        self.refresh_from_db(from_queryset=WorkflowRun.objects.select_for_update())

    def _running_tasks_reset(self) -> None:
        # A task left RUNNING by a worker that died never reported its end: it runs again.
        for state in self.task_states.values():
            if state.get("status") == TaskState.RUNNING:
                state.update(task_state_new())

    def claim(self, token: str, *, stale_before: datetime, max_attempts: int) -> Claim:
        """Take the pending run (or one whose worker went silent) for the worker with `token`."""
        with transaction.atomic():
            # Locked: a redelivered message and the reaper's requeue race to start the same run.
            try:
                self._lock()
            except WorkflowRun.DoesNotExist:
                return Claim.REFUSED
            if self.is_finished:
                return Claim.REFUSED
            if self.status == self.Status.RUNNING:
                # The same message delivered again means the worker that had it died (acks_late).
                redelivered = self.claimed_by == token
                stale = self.heartbeat_at is None or self.heartbeat_at < stale_before
                if not (redelivered or stale):
                    return Claim.REFUSED
            if self.attempts >= max_attempts:
                self.fail()
                return Claim.ABANDONED
            self._running_tasks_reset()
            now = timezone.now()
            self.status = self.Status.RUNNING
            self.claimed_by = token
            self.attempts += 1
            self.heartbeat_at = now
            self.started_at = self.started_at or now
            self.save(
                update_fields=[
                    "status",
                    "claimed_by",
                    "attempts",
                    "heartbeat_at",
                    "started_at",
                    "task_states",
                ]
            )
        return Claim.CLAIMED

    def checkpoint(
        self, token: str, *, store: Mapping[str, Any], states: Mapping[str, Any]
    ) -> bool:
        """Save the worker's progress; False once the run is no longer this worker's."""
        # No lock, a conditional update: the worker never waits on a cancel, and once the run is
        # cancelled or taken over by a redelivery its results are not stored (a late one is lost).
        written = WorkflowRun.objects.filter(
            pk=self.pk, status=self.Status.RUNNING, claimed_by=token
        ).update(data_store=store, task_states=states, heartbeat_at=timezone.now())
        return bool(written)

    def finish(self, token: str, status: str, error: str = "") -> bool:
        """End the worker's run as `status`; False when it was no longer this worker's."""
        # No lock, a conditional update, for the reason given in `checkpoint`.
        finished = timezone.now()
        written = WorkflowRun.objects.filter(
            pk=self.pk, status=self.Status.RUNNING, claimed_by=token
        ).update(status=status, error=error, finished_at=finished, heartbeat_at=finished)
        if written:
            self.status, self.error, self.finished_at = status, error, finished
        return bool(written)

    def fail(self) -> bool:
        """Give the run up: its workers stopped too often (claim, reaper). False if finished."""
        with transaction.atomic():
            # Locked: a cancel or a claim racing this must not be overwritten by it, nor it by them.
            self._lock()
            if self.is_finished:
                return False
            self.status = self.Status.FAILED
            self.error = (
                f"The worker running this workflow stopped {self.attempts} times; the run was "
                "abandoned. Resume it to try the unfinished tasks again."
            )
            self.finished_at = timezone.now()
            self.save(update_fields=["status", "error", "finished_at"])
        return True

    def cancel(self) -> None:
        """Stop the run between tasks; its unfinished tasks are skipped. 409 when it is finished."""
        with transaction.atomic():
            # Locked: a cancel racing the worker's claim or the reaper reads and sets one status.
            self._lock()
            if self.is_finished:
                raise Conflict(
                    f"The run is already {self.status}; only an unfinished run can be cancelled."
                )
            for state in self.task_states.values():
                if state.get("status") in (TaskState.PENDING, TaskState.RUNNING):
                    state.update(
                        task_state_new(),
                        status=TaskState.SKIPPED,
                        error="skipped: run cancelled",
                        finishedAt=now_iso(),
                    )
            self.status = self.Status.CANCELLED
            self.finished_at = timezone.now()
            self.error = "Cancelled."
            self.save(update_fields=["status", "finished_at", "error", "task_states"])

    def reset_for_resume(self) -> None:
        """Back to pending, completed tasks and their outputs kept. 409 unless failed/cancelled."""
        with transaction.atomic():
            # Locked: two resumes at once must not both reset the run (and queue it twice).
            self._lock()
            if not self.is_finished:
                raise Conflict(f"The run is still {self.status}; wait for it or cancel it first.")
            if self.status == self.Status.COMPLETED:
                raise Conflict("The run completed; there is nothing to resume.")
            self.task_states, self.data_store = states_for_resume(
                self.tasks, self.task_states, self.data_store
            )
            self.status = self.Status.PENDING
            self.error = ""
            self.finished_at = None
            self.attempts = 0
            self.claimed_by = ""
            self.heartbeat_at = timezone.now()
            self.save()

    def requeue(self, *, now: datetime) -> None:
        """Back to pending for another worker, after its worker went silent (the reaper)."""
        with transaction.atomic():
            # Locked (the reaper's skip_locked select already holds it): no claim interleaves.
            self._lock()
            self._running_tasks_reset()
            self.status = self.Status.PENDING
            self.claimed_by = ""
            self.heartbeat_at = now
            self.save(update_fields=["status", "claimed_by", "heartbeat_at", "task_states"])
