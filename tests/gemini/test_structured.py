"""Parsing, repairing and validating model output (no network)."""

import json

import pytest

from gemini import structured


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
