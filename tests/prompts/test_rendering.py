"""The system instruction of prompts/rendering.py (placeholders: tests/core/)."""

from __future__ import annotations

from prompts.rendering import prompt_system_instruction

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
