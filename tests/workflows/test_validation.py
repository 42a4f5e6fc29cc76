"""Every validation rule, table-driven: one broken workflow per row, the field and the message."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from core.exceptions import ValidationFailed
from tests.workflows.factories import chain, task
from workflows.validation import tasks_validate


def _valid() -> list[dict[str, Any]]:
    return [
        task("a", "DATA_INPUT"),
        task("b", dependencies=["a"]),
        task("c", dependencies=["b"]),
    ]


def _with(index: int, **fields: Any) -> list[dict[str, Any]]:
    tasks = _valid()
    tasks[index].update(fields)
    return tasks


def _without(index: int, key: str) -> list[dict[str, Any]]:
    tasks = _valid()
    del tasks[index][key]
    return tasks


CASES = [
    ("no tasks", [], "tasks", "1 to 50 tasks, not 0"),
    ("51 tasks", chain(51), "tasks", "1 to 50 tasks, not 51"),
    ("not a list", {"a": 1}, "tasks", "list of task objects"),
    ("missing id", _without(0, "id"), "tasks.0.id", "id is required"),
    ("id with a space", _with(0, id="a b"), "tasks.0.id", "not a valid id"),
    ("id with a dot", _with(0, id="a.b"), "tasks.0.id", "not a valid id"),
    ("id too long", _with(0, id="x" * 101), "tasks.0.id", "not a valid id"),
    ("duplicate id", _with(2, id="a", dependencies=[]), "tasks.2.id", "already used by task 0"),
    ("blank name", _with(1, name="  "), "tasks.1.name", "name is required"),
    ("unknown type", _with(1, type="SEND_EMAIL"), "tasks.1.type", "Must be one of"),
    (
        "unknown dependency",
        _with(1, dependencies=["zz"]),
        "tasks.1.dependencies",
        "unknown task zz",
    ),
    (
        "dependencies not a list",
        _with(1, dependencies="a"),
        "tasks.1.dependencies",
        "list of task ids",
    ),
    ("self cycle", _with(0, dependencies=["a"]), "tasks", "cycle: a → a"),
    ("three-task cycle", _with(0, dependencies=["c"]), "tasks", "cycle: a → c → b → a"),
    ("missing outputKey", _without(1, "outputKey"), "tasks.1.outputKey", "output key is required"),
    (
        "duplicate outputKey",
        _with(2, outputKey="aOut"),
        "tasks.2.outputKey",
        "already written by task a",
    ),
    ("reserved outputKey", _with(0, outputKey="userInput"), "tasks.0.outputKey", "reserved"),
    ("outputKey with a dot", _with(0, outputKey="a.b"), "tasks.0.outputKey", "not valid"),
    ("inputKey not a path", _with(1, inputKeys=["a..b"]), "tasks.1.inputKeys", "not a dot path"),
    (
        "prompt task without prompt",
        _without(1, "promptTemplate"),
        "tasks.1.promptTemplate",
        "needs a promptId or a promptTemplate",
    ),
    (
        "grounded without prompt",
        [task("g", "GEMINI_GROUNDED", promptTemplate="")],
        "tasks.0.promptTemplate",
        "needs a promptId",
    ),
    (
        "image without prompt",
        [task("i", "IMAGE_ANALYSIS", promptTemplate="")],
        "tasks.0.promptTemplate",
        "needs a promptId",
    ),
    (
        "code without functionBody",
        [task("t", "TEXT_MANIPULATION", functionBody=" ")],
        "tasks.0.functionBody",
        "needs a functionBody",
    ),
    (
        "data input without staticValue",
        _without(0, "staticValue"),
        "tasks.0.staticValue",
        "needs a staticValue",
    ),
    (
        "chart without dataKey",
        [task("d", "DISPLAY_CHART", dataKey="")],
        "tasks.0.dataKey",
        "needs a dataKey",
    ),
    (
        "search without query",
        [task("s", "DOCUMENT_SEARCH", promptTemplate="")],
        "tasks.0.promptTemplate",
        "(the query)",
    ),
    ("promptId not a uuid", _with(1, promptId="abc"), "tasks.1.promptId", "one of your prompts"),
    (
        "temperature above 2",
        _with(1, agentConfig={"temperature": 2.1}),
        "tasks.1.agentConfig.temperature",
        "between 0 and 2",
    ),
    (
        "temperature below 0",
        _with(1, agentConfig={"temperature": -0.1}),
        "tasks.1.agentConfig.temperature",
        "between 0 and 2",
    ),
    (
        "temperature as text",
        _with(1, agentConfig={"temperature": "hot"}),
        "tasks.1.agentConfig.temperature",
        "number",
    ),
    ("topK 0", _with(1, agentConfig={"topK": 0}), "tasks.1.agentConfig.topK", "between 1 and 40"),
    ("topK 41", _with(1, agentConfig={"topK": 41}), "tasks.1.agentConfig.topK", "between 1 and 40"),
    (
        "topK fractional",
        _with(1, agentConfig={"topK": 2.5}),
        "tasks.1.agentConfig.topK",
        "whole number",
    ),
    (
        "topP above 1",
        _with(1, agentConfig={"topP": 1.01}),
        "tasks.1.agentConfig.topP",
        "between 0 and 1",
    ),
    ("agentConfig not an object", _with(1, agentConfig=[1]), "tasks.1.agentConfig", "object"),
    ("position not a number", _with(1, positionX="left"), "tasks.1.positionX", "number"),
    (
        "code too long",
        [task("t", "TEXT_MANIPULATION", functionBody="x" * 20_001)],
        "tasks.0.functionBody",
        "At most",
    ),
    # Wrong JSON types anywhere must be a 400 naming the field, never a crash (found by fuzzing).
    ("dependencies not a list", _with(1, dependencies=True), "tasks.1.dependencies", "list"),
    (
        "dependencies of objects",
        _with(1, dependencies=[{"id": "a"}]),
        "tasks.1.dependencies",
        "list",
    ),
    ("id an object", _with(0, id={"x": 1}), "tasks.0.id", "required"),
    ("type an object", _with(0, type={"x": 1}), "tasks.0.type", "Must be one of"),
    ("output key an object", _with(0, outputKey={"x": 1}), "tasks.0.outputKey", "required"),
    (
        "code not a string",
        [task("t", "TEXT_MANIPULATION", functionBody=7)],
        "tasks.0.functionBody",
        "string",
    ),
]


@pytest.mark.parametrize(
    ("tasks", "field", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_invalid_workflow_names_the_field_and_the_problem(tasks, field, message):
    with pytest.raises(ValidationFailed) as caught:
        tasks_validate(tasks)
    fields = caught.value.details["fields"]
    assert field in fields, fields
    assert any(message in m for m in fields[field]), fields[field]


VALID = [
    ("one task", [task("only", "DATA_INPUT")]),
    ("fifty tasks", chain(50)),
    ("parallel branches", [*_valid(), task("d", dependencies=["a"])]),
    ("edge ranges", [task("x", agentConfig={"temperature": 0, "topK": 40, "topP": 1})]),
    ("upper ranges", [task("x", agentConfig={"temperature": 2, "topK": 1, "topP": 0})]),
    ("hyphen and digits", [task("step-1_A", "DATA_INPUT", staticValue={"k": [1, 2]})]),
    ("falsy static value", [task("z", "DATA_INPUT", staticValue=0)]),
    ("linked prompt only", [task("p", promptTemplate="", promptId=str(uuid.uuid4()))]),
]


@pytest.mark.parametrize("tasks", [c[1] for c in VALID], ids=[c[0] for c in VALID])
def test_valid_workflow_passes(tasks):
    assert len(tasks_validate(tasks)) == len(tasks)


def test_unknown_keys_are_dropped_and_defaults_filled():
    (cleaned,) = tasks_validate([{**task("a", "DATA_INPUT"), "evil": 1, "dependencies": None}])
    assert "evil" not in cleaned
    assert cleaned["dependencies"] == []


def test_every_problem_is_reported_at_once():
    tasks = _with(1, name="", agentConfig={"topP": 3})
    tasks[2]["type"] = "NOPE"
    with pytest.raises(ValidationFailed) as caught:
        tasks_validate(tasks)
    assert {"tasks.1.name", "tasks.1.agentConfig.topP", "tasks.2.type"} <= set(
        caught.value.details["fields"]
    )


def test_prompt_ids_not_owned_are_refused_after_one_lookup():
    mine, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    lookups = []

    def owned(ids):
        lookups.append(set(ids))
        return {mine}

    tasks = [task("a", promptId=mine), task("b", promptId=theirs), task("c", promptId=mine)]
    with pytest.raises(ValidationFailed) as caught:
        tasks_validate(tasks, owned_prompt_ids=owned)
    assert lookups == [{mine, theirs}]
    assert list(caught.value.details["fields"]) == ["tasks.1.promptId"]
