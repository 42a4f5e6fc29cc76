"""Pure helpers for running a prompt: its variables, their substitution, the system instruction.

The SFL mappings they take use the snake_case keys stored in `Prompt.metadata`
(`ai_persona`, `target_audience`, ...), as returned by `Prompt.sfl_tenor` and `Prompt.sfl_mode`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

VARIABLE_PATTERN: Final = re.compile(r"{{\s*(\w+)\s*}}")


def prompt_variables(text: str) -> list[str]:
    """The `{{ name }}` placeholders of `text`, in order of first appearance, each once."""
    return list(dict.fromkeys(VARIABLE_PATTERN.findall(text)))


def prompt_render(text: str, values: Mapping[str, Any]) -> str:
    """Replace every placeholder named in `values`; a blank value becomes an empty string.

    A placeholder without a value stays as written, so a missing input is visible in the output.
    """

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        value = values[name]
        return "" if value is None else str(value)

    return VARIABLE_PATTERN.sub(substitute, text)


def _text(mapping: Mapping[str, Any], key: str) -> str:
    value = mapping.get(key)
    return value.strip() if isinstance(value, str) else ""


def _sentence(text: str) -> str:
    """`text` ending with exactly one full stop (unless it already ends with ! or ?)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _audiences(tenor: Mapping[str, Any]) -> list[str]:
    raw = tenor.get("target_audience")
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple):
        return []
    return [item.strip() for item in raw if isinstance(item, str) and item.strip()]


def prompt_system_instruction(tenor: Mapping[str, Any], mode: Mapping[str, Any]) -> str:
    """The Tenor and Mode as a system instruction; each sentence only when its field is set."""
    sentences: list[str] = []
    if persona := _text(tenor, "ai_persona"):
        sentences.append(f"You will act as a {persona}.")
    if tone := _text(tenor, "desired_tone"):
        sentences.append(f"Your tone should be {tone}.")
    if audiences := _audiences(tenor):
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
