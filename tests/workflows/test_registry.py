"""A new task type is one registration: validated, executed, documented, offered to the drafter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from rest_framework.fields import ChoiceField
from rest_framework.test import APIClient

from core.exceptions import ValidationFailed
from gemini import structured
from tests.workflows.engine_fakes import Hooks, Services
from tests.workflows.factories import task
from workflows.drafting import draft_instruction, draft_schema, draft_task_complete
from workflows.engine.executors import EngineConfig, TaskContext
from workflows.engine.registry import (
    Requirement,
    TaskType,
    task_type_names,
    task_type_register,
    task_type_unregister,
)
from workflows.engine.runner import run_execute
from workflows.serializers import WorkflowTaskSerializer
from workflows.validation import tasks_validate

ECHO = "ECHO_FOR_TEST"


def _echo(ctx: TaskContext) -> Any:
    return {"echoed": ctx.text(str(ctx.task["dataKey"]))}


@pytest.fixture
def echo_type() -> Iterator[TaskType]:
    task_type = TaskType(
        ECHO,
        "repeats the template in its dataKey (a test type)",
        _echo,
        (
            Requirement(
                "dataKey", "An ECHO task needs a dataKey.", lambda t: bool(t.get("dataKey"))
            ),
        ),
        lambda t: {"dataKey": "{{ userInput.text }}"},
    )
    task_type_register(task_type)
    try:
        yield task_type
    finally:
        task_type_unregister(ECHO)
    assert ECHO not in task_type_names()


def _echo_task(**fields: Any) -> dict[str, Any]:
    return {**task("e", "SIMULATE_PROCESS"), "type": ECHO, **fields}


def test_an_unregistered_type_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        tasks_validate([_echo_task(dataKey="x")])
    assert "tasks.0.type" in caught.value.details["fields"]


def test_a_registered_type_is_validated_with_its_requirements(echo_type):
    with pytest.raises(ValidationFailed) as caught:
        tasks_validate([_echo_task()])
    assert caught.value.details["fields"] == {"tasks.0.dataKey": ["An ECHO task needs a dataKey."]}
    assert tasks_validate([_echo_task(dataKey="hi")])[0]["type"] == ECHO


def test_a_registered_type_is_executed_by_the_engine(echo_type):
    store: dict[str, Any] = {"userInput": {"text": "hello"}}
    states: dict[str, dict[str, Any]] = {}
    outcome = run_execute(
        tasks=tasks_validate([_echo_task(dataKey="say {{ userInput.text }}")]),
        store=store,
        states=states,
        services=Services(),
        prompts={},
        config=EngineConfig(),
        hooks=Hooks(),
    )
    assert outcome.status == "completed"
    assert store["eOut"] == {"echoed": "say hello"}
    assert states["e"]["status"] == "COMPLETED"


def test_a_registered_type_is_offered_to_the_drafter_and_completed(echo_type):
    assert f"- {ECHO}: repeats the template in its dataKey" in draft_instruction()
    schema = structured.json_schema_of(draft_schema())
    assert ECHO in schema["properties"]["tasks"]["items"]["properties"]["type"]["enum"]
    assert draft_task_complete({"type": ECHO})["dataKey"] == "{{ userInput.text }}"
    type_field = WorkflowTaskSerializer().fields["type"]
    assert isinstance(type_field, ChoiceField)
    assert ECHO in type_field.choices


@pytest.mark.django_db
def test_a_registered_type_saves_over_http_and_a_drafted_one_is_accepted(echo_type, user, llm):
    # A plain client: the schema the other API tests check against is built once per process, so
    # a type registered inside this test is not in it (the registry, not the schema, is tested).
    api_client = APIClient()
    api_client.force_authenticate(user)
    saved = api_client.post(
        "/api/workflows",
        {"name": "Echo", "tasks": [_echo_task(dataKey="x")]},
        format="json",
    )
    assert saved.status_code == 201, saved.json()

    def drafted(task_id: str, task_type: str, deps: list[str]) -> dict[str, Any]:
        return {
            "id": task_id,
            "name": task_id,
            "description": "A step.",
            "type": task_type,
            "dependencies": deps,
            "inputKeys": [],
            "outputKey": f"{task_id}Out",
            "promptTemplate": "Do it",
        }

    tasks = [drafted("a", ECHO, []), drafted("b", ECHO, ["a"]), drafted("c", "GEMINI_PROMPT", [])]
    llm.reply_json({"name": "Echoes", "description": "Two echoes.", "tasks": tasks})
    response = api_client.post("/api/workflows/orchestrate", {"request": "echo"}, format="json")
    assert response.status_code == 200, response.json()
    assert [t["dataKey"] for t in response.json()["tasks"][:2]] == ["{{ userInput.text }}"] * 2
    sent = json.dumps(llm.last.body)
    assert ECHO in sent  # in the schema and the instructions the model received
