"""Prompt library files: JSON (our import format) and Markdown (for reading)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from djangorestframework_camel_case.render import CamelCaseJSONRenderer

from core import sfl
from core.filenames import file_name_download
from prompts.models import Prompt
from prompts.serializers import PromptOutputSerializer


def prompt_export_json(prompts: Iterable[Prompt]) -> bytes:
    """A JSON array of prompts in the API shape, without the test state; `import` reads it back."""
    items = []
    for data in PromptOutputSerializer(list(prompts), many=True).data:
        item = dict(data)
        item.pop("last_test", None)
        items.append(item)
    return bytes(CamelCaseJSONRenderer().render(items, renderer_context={"indent": 2}))


def _fenced(text: str) -> str:
    # The fence must be longer than any backtick run inside, or the prompt text would close it.
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _section(prompt: Prompt, level: int) -> str:
    heading = "#" * level
    sub = "#" * (level + 1)
    parts = [f"{heading} {prompt.title}", f"{sub} Prompt", _fenced(prompt.body)]
    for section in sfl.SECTIONS:
        values: dict[str, Any] = getattr(prompt, section.name)
        lines = []
        for key in section.keys:
            value = values.get(key.name)
            text = ", ".join(value) if isinstance(value, list) else str(value or "")
            lines.append(f"- **{key.label}:** {text.strip() or '—'}")
        parts += [f"{sub} {section.label}", "\n".join(lines)]
    if prompt.example_output:
        parts += [f"{sub} Example output", _fenced(prompt.example_output)]
    if prompt.notes:
        parts += [f"{sub} Notes", prompt.notes.strip()]
    if prompt.source_document:
        parts += [f"{sub} Source document", prompt.source_document["name"] or "(unnamed)"]
    return "\n\n".join(parts)


def prompt_export_markdown(prompts: Sequence[Prompt], *, single: bool = False) -> str:
    """One section per prompt: title, text, the Field/Tenor/Mode lists, example, notes, source."""
    if single:
        return "\n\n".join(_section(prompt, 1) for prompt in prompts) + "\n"
    sections = [_section(prompt, 2) for prompt in prompts]
    body = "\n\n---\n\n".join(sections) if sections else "_No prompts._"
    return f"# SFL Prompt Library\n\n{body}\n"


def prompt_export_filename(*, title: str | None, extension: str) -> str:
    """A safe ASCII file name: the prompt's slug, or the library's name with today's date."""
    if title is None:
        return f"sfl-prompts-{date.today().isoformat()}.{extension}"
    return file_name_download(title, extension=extension, default="prompt")
