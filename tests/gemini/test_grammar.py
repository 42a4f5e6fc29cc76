"""The local model's grammar: every string and array bounded, no control characters in strings."""

import re

from gemini import structured
from gemini.grammar import gbnf_from_schema
from gemini.schemas import WorkflowDraftOutput
from prompts.wizard_schemas import PromptDraftOutput


def test_every_string_and_array_is_bounded():
    grammar = gbnf_from_schema(structured.json_schema_of(PromptDraftOutput), max_string=300)
    assert "char*" not in grammar and "char+" not in grammar
    bounds = [int(high) for high in re.findall(r"char\{\d+,(\d+)\}", grammar)]
    assert bounds and max(bounds) == 300
    assert min(bounds) == 120  # the title keeps its own, smaller bound
    assert re.search(r"targetaudience ::= .*\{0,4\}", grammar)


def test_strings_ban_quotes_backslashes_and_control_characters():
    grammar = gbnf_from_schema({"type": "object", "properties": {"a": {"type": "string"}}})
    assert 'char ::= [^"\\\\\\x00-\\x1F\\x7F]' in grammar


def test_required_strings_are_not_empty_and_enums_are_literal():
    grammar = gbnf_from_schema(structured.json_schema_of(WorkflowDraftOutput))
    assert re.search(r'root-value-name ::= "\\"" char\{1,', grammar)
    assert '"\\"DATA_INPUT\\""' in grammar
    # 3 to 8 tasks: one item then 2..(cap-1) more.
    assert re.search(r"root-value-tasks ::= .*\{2,5\}", grammar)
    assert "[A-Za-z] [A-Za-z0-9_-]{0,39}" in grammar
