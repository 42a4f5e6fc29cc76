"""What the models must produce for workflow generation.

Every string and list is bounded: the bounds go into the JSON Schema the providers (and the local
model's grammar) receive, and validation enforces them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from gemini.structured import MediumText as Medium
from gemini.structured import OutputModel as _Draft
from gemini.structured import ShortText as Short

TaskType = Literal[
    "DATA_INPUT",
    "GEMINI_PROMPT",
    "GEMINI_GROUNDED",
    "IMAGE_ANALYSIS",
    "TEXT_MANIPULATION",
    "DISPLAY_CHART",
    "SIMULATE_PROCESS",
    "DOCUMENT_SEARCH",
]
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")]
DataPath = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,99}$")]


class WorkflowTaskDraft(_Draft):
    """One task of a generated workflow."""

    id: Identifier
    name: Short
    description: Medium
    type: TaskType
    dependencies: list[Identifier] = Field(max_length=8)
    input_keys: list[DataPath] = Field(max_length=8)
    output_key: Identifier
    prompt_template: Annotated[str, StringConstraints(max_length=2000)] = ""
    position_x: int = 0
    position_y: int = 0


WorkflowGraphCheck = Callable[[Mapping[str, Any]], list[str]]


def workflow_graph_errors(draft: Mapping[str, Any]) -> list[str]:
    """Unique task ids, known dependencies, no cycles (the checks of the workflows validator)."""
    tasks: list[Mapping[str, Any]] = list(draft.get("tasks", []))
    errors: list[str] = []
    ids = [str(task["id"]) for task in tasks]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        errors.append("task ids must be unique; repeated: " + ", ".join(duplicates))
    known = set(ids)
    for task in tasks:
        for dependency in task.get("dependencies", []):
            if dependency not in known:
                errors.append(f"task {task['id']} depends on unknown task {dependency}")
            elif dependency == task["id"]:
                errors.append(f"task {task['id']} depends on itself")
    if not errors and _has_cycle({str(t["id"]): list(t.get("dependencies", [])) for t in tasks}):
        errors.append("task dependencies form a cycle")
    return errors


def _has_cycle(graph: Mapping[str, list[str]]) -> bool:
    state: dict[str, int] = {}

    def visit(node: str) -> bool:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1 or (state.get(nxt) is None and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(state.get(node) is None and visit(node) for node in graph)


# The workflows app may install its own validator here (workflows → gemini is allowed; the reverse
# is not), so a generated draft passes exactly the checks of `POST /api/workflows`.
_graph_check: WorkflowGraphCheck = workflow_graph_errors


def set_workflow_graph_check(check: WorkflowGraphCheck | None) -> None:
    """Replace the draft's graph check (None restores the built-in one)."""
    global _graph_check
    _graph_check = check or workflow_graph_errors


class WorkflowDraftOutput(_Draft):
    """A workflow as the model must return it."""

    name: Short
    description: Medium
    tasks: list[WorkflowTaskDraft] = Field(min_length=3, max_length=8)

    @model_validator(mode="after")
    def _graph_is_valid(self) -> WorkflowDraftOutput:
        errors = _graph_check(self.model_dump(by_alias=True))
        if errors:
            raise ValueError("; ".join(errors))
        return self
