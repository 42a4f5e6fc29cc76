"""Validation of a workflow's tasks, run on every save and every run, with readable messages.

Pure: the one rule that needs the database (a `promptId` must be one of the caller's prompts) is
passed in as a function, so the service answers it with one query. Tasks use the API's camelCase
keys, also in storage (`graph_data`), since task ids and output keys are user-chosen names.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Collection, Mapping
from typing import Any, Final

from core.exceptions import ValidationFailed
from workflows.engine.agent import AGENT_KEYS, AGENT_PARAMETERS, AGENT_TEXT_KEYS
from workflows.engine.graph import graph_problems
from workflows.engine.registry import TaskType, task_type_get, task_type_names
from workflows.engine.templating import DATA_PATH

MIN_TASKS: Final = 1
MAX_TASKS: Final = 50
ID_PATTERN: Final = re.compile(r"^[A-Za-z0-9_-]+$")
RESERVED_OUTPUT_KEYS: Final = frozenset({"userInput"})
MAX_ID_CHARS: Final = 100
MAX_NAME_CHARS: Final = 200
MAX_TEXT_CHARS: Final = 20_000
MAX_STATIC_VALUE_BYTES: Final = 1_000_000
TASK_KEYS: Final = (
    "id",
    "name",
    "description",
    "type",
    "dependencies",
    "inputKeys",
    "outputKey",
    "promptId",
    "promptTemplate",
    "agentConfig",
    "functionBody",
    "staticValue",
    "dataKey",
    "positionX",
    "positionY",
)

Problems = dict[str, list[str]]
Add = Callable[[str, str], None]
OwnedPromptIds = Callable[[Collection[str]], Collection[str]]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def task_normalize(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Known keys only, with defaults for the optional lists and texts."""
    task = {key: raw[key] for key in TASK_KEYS if key in raw and raw[key] is not None}
    task.setdefault("description", "")
    task.setdefault("dependencies", [])
    task.setdefault("inputKeys", [])
    if _string_list(task.get("dependencies")):
        task["dependencies"] = list(dict.fromkeys(task["dependencies"]))
    agent = task.get("agentConfig")
    if isinstance(agent, Mapping):
        task["agentConfig"] = {k: agent[k] for k in AGENT_KEYS if agent.get(k) not in (None, "")}
    return task


def _identity_problems(at: str, task: Mapping[str, Any], add: Add) -> None:
    task_id = task.get("id")
    if not isinstance(task_id, str) or not task_id:
        add(f"{at}.id", "A task id is required.")
    elif len(task_id) > MAX_ID_CHARS or not ID_PATTERN.match(task_id):
        add(f"{at}.id", f"{task_id!r} is not a valid id: use 1-100 letters, digits, _ or -.")
    name = task.get("name")
    if not isinstance(name, str) or not name.strip():
        add(f"{at}.name", "A task name is required.")
    elif len(name) > MAX_NAME_CHARS:
        add(f"{at}.name", f"At most {MAX_NAME_CHARS} characters.")
    if not isinstance(task.get("description"), str):
        add(f"{at}.description", "Must be a string.")
    if _task_type_of(task) is None:
        add(f"{at}.type", f"Must be one of {', '.join(task_type_names())}.")


def _data_flow_problems(at: str, task: Mapping[str, Any], add: Add) -> None:
    if not _string_list(task.get("dependencies")):
        add(f"{at}.dependencies", "Must be a list of task ids.")
    keys = task.get("inputKeys")
    if not _string_list(keys):
        add(f"{at}.inputKeys", "Must be a list of data store paths.")
    else:
        for key in keys or []:
            if not DATA_PATH.match(key):
                add(f"{at}.inputKeys", f"{key!r} is not a dot path like task1.summary.")
    output_key = task.get("outputKey")
    if not isinstance(output_key, str) or not output_key:
        add(f"{at}.outputKey", "An output key is required.")
    elif len(output_key) > MAX_ID_CHARS or not ID_PATTERN.match(output_key):
        add(f"{at}.outputKey", f"{output_key!r} is not valid: use letters, digits, _ or -.")
    elif output_key in RESERVED_OUTPUT_KEYS:
        add(f"{at}.outputKey", f"{output_key} is reserved for the run's input.")


def _content_problems(at: str, task: Mapping[str, Any], add: Add) -> None:
    for text_key in ("promptTemplate", "functionBody"):
        value = task.get(text_key)
        if value is not None and not isinstance(value, str):
            add(f"{at}.{text_key}", "Must be a string.")
        elif isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            add(f"{at}.{text_key}", f"At most {MAX_TEXT_CHARS} characters.")
    prompt_id = task.get("promptId")
    if prompt_id is not None and prompt_id != "":
        try:
            uuid.UUID(str(prompt_id))
        except ValueError:
            add(f"{at}.promptId", "Must be the id of one of your prompts.")
    for position in ("positionX", "positionY"):
        if position in task and not _is_number(task[position]):
            add(f"{at}.{position}", "Must be a number.")
    if "staticValue" in task:
        size = len(json.dumps(task["staticValue"], default=str))
        if size > MAX_STATIC_VALUE_BYTES:
            add(f"{at}.staticValue", f"At most {MAX_STATIC_VALUE_BYTES} bytes of JSON.")


