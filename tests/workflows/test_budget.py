"""The rendering budget: rendered values, task results and the run's data store are bounded."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from tests.workflows.engine_fakes import Hooks, Services
from tests.workflows.factories import task
from workflows.engine.executors import EngineConfig
from workflows.engine.runner import run_execute
from workflows.engine.templating import TooLarge, template_render, value_chars, value_render


class CountingStore(Mapping[str, Any]):
    """A data store that counts how often a placeholder looked a value up."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.lookups = 0

    def __getitem__(self, key: str) -> Any:
        self.lookups += 1
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def test_rendering_stops_as_soon_as_the_output_passes_the_budget():
    store = CountingStore({"a": "x" * 1000})
    with pytest.raises(TooLarge):
        template_render("{{a}}" * 1000, store, max_chars=10_000)
    # 1,000 characters per placeholder: the eleventh passes 10,000, and no further one is copied
    # (a path lookup reads the store twice: `in`, then the item).
    assert store.lookups == 2 * 11


def test_within_the_budget_rendering_is_unchanged():
    assert template_render("{{a}}-{{a}}", {"a": "xy"}, max_chars=5).value == "xy-xy"
    with pytest.raises(TooLarge):
        template_render("{{a}}-{{a}}", {"a": "xy"}, max_chars=4)


def test_raw_references_count_once_per_reference():
    # `{{a}}` alone keeps the raw value, but a thousand of them are stored as a thousand copies.
    big = {"text": "x" * 1000}
    assert value_chars([big] * 1000, 50_000) <= 50_000 + 1100
    with pytest.raises(TooLarge):
        value_render(["{{a}}"] * 1000, {"a": big}, max_chars=50_000)
    assert len(value_render(["{{a}}"] * 10, {"a": big}, max_chars=50_000).value) == 10


def run(tasks, config, user_input):
    store: dict[str, Any] = {"userInput": user_input}
    states: dict[str, dict[str, Any]] = {}
    outcome = run_execute(
        tasks=tasks,
        store=store,
        states=states,
        services=Services(),
        prompts={},
        config=config,
        hooks=Hooks(),
        sleep=lambda s: None,
    )
    return outcome, store, states


def test_a_prompt_over_the_budget_fails_its_task_before_the_model_is_called():
    services_calls = Services()
    prompt = task("p", promptTemplate="{{userInput.text}} " * 100)
    store: dict[str, Any] = {"userInput": {"text": "y" * 1000}}
    states: dict[str, dict[str, Any]] = {}
    run_execute(
        tasks=[prompt],
        store=store,
        states=states,
        services=services_calls,
        prompts={},
        config=EngineConfig(max_rendered_chars=50_000),
        hooks=Hooks(),
        sleep=lambda s: None,
    )
    assert states["p"]["status"] == "FAILED"
    assert "rendered prompt is over 50,000 characters" in states["p"]["error"]
    assert "WORKFLOW_MAX_RENDERED_CHARS" in states["p"]["error"]
    assert services_calls.requests == []


def test_a_result_over_the_budget_fails_its_task_and_is_not_stored():
    chart = task("c", "DISPLAY_CHART", dataKey="userInput.text")
    outcome, store, states = run([chart], EngineConfig(max_result_chars=1000), {"text": "z" * 2000})
    assert outcome.status == "failed"
    assert "WORKFLOW_MAX_RESULT_CHARS" in states["c"]["error"]
    assert "cOut" not in store


def test_the_data_store_is_bounded_across_tasks():
    # Each chart copies the 600-character input: the store passes 2,000 with the third result.
    tasks = [task(f"c{i}", "DISPLAY_CHART", dataKey="userInput.text") for i in range(3)]
    config = EngineConfig(max_result_chars=1000, max_store_chars=2000)
    _, store, states = run(tasks, config, {"text": "z" * 600})
    assert [states[f"c{i}"]["status"] for i in range(3)] == ["COMPLETED", "COMPLETED", "FAILED"]
    assert "WORKFLOW_MAX_STORE_CHARS" in states["c2"]["error"]
    assert "c2Out" not in store


def test_run_task_refuses_to_amplify_a_small_request(api_client):
    # The review's request: 11 KB that rendered to a 1,004,158-character result.
    body = {
        "task": task("t", "DATA_INPUT", staticValue="{{userInput.text}}" * 100),
        "userInput": {"text": "w" * 10_000},
    }
    response = api_client.post("/api/workflows/run-task", body, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "FAILED"
    assert response.json()["result"] is None
    assert "WORKFLOW_MAX_RENDERED_CHARS" in response.json()["error"]
    assert len(response.content) < 10_000
