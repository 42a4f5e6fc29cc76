"""Variables, substitution and the system instruction of prompts/rendering.py."""

from __future__ import annotations

import pytest

from prompts.rendering import prompt_render, prompt_system_instruction, prompt_variables


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("No placeholders.", []),
        ("{{a}} {{ b }} {{a}}", ["a", "b"]),
        ("{{  spaced_name   }}", ["spaced_name"]),
        ("{{ two words }} {{}} { {x} } {{x-y}}", []),
        ("{{z}}{{y}}{{z}}{{x}}", ["z", "y", "x"]),
    ],
)
def test_prompt_variables_are_unique_and_ordered(text, expected):
    assert prompt_variables(text) == expected


def test_prompt_render_replaces_every_occurrence():
    assert prompt_render("{{a}}, {{ a }} and {{b}}", {"a": "x", "b": 2}) == "x, x and 2"


def test_prompt_render_turns_blank_values_into_empty_strings():
    assert prompt_render("[{{a}}][{{b}}]", {"a": "", "b": None}) == "[][]"


def test_prompt_render_leaves_unknown_placeholders_as_written():
    assert prompt_render("Hi {{ name }}", {}) == "Hi {{ name }}"


def test_prompt_render_does_not_reinterpret_substituted_text():
    assert prompt_render("{{a}} {{b}}", {"a": "{{b}}", "b": "B"}) == "{{b}} B"


FULL_TENOR = {
    "ai_persona": "Historian",
    "target_audience": ["Teenagers (13-17 years)", "General Public"],
    "desired_tone": "Enthusiastic",
    "interpersonal_stance": "Speak as a storyteller",
}
FULL_MODE = {
    "output_format": "Markdown",
    "rhetorical_structure": "chronological",
    "length_constraint": "Short Paragraph (~50 words)",
    "textual_directives": "Use dates",
}


def test_system_instruction_with_every_field():
    assert prompt_system_instruction(FULL_TENOR, FULL_MODE) == (
        "You will act as a Historian. Your tone should be Enthusiastic. "
        "You are writing for Teenagers (13-17 years), General Public. Speak as a storyteller. "
        "Format the answer as Markdown with a chronological structure, "
        "Short Paragraph (~50 words). Follow these directives: Use dates."
    )


def test_system_instruction_skips_unset_fields():
    tenor = {"ai_persona": "", "target_audience": [], "desired_tone": "Formal"}
    mode = {"output_format": "JSON", "rhetorical_structure": "", "length_constraint": ""}

    assert prompt_system_instruction(tenor, mode) == (
        "Your tone should be Formal. Format the answer as JSON."
    )


def test_system_instruction_is_empty_without_tenor_and_mode():
    assert prompt_system_instruction({}, {}) == ""


def test_system_instruction_accepts_a_single_audience_string_and_ends_sentences_once():
    tenor = {"target_audience": "Experts", "interpersonal_stance": "Be direct."}
    mode = {"length_constraint": "Single Sentence", "textual_directives": "No lists."}

    assert prompt_system_instruction(tenor, mode) == (
        "You are writing for Experts. Be direct. Length: Single Sentence. "
        "Follow these directives: No lists."
    )