def _task_type_of(task: Mapping[str, Any]) -> TaskType | None:
    name = task.get("type")
    # Looked up by name: an object as type is unhashable, so it must be a string first.
    return task_type_get(name) if isinstance(name, str) else None


def _requirement_problems(at: str, task: Mapping[str, Any], add: Add) -> None:
    task_type = _task_type_of(task)
    for requirement in task_type.requirements if task_type else ():
        if not requirement.met(task):
            add(f"{at}.{requirement.field}", requirement.message)


def _agent_problems(at: str, task: Mapping[str, Any], add: Add) -> None:
    agent = task.get("agentConfig")
    if agent is None:
        return
    if not isinstance(agent, Mapping):
        add(f"{at}.agentConfig", "Must be an object.")
        return
    for parameter in AGENT_PARAMETERS:
        value = agent.get(parameter.key)
        path = f"{at}.agentConfig.{parameter.key}"
        if value is None:
            continue
        if not _is_number(value):
            add(path, "Must be a whole number." if parameter.whole else "Must be a number.")
        elif parameter.whole and not float(value).is_integer():
            add(path, "Must be a whole number.")
        elif not parameter.low <= value <= parameter.high:
            add(path, f"Must be between {parameter.low:g} and {parameter.high:g}.")
    for key in AGENT_TEXT_KEYS:
        if key in agent and not isinstance(agent[key], str):
            add(f"{at}.agentConfig.{key}", "Must be a string.")


_TASK_CHECKS: Final = (
    _identity_problems,
    _data_flow_problems,
    _content_problems,
    _requirement_problems,
    _agent_problems,
)


def _output_key_problems(tasks: list[Mapping[str, Any]], add: Add) -> None:
    outputs: dict[str, int] = {}
    for index, task in enumerate(tasks):
        key = task.get("outputKey")
        if not isinstance(key, str):
            continue
        if key in outputs:
            add(
                f"tasks.{index}.outputKey",
                f"Output key {key} is already written by task {tasks[outputs[key]].get('id')}.",
            )
        outputs.setdefault(key, index)


def tasks_problems(tasks: Any) -> Problems:
    """Every rule that needs no database, as `{field path: [messages]}` (empty when valid)."""
    problems: Problems = {}

    def add(path: str, message: str) -> None:
        problems.setdefault(path, []).append(message)

    if not isinstance(tasks, list) or not all(isinstance(t, Mapping) for t in tasks):
        add("tasks", "Must be a list of task objects.")
        return problems
    if not MIN_TASKS <= len(tasks) <= MAX_TASKS:
        add("tasks", f"A workflow has {MIN_TASKS} to {MAX_TASKS} tasks, not {len(tasks)}.")
        if len(tasks) > MAX_TASKS:
            return problems
    for index, task in enumerate(tasks):
        for check in _TASK_CHECKS:
            check(f"tasks.{index}", task, add)
    for problem in graph_problems(tasks):
        at = "tasks" if problem.index is None else f"tasks.{problem.index}.{problem.field}"
        add(at, problem.message)
    _output_key_problems(tasks, add)
    return problems


def tasks_validate(
    tasks: Any, *, owned_prompt_ids: OwnedPromptIds | None = None
) -> list[dict[str, Any]]:
    """The normalized tasks, or ValidationFailed naming every problem.

    `owned_prompt_ids(ids)` returns which of `ids` are the caller's prompts (one query); without it
    prompt ownership is not checked (a draft that is never saved).
    """
    if isinstance(tasks, list) and all(isinstance(t, Mapping) for t in tasks):
        tasks = [task_normalize(t) for t in tasks]
    problems = tasks_problems(tasks)
    if problems:
        raise ValidationFailed(problems, "The workflow is not valid.")
    if owned_prompt_ids is not None:
        wanted = {str(t["promptId"]) for t in tasks if t.get("promptId")}
        owned = {str(p) for p in owned_prompt_ids(wanted)} if wanted else set()
        for index, task in enumerate(tasks):
            if task.get("promptId") and str(task["promptId"]) not in owned:
                problems.setdefault(f"tasks.{index}.promptId", []).append(
                    f"Prompt {task['promptId']} is not one of your prompts."
                )
        if problems:
            raise ValidationFailed(problems, "The workflow is not valid.")
    return list(tasks)
