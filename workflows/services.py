"""Writes of workflows: save, import, clone a template, and run one task on its own.

Runs live in `workflows.runs`, AI drafting in `workflows.drafting`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from core.exceptions import NotFound, ValidationFailed
from workflows import adapters
from workflows.defaults import WORKFLOW_TEMPLATES
from workflows.engine.executors import EngineConfig
from workflows.engine.runner import Event, run_execute
from workflows.models import Workflow
from workflows.validation import tasks_validate

if TYPE_CHECKING:
    from accounts.models import User


def engine_config() -> EngineConfig:
    """The engine's limits from settings."""
    return EngineConfig(
        sandbox_timeout_seconds=settings.WORKFLOW_SANDBOX_TIMEOUT_SECONDS,
        sandbox_max_memory_bytes=settings.WORKFLOW_SANDBOX_MAX_MEMORY_MB * 1024 * 1024,
        simulate_seconds=settings.WORKFLOW_SIMULATE_SECONDS,
        task_max_retries=settings.WORKFLOW_TASK_MAX_RETRIES,
        task_retry_backoff_seconds=settings.WORKFLOW_TASK_RETRY_BACKOFF_SECONDS,
        max_rendered_chars=settings.WORKFLOW_MAX_RENDERED_CHARS,
        max_result_chars=settings.WORKFLOW_MAX_RESULT_CHARS,
        max_store_chars=settings.WORKFLOW_MAX_STORE_CHARS,
        data_fence=adapters.DATA_FENCE,
    )


def tasks_validated(*, owner: User, tasks: Any) -> list[dict[str, Any]]:
    """`tasks` normalized and validated, linked prompts checked to be the owner's (one query)."""
    return tasks_validate(
        tasks,
        owned_prompt_ids=lambda ids: adapters.owned_prompt_ids(owner=owner, prompt_ids=ids),
    )


def workflow_create(*, owner: User, data: Mapping[str, Any]) -> Workflow:
    """Save a new workflow after validating its tasks (prompt ownership included)."""
    tasks = tasks_validated(owner=owner, tasks=data.get("tasks"))
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
            "tasks": tasks_validated(owner=workflow.owner, tasks=data["tasks"]),
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


def workflow_import(*, owner: User, items: list[Mapping[str, Any]]) -> list[Workflow]:
    """Create workflows from exported JSON; all or nothing, errors named per item."""
    problems: dict[str, list[str]] = {}
    cleaned = []
    for index, item in enumerate(items):
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            problems[f"{index}.name"] = ["A workflow name is required."]
        try:
            tasks = tasks_validated(owner=owner, tasks=item.get("tasks"))
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


def workflow_template_clone(*, owner: User, key: str) -> Workflow:
    """A copy of a default template, owned by the caller."""
    template = WORKFLOW_TEMPLATES.get(key)
    if template is None:
        raise NotFound(f"There is no workflow template {key!r}.")
    return workflow_create(owner=owner, data=copy.deepcopy(template))


class _NoCheckpoints:
    """A task run on its own is not persisted: every state change is accepted and dropped."""

    def checkpoint(
        self,
        *,
        store: Mapping[str, Any],
        states: Mapping[str, Mapping[str, Any]],
        event: Event,
    ) -> bool:
        return True


def workflow_task_run(
    *,
    owner: User,
    task: Mapping[str, Any],
    user_input: Mapping[str, Any],
    data_store: Mapping[str, Any],
) -> dict[str, Any]:
    """Run one task now, against a given data store (interactive use); returns its state."""
    (cleaned,) = tasks_validated(owner=owner, tasks=[{**task, "dependencies": []}])
    prompts = adapters.linked_prompts_load(
        owner=owner, prompt_ids=[cleaned["promptId"]] if cleaned.get("promptId") else []
    )
    store: dict[str, Any] = {**data_store, "userInput": dict(user_input)}
    states: dict[str, dict[str, Any]] = {}
    run_execute(
        tasks=[cleaned],
        store=store,
        states=states,
        services=adapters.GatewayServices(owner),
        prompts=prompts,
        config=engine_config(),
        hooks=_NoCheckpoints(),
    )
    return states[str(cleaned["id"])]
