"""Workflows (a user's task graphs) and their runs.

Tasks are stored in `graph_data["tasks"]` in the API's camelCase shape: task ids and output keys
are user-chosen names, and the same JSON is what import and export exchange.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from core.models import OwnedModel, OwnedQuerySet


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


class WorkflowRun(OwnedModel):
    """One execution of a workflow: a snapshot of its tasks, the data store, each task's state."""

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
