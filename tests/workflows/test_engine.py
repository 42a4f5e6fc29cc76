"""The pure engine: order, every task type against a fake provider, skipping, retries, resume."""

from __future__ import annotations

import base64

import pytest

from tests.workflows.engine_fakes import Hooks, Services
from tests.workflows.factories import task
from workflows.engine.executors import EngineConfig
from workflows.engine.graph import CycleError, cycle_find, topological_order
from workflows.engine.ports import LinkedPrompt
from workflows.engine.runner import run_execute, states_for_resume


def run(
    tasks, *, services=None, prompts=None, user_input=None, states=None, store=None, hooks=None
):
    services = services or Services()
    store = store if store is not None else {"userInput": user_input or {"text": "hi"}}
    states = states if states is not None else {}
    hooks = hooks or Hooks()
    outcome = run_execute(
        tasks=tasks,
        store=store,
        states=states,
        services=services,
        prompts=prompts or {},
        config=EngineConfig(task_retry_backoff_seconds=0),
        hooks=hooks,
        sleep=lambda s: None,
    )
    return outcome, store, states, services, hooks


@pytest.mark.parametrize(
    ("graph", "order"),
    [
        ({"a": [], "b": ["a"], "c": ["b"]}, ["a", "b", "c"]),
        ({"c": ["b"], "b": ["a"], "a": []}, ["a", "b", "c"]),
        ({"r": ["x", "y"], "x": ["i"], "y": ["i"], "i": []}, ["i", "x", "y", "r"]),
        ({"a": [], "b": []}, ["a", "b"]),
    ],
)
def test_topological_order(graph, order):
    assert topological_order(graph) == order


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": ["a"]}, ["a", "a"]),
        ({"a": ["b"], "b": ["a"]}, ["a", "b", "a"]),
        ({"s": [], "a": ["c", "s"], "b": ["a"], "c": ["b"]}, ["a", "c", "b", "a"]),
        ({"a": [], "b": ["a"]}, None),
    ],
)
def test_cycle_is_named(graph, cycle):
    assert cycle_find(graph) == cycle


def test_topological_order_raises_with_the_cycle():
    with pytest.raises(CycleError, match="a → b → a"):
        topological_order({"a": ["b"], "b": ["a"]})


def test_a_long_chain_does_not_hit_the_recursion_limit():
    graph = {f"t{i}": [f"t{i - 1}"] if i else [] for i in range(5000)}
    assert topological_order(graph)[-1] == "t4999"


def test_data_store_flows_through_outputs_and_inputs():
    tasks = [
        task("a", "DATA_INPUT", staticValue={"who": "{{ userInput.text }}"}),
        task("b", dependencies=["a"], inputKeys=["aOut.who"], promptTemplate="Greet {{who}}"),
    ]
    outcome, store, states, _, hooks = run(tasks)
    assert outcome.status == "completed"
    assert store["aOut"] == {"who": "hi"}
    assert store["bOut"] == "<Greet hi>"
    assert states["b"]["status"] == "COMPLETED"
    assert hooks.events == [
        ("task.started", "a"),
        ("task.completed", "a"),
        ("task.started", "b"),
        ("task.completed", "b"),
    ]


def test_linked_prompt_is_rendered_and_its_tenor_mode_is_the_system_instruction():
    tasks = [task("p", promptTemplate="", promptId="P1", inputKeys=["userInput.text"])]
    prompts = {"P1": LinkedPrompt(text="Explain {{ text }}", system_instruction="You are a tutor.")}
    _, store, _, services, _ = run(tasks, prompts=prompts)
    assert store["pOut"] == "<Explain hi>"
    assert services.requests[0].system_instruction == "You are a tutor."


def test_agent_config_overrides_model_parameters_and_system_instruction():
    agent = {
        "model": "m-1",
        "temperature": 0.1,
        "topK": 5,
        "topP": 0.5,
        "systemInstruction": "Be brief.",
    }
    tasks = [task("p", promptId="P1", agentConfig=agent)]
    prompts = {"P1": LinkedPrompt(text="x", system_instruction="Tenor")}
    _, _, _, services, _ = run(tasks, prompts=prompts)
    request = services.requests[0]
    assert request.model == "m-1"
    assert request.parameters == {"temperature": 0.1, "top_k": 5, "top_p": 0.5}
    assert request.system_instruction == "Be brief."


def test_a_missing_linked_prompt_fails_the_task():
    outcome, _, states, _, _ = run([task("p", promptId="gone")])
    assert states["p"]["status"] == "FAILED"
    assert "does not exist" in states["p"]["error"]
    assert outcome.status == "failed"


def test_grounded_task_returns_text_and_sources():
    _, store, _, services, _ = run([task("g", "GEMINI_GROUNDED")])
    assert store["gOut"] == {"text": "<Find hi>", "sources": [{"title": "S", "uri": "https://s"}]}
    assert services.requests[0].grounded is True


def test_image_analysis_sends_the_image_from_the_store():
    image = {"name": "a.png", "type": "image/png", "base64": base64.b64encode(b"PNG").decode()}
    _, store, _, services, _ = run([task("i", "IMAGE_ANALYSIS")], user_input={"image": image})
    assert store["iOut"] == "<Describe it>"
    assert services.requests[0].images[0].data == b"PNG"
    assert services.requests[0].images[0].mime_type == "image/png"


