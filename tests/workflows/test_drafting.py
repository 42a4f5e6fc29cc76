"""AI drafting of workflows, both routes: real gateway and SDK → the fake LLM on loopback."""

from __future__ import annotations

import json
import re

import pytest

from gemini import structured
from gemini.grammar import gbnf_from_schema
from gemini.models import ProviderCall
from tests.workflows.drafts import workflow_draft
from tests.workflows.factories import task
from workflows.drafting import draft_graph_errors, draft_schema
from workflows.models import Workflow

ROUTES = [("/api/workflows/orchestrate", "request"), ("/api/gemini/generate-workflow", "goal")]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "key"), ROUTES)
def test_both_routes_answer_a_completed_laid_out_draft_that_saves(api_client, llm, route, key):
    llm.reply_json(workflow_draft())

    response = api_client.post(route, {key: "Summarize articles"}, format="json")

    assert response.status_code == 200, response.json()
    draft = response.json()
    assert "Summarize articles" in llm.last.body["contents"][0]["parts"][0]["text"]
    assert draft["generatedBy"] == {"provider": "gemini", "model": "gemini-2.5-flash"}
    tasks = {t["id"]: t for t in draft["tasks"]}
    assert tasks["input"]["staticValue"] == "{{ userInput.text }}"
    assert tasks["input"]["positionX"] < tasks["sentiment"]["positionX"]
    assert tasks["sentiment"]["positionX"] < tasks["report"]["positionX"]
    assert tasks["sentiment"]["positionX"] == tasks["summary"]["positionX"]
    assert tasks["sentiment"]["positionY"] != tasks["summary"]["positionY"]
    assert tasks["report"]["inputKeys"] == ["sentimentResult", "summaryResult"]
    assert ProviderCall.objects.get().purpose == "generate_workflow"
    saved = api_client.post(
        "/api/workflows",
        {"name": draft["name"], "description": draft["description"], "tasks": draft["tasks"]},
        format="json",
    )
    assert saved.status_code == 201, saved.json()
    assert Workflow.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "key"), ROUTES)
def test_a_cyclic_draft_is_asked_again_with_the_cycle_then_502(api_client, llm, route, key):
    cyclic = workflow_draft()
    cyclic["tasks"][0]["dependencies"] = ["report"]
    llm.reply_json(cyclic)
    llm.reply_json(cyclic)

    response = api_client.post(route, {key: "loop"}, format="json")

    assert response.status_code == 502
    body = response.json()
    assert body["code"] == "ai_output_invalid"
    assert "cycle" in json.dumps(body["details"])
    assert "cycle" in llm.requests[1].body["contents"][0]["parts"][0]["text"]
    assert not Workflow.objects.exists()


@pytest.mark.django_db
def test_a_draft_that_fails_the_saved_workflow_rules_is_502_naming_the_rule(api_client, llm):
    draft = workflow_draft()
    draft["tasks"][1]["promptTemplate"] = ""  # a GEMINI_PROMPT needs a template
    llm.reply_json(draft)

    response = api_client.post("/api/workflows/orchestrate", {"request": "x"}, format="json")

    assert response.status_code == 502
    errors = response.json()["details"]["errors"]
    assert errors == [
        "tasks.1.promptTemplate: A GEMINI_PROMPT task needs a promptId or a promptTemplate."
    ]
    assert llm.calls == 1  # the graph was fine, so the model was not asked again


@pytest.mark.django_db
def test_orchestrate_request_is_limited_to_2000_characters(api_client, llm):
    response = api_client.post("/api/workflows/orchestrate", {"request": "x" * 2001}, format="json")
    assert response.status_code == 400
    assert llm.calls == 0


def test_the_graph_check_names_cycles_unknown_dependencies_and_repeated_ids():
    cyclic = workflow_draft()
    cyclic["tasks"][0]["dependencies"] = ["report"]
    unknown = workflow_draft()
    unknown["tasks"][1]["dependencies"] = ["nope"]
    duplicate = workflow_draft()
    duplicate["tasks"][2]["id"] = "input"
    assert draft_graph_errors(workflow_draft()) == []
    assert draft_graph_errors(cyclic) == [
        "tasks: The dependencies form a cycle: input → report → sentiment → input."
    ]
    assert draft_graph_errors(unknown) == ["tasks.1.dependencies: Depends on unknown task nope."]
    assert (
        "tasks.2.id: Task ids must be unique: input is already used by task 0."
        in draft_graph_errors(duplicate)
    )


def test_the_graph_check_reports_structure_only():
    draft = {"tasks": [task("a", dependencies=["b"]), task("b", dependencies=["a"], type="X")]}
    errors = draft_graph_errors(draft)
    assert any("cycle: a → b → a" in e for e in errors)
    assert not any("type" in e for e in errors)


def test_the_schema_applies_the_graph_check_and_three_to_eight_tasks():
    cyclic = workflow_draft()
    cyclic["tasks"][0]["dependencies"] = ["report"]
    with pytest.raises(structured.OutputProblem, match="cycle"):
        structured.validate(cyclic, draft_schema())
    short = workflow_draft()
    short["tasks"] = short["tasks"][:2]
    with pytest.raises(structured.OutputProblem):
        structured.validate(short, draft_schema())
    unknown_type = workflow_draft()
    unknown_type["tasks"][0]["type"] = "NOT_A_TYPE"
    with pytest.raises(structured.OutputProblem, match="type"):
        structured.validate(unknown_type, draft_schema())


def test_the_local_models_grammar_bounds_strings_and_lists_the_task_types():
    grammar = gbnf_from_schema(structured.json_schema_of(draft_schema()))
    assert re.search(r'root-value-name ::= "\\"" char\{1,', grammar)
    assert '"\\"DATA_INPUT\\""' in grammar
    # 3 to 8 tasks: one item then 2..(cap-1) more.
    assert re.search(r"root-value-tasks ::= .*\{2,5\}", grammar)
    assert "[A-Za-z] [A-Za-z0-9_-]{0,39}" in grammar
