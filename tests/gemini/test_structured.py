"""Parsing, repairing and validating model output (no network)."""

import json

import pytest

from gemini import schemas, structured
from gemini.schemas import (
    WorkflowDraftOutput,
    set_workflow_graph_check,
    workflow_graph_errors,
)

from .drafts import workflow_draft


def test_parses_json_in_a_fence_with_prose_around_it():
    text = "Sure! Here is the prompt:\n```json\n" + json.dumps({"a": 1}) + "\n```\nHope it helps."
    assert structured.parse_json_object(text) == {"a": 1}


def test_parses_json_with_prose_and_no_fence():
    assert structured.parse_json_object('The answer is {"a": [1, 2]} as requested.') == {
        "a": [1, 2]
    }


def test_repairs_a_trailing_comma():
    assert structured.parse_json_object('{"a": 1, "b": [1, 2,],}') == {"a": 1, "b": [1, 2]}


def test_repairs_truncated_json():
    value = structured.parse_json_object('{"title": "Hello", "notes": "cut off mid')
    assert value["title"] == "Hello"
    assert value["notes"].startswith("cut off")


def test_repairs_an_unclosed_fence():
    text = '```json\n{"a": "b", "c": ["d"'
    assert structured.parse_json_object(text) == {"a": "b", "c": ["d"]}


@pytest.mark.parametrize("text", ["", "no json here at all", "[1, 2, 3]", "```json\n```"])
def test_rejects_answers_without_an_object(text):
    with pytest.raises(structured.OutputProblem):
        structured.parse_json_object(text)


def test_json_schema_mapping_is_validated_and_coerced():
    schema = {
        "type": "object",
        "properties": {
            "tags": {"type": "array", "items": {"type": "string"}},
            "n": {"type": "integer"},
        },
        "required": ["tags", "n"],
    }
    assert structured.validate({"tags": "one", "n": 2}, schema) == {"tags": ["one"], "n": 2}
    with pytest.raises(structured.OutputProblem) as info:
        structured.validate({"tags": [], "n": "two"}, schema)
    assert info.value.errors[0]["path"] == "n"


def test_builtin_graph_check_finds_cycles_unknown_dependencies_and_duplicate_ids():
    cyclic = workflow_draft()
    cyclic["tasks"][0]["dependencies"] = ["report"]
    unknown = workflow_draft()
    unknown["tasks"][1]["dependencies"] = ["nope"]
    duplicate = workflow_draft()
    duplicate["tasks"][2]["id"] = "input"
    assert workflow_graph_errors(workflow_draft()) == []
    assert workflow_graph_errors(cyclic) == ["task dependencies form a cycle"]
    assert workflow_graph_errors(unknown) == ["task sentiment depends on unknown task nope"]
    assert "task ids must be unique; repeated: input" in workflow_graph_errors(duplicate)


def test_workflow_draft_validation_applies_the_graph_check():
    cyclic = workflow_draft()
    cyclic["tasks"][0]["dependencies"] = ["report"]
    with pytest.raises(structured.OutputProblem) as info:
        structured.validate(cyclic, WorkflowDraftOutput)
    assert "cycle" in info.value.summary


def test_workflow_draft_needs_three_to_eight_tasks():
    draft = workflow_draft()
    draft["tasks"] = draft["tasks"][:2]
    with pytest.raises(structured.OutputProblem):
        structured.validate(draft, WorkflowDraftOutput)


def test_workflow_graph_check_can_be_replaced(monkeypatch):
    # Keep whatever check another app installed for the tests that follow.
    monkeypatch.setattr(schemas, "_graph_check", schemas._graph_check)
    set_workflow_graph_check(lambda draft: ["no DISPLAY_CHART allowed"])
    with pytest.raises(structured.OutputProblem) as info:
        structured.validate(workflow_draft(), WorkflowDraftOutput)
    assert "no DISPLAY_CHART allowed" in info.value.summary
    set_workflow_graph_check(None)
    assert schemas._graph_check is workflow_graph_errors
