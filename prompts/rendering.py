"""The system instruction of a prompt that is run: its Tenor and Mode as sentences.

Its `{{ variables }}` are filled by `core.placeholders`. The SFL mappings taken here use the
snake_case keys stored in `Prompt.metadata` (`ai_persona`, `target_audience`, ...), as returned by
`Prompt.sfl_tenor` and `Prompt.sfl_mode`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import sfl


def _text(mapping: Mapping[str, Any], key: str) -> str:
    value = mapping.get(key)
    return value.strip() if isinstance(value, str) else ""


def _sentence(text: str) -> str:
    """`text` ending with exactly one full stop (unless it already ends with ! or ?)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def prompt_system_instruction(tenor: Mapping[str, Any], mode: Mapping[str, Any]) -> str:
    """The Tenor and Mode as a system instruction; each sentence only when its field is set."""
    sentences: list[str] = []
    if persona := _text(tenor, "ai_persona"):
        sentences.append(f"You will act as a {persona}.")
    if tone := _text(tenor, "desired_tone"):
        sentences.append(f"Your tone should be {tone}.")
    if audiences := sfl.audiences_as_list(tenor.get("target_audience")):
        sentences.append(f"You are writing for {', '.join(audiences)}.")
    if stance := _text(tenor, "interpersonal_stance"):
        sentences.append(_sentence(stance))

    output_format = _text(mode, "output_format")
    structure = _text(mode, "rhetorical_structure")
    length = _text(mode, "length_constraint")
    if output_format or structure:
        layout = "Format the answer"
        if output_format:
            layout += f" as {output_format}"
        if structure:
            layout += f" with a {structure} structure"
        if length:
            layout += f", {length}"
        sentences.append(_sentence(layout))
    elif length:
        sentences.append(_sentence(f"Length: {length}"))
    if directives := _text(mode, "textual_directives"):
        sentences.append(_sentence(f"Follow these directives: {directives}"))
    return " ".join(sentences)
