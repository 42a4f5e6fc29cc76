"""The task types: per type its executor, the fields it requires, and what a draft may leave out.

The one list of task types. Validation, the API schema's `type` choices, the runner, the AI
drafter's schema and its instructions all read it, so a new task type is one `TaskType(...)` here
(or one `task_type_register` call).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from workflows.engine import executors
from workflows.engine.executors import TaskContext
from workflows.engine.templating import DATA_PATH

Executor = Callable[[TaskContext], Any]
Task = Mapping[str, Any]


@dataclass(frozen=True)
class Requirement:
    """A rule a task of one type must meet; `field` is where validation reports `message`."""

    field: str
    message: str
    met: Callable[[Task], bool]


def _no_defaults(task: Task) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class TaskType:
    """One kind of task.

    `summary` tells the drafter what the type does; `draft_defaults(task)` gives the fields a
    generated task may leave empty, filled the way a person would in the editor.
    """

    name: str
    summary: str
    executor: Executor
    requirements: tuple[Requirement, ...] = ()
    draft_defaults: Callable[[Task], dict[str, Any]] = _no_defaults


_REGISTRY: dict[str, TaskType] = {}


def task_type_register(task_type: TaskType) -> None:
    """Add a task type (or replace the one of the same name)."""
    _REGISTRY[task_type.name] = task_type


def task_type_unregister(name: str) -> None:
    """Remove a task type (tests that register their own)."""
    _REGISTRY.pop(name, None)


def task_type_get(name: str) -> TaskType | None:
    """The task type called `name`, if there is one."""
    return _REGISTRY.get(name)


def task_types() -> tuple[TaskType, ...]:
    """Every task type, in registration order."""
    return tuple(_REGISTRY.values())


def task_type_names() -> tuple[str, ...]:
    """The names of every task type, in registration order."""
    return tuple(_REGISTRY)


def _prompt_or_template(name: str) -> Requirement:
    return Requirement(
        "promptTemplate",
        f"A {name} task needs a promptId or a promptTemplate.",
        lambda task: bool(task.get("promptId") or task.get("promptTemplate")),
    )


def _first_input_as_template(task: Task) -> dict[str, Any]:
    keys = task.get("inputKeys") or ["userInput.text"]
    return {"staticValue": "{{ " + str(keys[0]) + " }}"}


def _first_input_as_data_key(task: Task) -> dict[str, Any]:
    keys = task.get("inputKeys") or []
    return {"dataKey": keys[0]} if keys else {}


def _is_data_path(value: Any) -> bool:
    return isinstance(value, str) and DATA_PATH.match(value) is not None


def _has_code(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


for _task_type in (
    TaskType(
        "DATA_INPUT",
        "a fixed value or a template over the run's input, e.g. {{ userInput.text }}",
        executors.data_input,
        (
            Requirement(
                "staticValue",
                "A DATA_INPUT task needs a staticValue.",
                lambda task: "staticValue" in task,
            ),
        ),
        _first_input_as_template,
    ),
    TaskType(
        "SIMULATE_PROCESS",
        "a placeholder step that passes its inputs on",
        executors.simulate_process,
    ),
    TaskType(
        "DISPLAY_CHART",
        "shows the list of {name, value} items at its first input key as a chart",
        executors.display_chart,
        (
            Requirement(
                "dataKey",
                "A DISPLAY_CHART task needs a dataKey (a data store path).",
                lambda task: _is_data_path(task.get("dataKey")),
            ),
        ),
        _first_input_as_data_key,
    ),
    TaskType(
        "GEMINI_PROMPT",
        "one call of the language model with the promptTemplate",
        executors.gemini_prompt,
        (_prompt_or_template("GEMINI_PROMPT"),),
    ),
    TaskType(
        "GEMINI_GROUNDED",
        "a model call grounded in web search; answers text and its sources",
        executors.gemini_grounded,
        (_prompt_or_template("GEMINI_GROUNDED"),),
    ),
    TaskType(
        "IMAGE_ANALYSIS",
        "a model call about the image among its inputs or userInput.image",
        executors.image_analysis,
        (_prompt_or_template("IMAGE_ANALYSIS"),),
    ),
    TaskType(
        "TEXT_MANIPULATION",
        "a small JavaScript function over its inputs (reshaping, counting, joining)",
        executors.text_manipulation,
        (
            Requirement(
                "functionBody",
                "A TEXT_MANIPULATION task needs a functionBody.",
                lambda task: _has_code(task.get("functionBody")),
            ),
        ),
        lambda task: {"functionBody": "return inputs;"},
    ),
    TaskType(
        "DOCUMENT_SEARCH",
        "searches the user's uploaded documents; the promptTemplate is the query",
        executors.document_search,
        (
            Requirement(
                "promptTemplate",
                "A DOCUMENT_SEARCH task needs a promptTemplate (the query).",
                lambda task: bool(task.get("promptTemplate")),
            ),
        ),
    ),
):
    task_type_register(_task_type)
