"""The local model's grammar: every string and array bounded, no control characters in strings."""

import re

from gemini import structured
from gemini.grammar import gbnf_from_schema
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
