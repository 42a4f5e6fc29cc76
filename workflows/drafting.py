"""AI drafting: a goal in plain words → a validated, laid-out, unsaved workflow.

One service for both routes that draft (`POST /api/workflows/orchestrate` and the seed's
`POST /api/gemini/generate-workflow`, see docs/decisions/0002). The gateway is asked for an object
of this module's schema with `json_generate`; the graph rules run inside that schema's
validation, so a model whose draft breaks them is asked once more with the errors. What a draft
may leave out is completed from the task-type registry, and the result must then pass the checks
of a saved workflow, else 502 `ai_output_invalid`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model, model_validator
from pydantic.alias_generators import to_camel

from core.exceptions import ValidationFailed
from gemini.exceptions import AIOutputInvalid
from gemini.services import json_generate
from workflows.engine.registry import task_type_get, task_type_names, task_types
from workflows.validation import task_normalize, tasks_problems, tasks_validate

if TYPE_CHECKING:
    from accounts.models import User

MIN_DRAFT_TASKS: Final = 3
MAX_DRAFT_TASKS: Final = 8
# The canvas: columns by dependency depth, parallel tasks stacked (pixels).
COLUMN_WIDTH, ROW_HEIGHT, MARGIN = 320, 200, 80

Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Medium = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")]
DataPath = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,99}$")]
# The parts of validation a model can repair by changing the graph (asked again with them).
_STRUCTURAL_FIELDS: Final = ("id", "dependencies", "outputKey", "inputKeys")


class _Draft(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class WorkflowTaskDraft(_Draft):
    """One task of a generated workflow."""

    id: Identifier
    name: Short
    description: Medium
    type: str  # narrowed to the registered task types by `draft_schema`
    dependencies: list[Identifier] = Field(max_length=MAX_DRAFT_TASKS)
    input_keys: list[DataPath] = Field(max_length=8)
    output_key: Identifier
    prompt_template: Annotated[str, StringConstraints(max_length=2000)] = ""
    position_x: int = 0
    position_y: int = 0


class WorkflowDraftOutput(_Draft):
    """A workflow as the model must return it."""

    name: Short
    description: Medium
    tasks: list[WorkflowTaskDraft] = Field(min_length=MIN_DRAFT_TASKS, max_length=MAX_DRAFT_TASKS)

    @model_validator(mode="after")
    def _graph_is_valid(self) -> WorkflowDraftOutput:
        errors = draft_graph_errors(self.model_dump(by_alias=True))
        if errors:
            raise ValueError("; ".join(errors))
        return self


def draft_graph_errors(draft: Mapping[str, Any]) -> list[str]:
    """The structural problems of a draft (ids, dependencies and cycles, data keys) as sentences."""
    tasks = draft.get("tasks", [])
    problems = tasks_problems(
        [task_normalize(t) for t in tasks] if isinstance(tasks, list) else tasks
    )
    return [
        f"{path}: {message}"
        for path, messages in problems.items()
        if path == "tasks" or path.rsplit(".", 1)[-1] in _STRUCTURAL_FIELDS
        for message in messages
    ]


@functools.cache
def _schema_for(type_names: tuple[str, ...]) -> type[WorkflowDraftOutput]:
    # Literal of a runtime tuple: the JSON Schema (and the local model's grammar) lists the names.
    type_name: Any = cast(Any, Literal)[type_names]
    task: Any = create_model(
        "WorkflowTaskDraft",
        __base__=WorkflowTaskDraft,
        __doc__=WorkflowTaskDraft.__doc__,
        type=(type_name, ...),
    )
    return create_model(
        "WorkflowDraftOutput",
        __base__=WorkflowDraftOutput,
        __doc__=WorkflowDraftOutput.__doc__,
        tasks=(list[task], Field(min_length=MIN_DRAFT_TASKS, max_length=MAX_DRAFT_TASKS)),
    )


def draft_schema() -> type[WorkflowDraftOutput]:
    """What the model must return, its task `type` one of the registered task types."""
    return _schema_for(task_type_names())


def draft_instruction() -> str:
    """The system instruction of the drafter, listing every registered task type."""
    kinds = "\n".join(f"- {t.name}: {t.summary}" for t in task_types())
    return (
        "You design multi-step AI workflows. Return one JSON object with a name, a description "
        f"and {MIN_DRAFT_TASKS} to {MAX_DRAFT_TASKS} tasks. Each task has a unique id (letters, "
        "digits, _ or -), a name, a description, a type (one of the task types below), "
        "dependencies (ids of earlier tasks; no cycles; independent tasks run in parallel), "
        "inputKeys (dot paths such as userInput.text, userInput.image, userInput.file or an "
        "earlier task's outputKey), an outputKey, and for prompt tasks a promptTemplate that uses "
        "{{inputKey}} placeholders.\n\nTask types:\n" + kinds
    )


def draft_prompt(goal: str) -> str:
    """The drafter's request."""
    return f"Goal of the workflow: {goal.strip()}\n\nReturn the workflow as JSON."


def draft_layout(tasks: list[dict[str, Any]]) -> None:
    """Canvas positions left to right by dependency depth; parallel tasks stacked."""
    depth: dict[str, int] = {}
    by_id = {task["id"]: task for task in tasks}

    def level(task_id: str) -> int:
        # The graph is checked acyclic and has at most MAX_DRAFT_TASKS tasks: recursion is safe.
        if task_id not in depth:
            deps = [d for d in by_id[task_id]["dependencies"] if d in by_id]
            depth[task_id] = 1 + max((level(d) for d in deps), default=-1)
        return depth[task_id]

    rows: dict[int, int] = {}
    for task in tasks:
        column = level(task["id"])
        task["positionX"] = MARGIN + column * COLUMN_WIDTH
        task["positionY"] = MARGIN + rows.get(column, 0) * ROW_HEIGHT
        rows[column] = rows.get(column, 0) + 1


def draft_task_complete(task: Mapping[str, Any]) -> dict[str, Any]:
    """What a generated task may leave out, filled from its type's draft defaults."""
    completed = {k: v for k, v in task.items() if k != "promptId"}
    task_type = task_type_get(str(completed.get("type")))
    defaults = task_type.draft_defaults(completed) if task_type is not None else {}
    for key, value in defaults.items():
        if completed.get(key) in (None, ""):
            completed[key] = value
    return completed


def _draft_finish(data: Mapping[str, Any], generated_by: Mapping[str, str]) -> dict[str, Any]:
    tasks = [draft_task_complete(task) for task in data["tasks"]]
    draft_layout(tasks)
    try:
        cleaned = tasks_validate(tasks)
    except ValidationFailed as exc:
        errors = [
            f"{path}: {m}" for path, messages in exc.details["fields"].items() for m in messages
        ]
        raise AIOutputInvalid(
            "The AI returned a workflow that is not valid: " + "; ".join(errors[:5]),
            details={"errors": errors},
        ) from exc
    return {
        "name": data["name"],
        "description": data["description"],
        "tasks": cleaned,
        "generatedBy": dict(generated_by),
    }


def workflow_draft_generate(*, user: User, goal: str) -> dict[str, Any]:
    """A goal → an unsaved workflow that passes the checks of a saved one (502 when it cannot)."""
    result = json_generate(
        user=user,
        prompt=draft_prompt(goal),
        schema=draft_schema(),
        system_instruction=draft_instruction(),
        purpose="generate_workflow",
    )
    return _draft_finish(result.data, {"provider": result.provider, "model": result.model})
