"""The `{{ name }}` placeholders of core/placeholders.py (SFL.md, "Running a prompt")."""

from __future__ import annotations

import pytest

from core.placeholders import placeholders_fill, placeholders_find


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("No placeholders.", []),
        ("{{a}} {{ b }} {{a}}", ["a", "b"]),
        ("{{  spaced_name   }}", ["spaced_name"]),
        ("{{ two words }} {{}} { {x} } {{x-y}}", []),
        ("{{z}}{{y}}{{z}}{{x}}", ["z", "y", "x"]),
        ("{{b}} {{ a }} {{b}} {x}", ["b", "a"]),
    ],
)
def test_placeholders_are_unique_and_ordered(text, expected):
    assert placeholders_find(text) == expected


def test_every_occurrence_is_filled():
    assert placeholders_fill("{{a}}, {{ a }} and {{b}}", {"a": "x", "b": 2}) == "x, x and 2"


def test_blank_values_become_empty_strings():
    assert placeholders_fill("[{{a}}][{{b}}]", {"a": "", "b": None}) == "[][]"


def test_placeholders_without_a_value_stay_as_written():
    assert placeholders_fill("Hi {{ name }} and {{ missing }}", {}) == (
        "Hi {{ name }} and {{ missing }}"
    )


def test_filled_text_is_not_reinterpreted():
    assert placeholders_fill("{{a}} {{b}}", {"a": "{{b}}", "b": "B"}) == "{{b}} B"


def test_names_keep_their_case():
    assert placeholders_fill("{{userName}} {{user_name}}", {"userName": "A", "user_name": "B"}) == (
        "A B"
    )
