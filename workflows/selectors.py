"""Reads of workflows and runs: lists, templates and the representations the API and SSE send."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from workflows.defaults import WORKFLOW_TEMPLATES
from workflows.models import Workflow, WorkflowRun

if TYPE_CHECKING:
    from accounts.models import User


def workflow_list(*, owner: User) -> QuerySet[Workflow]:
    """The owner's workflows, most recently changed first."""
    workflows: QuerySet[Workflow] = Workflow.objects.owned_by(owner)
    return workflows.order_by("-updated_at", "-id")


def workflow_run_list(*, owner: User, workflow: Workflow | None = None) -> QuerySet[WorkflowRun]:
    """The owner's runs (of one workflow when given), newest first."""
    runs = WorkflowRun.objects.owned_by(owner)
    if workflow is not None:
        runs = runs.filter(workflow=workflow)
    return runs.order_by("-created_at", "-id")


def workflow_export_data(*, workflow: Workflow) -> dict[str, Any]:
    """The portable JSON of a workflow (what import accepts)."""
    return {"name": workflow.name, "description": workflow.description, "tasks": workflow.tasks}


def workflow_template_list() -> list[dict[str, Any]]:
    """The default workflows, with the key that clones them."""
    return [{"key": key, **copy.deepcopy(t)} for key, t in WORKFLOW_TEMPLATES.items()]


def run_data(run: WorkflowRun) -> dict[str, Any]:
    """A run in the API's shape (also the SSE snapshot)."""
    return {
        "id": str(run.pk),
        "workflowId": str(run.workflow_id),
        "status": run.status,
        "userInput": run.user_input,
        "dataStore": run.data_store,
        "tasks": run.task_states,
        "error": run.error,
        "createdAt": _iso(run.created_at),
        "startedAt": _iso(run.started_at),
        "finishedAt": _iso(run.finished_at),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None
