"""Parsing, repairing and validating model output (no network)."""

import json

import pytest

from gemini import structured
from gemini.schemas import PromptDraftOutput

from .drafts import prompt_draft


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


def test_target_audience_string_becomes_a_list():
    draft = prompt_draft()
    draft["sflTenor"]["targetAudience"] = "Software Developers"
    data = structured.validate(draft, PromptDraftOutput)
    assert data["sflTenor"]["targetAudience"] == ["Software Developers"]


def test_validation_errors_name_the_field():
    draft = prompt_draft()
    del draft["sflMode"]["outputFormat"]
    draft["title"] = ""
    with pytest.raises(structured.OutputProblem) as info:
        structured.validate(draft, PromptDraftOutput)
    paths = {error["path"] for error in info.value.errors}
    assert {"sflMode.outputFormat", "title"} <= paths
    assert "sflMode.outputFormat" in info.value.summary


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


def test_provider_schema_is_self_contained_and_bounded():
    schema = structured.json_schema_of(PromptDraftOutput)
    text = json.dumps(schema)
    assert "$ref" not in text and "$defs" not in text
    tenor = schema["properties"]["sflTenor"]
    assert tenor["properties"]["targetAudience"]["type"] == "array"
    assert tenor["properties"]["targetAudience"]["maxItems"] == 5
    assert schema["properties"]["title"]["maxLength"] == 120
    assert set(schema["required"]) >= {"title", "promptText", "sflField", "sflTenor", "sflMode"}


def test_the_local_model_is_held_to_the_sfl_options_and_others_are_not():
    from core import sfl
    from gemini.grammar import gbnf_from_schema
    from gemini.schemas import LocalPromptDraftOutput, PromptDraftOutput, prompt_draft_schema

    assert prompt_draft_schema("local") is LocalPromptDraftOutput
    assert prompt_draft_schema("gemini") is PromptDraftOutput
    grammar = gbnf_from_schema(structured.json_schema_of(LocalPromptDraftOutput))
    for option in (*sfl.TASK_TYPES, *sfl.AI_PERSONAS, *sfl.TARGET_AUDIENCES, *sfl.OUTPUT_FORMATS):
        assert option.replace('"', '\\"') in grammar, option
    assert "Sarcastic Bot" not in gbnf_from_schema(structured.json_schema_of(PromptDraftOutput))