def test_image_analysis_without_an_image_fails():
    _, _, states, _, _ = run([task("i", "IMAGE_ANALYSIS")])
    assert "no image" in states["i"]["error"]


def test_text_manipulation_runs_in_the_sandbox():
    tasks = [
        task(
            "t",
            "TEXT_MANIPULATION",
            inputKeys=["userInput.text"],
            functionBody="return inputs.text + '!';",
        )
    ]
    _, store, _, _, _ = run(tasks)
    assert store["tOut"] == "hi!"


def test_text_manipulation_syntax_error_is_a_failed_task_with_the_message():
    tasks = [task("t", "TEXT_MANIPULATION", functionBody="return (;")]
    _, _, states, _, _ = run(tasks)
    assert states["t"]["status"] == "FAILED"
    assert "SyntaxError" in states["t"]["error"]


def test_display_chart_marks_name_value_lists_chart_ready():
    data = [{"name": "a", "value": 1}, {"name": "b", "value": 2.5}]
    tasks = [
        task("d", "DATA_INPUT", staticValue=data),
        task("c", "DISPLAY_CHART", dependencies=["d"], dataKey="dOut"),
        task("x", "DISPLAY_CHART", dataKey="userInput.text"),
        task("m", "DISPLAY_CHART", dataKey="nowhere"),
    ]
    _, store, states, _, _ = run(tasks)
    assert store["cOut"] == {"data": data, "chartReady": True}
    assert store["xOut"] == {"data": "hi", "chartReady": False}
    assert states["m"]["status"] == "FAILED"


def test_simulate_process_echoes_its_inputs():
    _, store, _, _, _ = run([task("s", "SIMULATE_PROCESS", inputKeys=["userInput.text"])])
    assert store["sOut"] == {"simulated": True, "inputs": {"text": "hi"}}


def test_document_search_uses_the_templated_query():
    tasks = [
        task(
            "s",
            "DOCUMENT_SEARCH",
            promptTemplate="about {{userInput.text}}",
            agentConfig={"topK": 3},
        )
    ]
    _, store, _, services, _ = run(tasks)
    assert services.searches == [("about hi", 3)]
    assert store["sOut"]["query"] == "about hi"
    assert store["sOut"]["results"][0]["fileName"] == "a.txt"


def test_missing_placeholder_is_a_warning_not_a_failure():
    _, store, states, _, _ = run([task("p", promptTemplate="Use {{ghost}}")])
    assert store["pOut"] == "<Use {{ghost}}>"
    assert states["p"]["warnings"] and "ghost" in states["p"]["warnings"][0]


def test_a_failed_task_skips_its_dependents_and_independent_branches_go_on():
    tasks = [
        task("a", promptTemplate="A [[x]]"),
        task("b", dependencies=["a"]),
        task("c", dependencies=["b"]),
        task("d"),
        task("e", dependencies=["d"]),
    ]
    outcome, store, states, _, hooks = run(tasks, services=Services(fail={"[[x]]": 1}))
    assert [states[t]["status"] for t in "abcde"] == [
        "FAILED",
        "SKIPPED",
        "SKIPPED",
        "COMPLETED",
        "COMPLETED",
    ]
    assert states["b"]["error"] == "skipped: dependency a failed"
    assert states["c"]["error"] == "skipped: dependency b was skipped"
    assert outcome.status == "failed"
    assert outcome.error == "task a failed: failed on [[x]]"
    assert ("task.skipped", "b") in hooks.events
    assert "bOut" not in store


def test_retryable_errors_are_retried_and_permanent_ones_are_not():
    retried = Services(fail={"[[x]]": 2}, retryable=True)
    _, _, states, _, _ = run([task("a", promptTemplate="[[x]]")], services=retried)
    assert states["a"]["status"] == "COMPLETED"
    assert states["a"]["attempts"] == 3

    permanent = Services(fail={"[[x]]": 1}, retryable=False)
    _, _, states, _, _ = run([task("a", promptTemplate="[[x]]")], services=permanent)
    assert states["a"]["status"] == "FAILED"
    assert len(permanent.requests) == 1


def test_retryable_errors_give_up_after_the_retries():
    services = Services(fail={"[[x]]": 10}, retryable=True)
    _, _, states, _, _ = run([task("a", promptTemplate="[[x]]")], services=services)
    assert states["a"]["status"] == "FAILED"
    assert len(services.requests) == 3


def test_resume_reruns_only_what_did_not_complete():
    tasks = [
        task("a"),
        task("b", dependencies=["a"], promptTemplate="B [[x]]"),
        task("c", dependencies=["b"]),
        task("d"),
    ]
    services = Services(fail={"[[x]]": 1})
    _, store, states, _, _ = run(tasks, services=services)
    assert len(services.requests) == 3  # a, b (failed), d

    states, store = states_for_resume(tasks, states, store)
    assert [states[t]["status"] for t in "abcd"] == ["COMPLETED", "PENDING", "PENDING", "COMPLETED"]
    outcome, store, states, _, hooks = run(tasks, services=services, states=states, store=store)
    assert outcome.status == "completed"
    assert len(services.requests) == 5  # only b and c again
    assert [e[1] for e in hooks.events if e[0] == "task.started"] == ["b", "c"]


def test_a_stopping_hook_discards_the_late_result():
    hooks = Hooks(stop_after=2)  # started a, then completed a is refused
    outcome, _, _, services, _ = run([task("a"), task("b")], hooks=hooks)
    assert outcome.status == "stopped"
    assert len(services.requests) == 1
