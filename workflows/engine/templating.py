"""Templates over the data store: `{{ a.b.c }}` placeholders with dot paths.

A template that is exactly one placeholder yields the raw value (objects and images intact);
otherwise each placeholder becomes text (objects as indented JSON). A missing key stays as written
and a warning is recorded.

Rendering is budgeted: each placeholder copies its whole value, so a small template over a large
value would otherwise make a huge string (a 1 MB value, a thousand placeholders). The output is
counted while it is built and rendering stops with `TooLarge` as soon as it passes `max_chars`;
raw values are counted by `value_chars` (references to one object count once per reference, as
they would be stored).

Prompt text is rendered with a fence (`template_render_text(..., fence=...)`): every value, from
documents, user input or earlier tasks, is then wrapped as data, the single placeholder too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

PLACEHOLDER: Final = re.compile(r"{{\s*([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*}}")
# A data store path as a task names it (`inputKeys`, `dataKey`): dot-separated names.
DATA_PATH: Final = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")
MISSING: Final = object()


class TooLarge(Exception):
    """A rendered value passed its budget of `limit` characters."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"over {limit:,} characters")
        self.limit = limit


@dataclass
class Rendered:
    """The value of a rendered template and what could not be resolved."""

    value: Any
    warnings: list[str] = field(default_factory=list)
    fenced: bool = False


def path_get(data: Any, path: str) -> Any:
    """The value at a dot path (`task1.summary`, `items.0.name`), or the `MISSING` sentinel."""
    current = data
    for segment in path.split("."):
        if isinstance(current, Mapping) and segment in current:
            current = current[segment]
        elif isinstance(current, list) and segment.isdigit() and int(segment) < len(current):
            current = current[int(segment)]
        else:
            return MISSING
    return current


def value_as_text(value: Any) -> str:
    """A value as it appears inside a larger text: strings as is, everything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, indent=2, ensure_ascii=False, default=str)
    return json.dumps(value, default=str)


def value_chars(value: Any, limit: int | None = None) -> int:
    """About how many characters `value` takes as JSON; counting stops once past `limit`.

    Walks the value without serializing it (a list holding one large object a thousand times is
    counted a thousand times, and given up on after the limit, not built first).
    """
    total = 0
    pending = [value]
    while pending and (limit is None or total <= limit):
        item = pending.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, Mapping):
            total += 2 + sum(len(str(key)) + 4 for key in item)
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            total += 2 + len(item)
            pending.extend(item)
        else:
            total += len(json.dumps(item, default=str))
    return total


class _Budget:
    """What is left of one rendering's `limit` characters (None: unlimited)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.left = limit

    def spend(self, chars: int) -> None:
        if self.limit is None or self.left is None:
            return
        self.left -= chars
        if self.left < 0:
            raise TooLarge(self.limit)

    def spend_value(self, value: Any) -> None:
        if self.left is not None:
            self.spend(value_chars(value, self.left))


def template_render(
    template: str, context: Mapping[str, Any], *, max_chars: int | None = None
) -> Rendered:
    """Render one template string against `context` (see the module docstring).

    Raises `TooLarge` once the output passes `max_chars` characters (before building the rest).
    """
    return _render(template, context, _Budget(max_chars))


Fence = Callable[[str, str], str]


def _render(
    template: str, context: Mapping[str, Any], budget: _Budget, fence: Fence | None = None
) -> Rendered:
    warnings: list[str] = []
    fenced = False
    whole = PLACEHOLDER.fullmatch(template.strip())
    if whole is not None and fence is None:
        value = path_get(context, whole.group(1))
        if value is MISSING:
            budget.spend(len(template))
            return Rendered(template, [_missing_warning(whole.group(1))])
        budget.spend_value(value)
        return Rendered(value, warnings)
    parts: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(template):
        parts.append(template[position : match.start()])
        value = path_get(context, match.group(1))
        if value is MISSING:
            warnings.append(_missing_warning(match.group(1)))
            parts.append(match.group(0))
        elif fence is not None:
            parts.append(fence(match.group(1), value_as_text(value)))
            fenced = True
        else:
            parts.append(value_as_text(value))
        position = match.end()
        budget.spend(len(parts[-2]) + len(parts[-1]))
    parts.append(template[position:])
    budget.spend(len(parts[-1]))
    return Rendered("".join(parts), warnings, fenced)


def template_render_text(
    template: str,
    context: Mapping[str, Any],
    *,
    max_chars: int | None = None,
    fence: Fence | None = None,
) -> Rendered:
    """Like `template_render`, but the value is always text (a prompt to send).

    With `fence(label, text)`, each value is fenced under its placeholder's path as label.
    """
    rendered = _render(template, context, _Budget(max_chars), fence)
    text = value_as_text(rendered.value)
    if max_chars is not None and len(text) > max_chars:
        raise TooLarge(max_chars)
    return Rendered(text, rendered.warnings, rendered.fenced)


def value_render(
    value: Any, context: Mapping[str, Any], *, max_chars: int | None = None
) -> Rendered:
    """Render every string inside `value` (a static value may be an object holding templates).

    `max_chars` bounds the whole rendered value, every string in it together.
    """
    return _value_render(value, context, _Budget(max_chars))


def _value_render(value: Any, context: Mapping[str, Any], budget: _Budget) -> Rendered:
    if isinstance(value, str):
        return _render(value, context, budget)
    warnings: list[str] = []
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            budget.spend(len(str(key)) + 4)
            rendered = _value_render(item, context, budget)
            out[key] = rendered.value
            warnings.extend(rendered.warnings)
        return Rendered(out, warnings)
    if isinstance(value, list):
        items = []
        for item in value:
            rendered = _value_render(item, context, budget)
            items.append(rendered.value)
            warnings.extend(rendered.warnings)
        return Rendered(items, warnings)
    budget.spend_value(value)
    return Rendered(value, warnings)


def inputs_collect(input_keys: Sequence[str], store: Mapping[str, Any]) -> Rendered:
    """`inputKeys` dot paths → `{last segment: value}`; a missing one is left out with a warning."""
    inputs: dict[str, Any] = {}
    warnings: list[str] = []
    for path in input_keys:
        value = path_get(store, path)
        if value is MISSING:
            warnings.append(f"input {path} is not in the data store")
            continue
        inputs[path.rsplit(".", 1)[-1]] = value
    return Rendered(inputs, warnings)


def _missing_warning(path: str) -> str:
    return f"placeholder {{{{{path}}}}} has no value in the data store; left as written"
