"""What the models must produce for the prompt wizard, refinement and workflow generation.

Every string and list is bounded: the bounds go into the JSON Schema the providers (and the local
model's grammar) receive, and validation enforces them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

from core import sfl

Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Medium = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=6000)]
Example = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class _Draft(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class SflFieldDraft(_Draft):
    """Field: what is happening."""

    topic: Short
    task_type: Short
    domain_specifics: Medium
    keywords: Short = Field(description="Comma-separated keywords.")


class SflTenorDraft(_Draft):
    """Tenor: who is taking part."""

    ai_persona: Short
    target_audience: list[Short] = Field(min_length=1, max_length=5)
    desired_tone: Short
    interpersonal_stance: Medium

    @field_validator("target_audience", mode="before")
    @classmethod
    def _one_audience_as_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part for part in (value.strip(),) if part]
        return value


class SflModeDraft(_Draft):
    """Mode: what part language plays."""

    output_format: Short
    rhetorical_structure: Medium
    length_constraint: Short
    textual_directives: Medium


class PromptDraftOutput(_Draft):
    """A complete prompt as the model must return it (the wizard and refinement)."""

    title: Title
    prompt_text: Long
    sfl_field: SflFieldDraft
    sfl_tenor: SflTenorDraft
    sfl_mode: SflModeDraft
    example_output: Example
    notes: Notes


def _one_of(values: tuple[str, ...]) -> Any:
    """A string field whose JSON Schema (and so the local model's grammar) lists `values`."""
    return Field(json_schema_extra={"enum": list(values)})


class LocalSflFieldDraft(SflFieldDraft):
    task_type: Short = _one_of(sfl.TASK_TYPES)


class LocalSflTenorDraft(SflTenorDraft):
    ai_persona: Short = _one_of(sfl.AI_PERSONAS)
    target_audience: list[Short] = Field(
        min_length=1,
        max_length=3,
        json_schema_extra={"items": {"enum": list(sfl.TARGET_AUDIENCES)}},
    )
    desired_tone: Short = _one_of(sfl.DESIRED_TONES)


class LocalSflModeDraft(SflModeDraft):
    output_format: Short = _one_of(sfl.OUTPUT_FORMATS)
    length_constraint: Short = _one_of(sfl.LENGTH_CONSTRAINTS)


class LocalPromptDraftOutput(PromptDraftOutput):
    """The draft for the small local model: its categorical choices held to SFL.md's options.

    A 135M-parameter model cannot pick a sensible persona or format unaided (it fills free strings
    with noise); held to the predefined lists by its grammar, those fields at least stay meaningful.
    Capable providers get `PromptDraftOutput`, where users' own values are welcome.
    """

    sfl_field: LocalSflFieldDraft
    sfl_tenor: LocalSflTenorDraft
    sfl_mode: LocalSflModeDraft


def prompt_draft_schema(provider: str) -> type[PromptDraftOutput]:
    """The draft schema to ask `provider` for."""
    return LocalPromptDraftOutput if provider == "local" else PromptDraftOutput


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
