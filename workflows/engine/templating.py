"""Templates over the data store: `{{ a.b.c }}` placeholders with dot paths.

A template that is exactly one placeholder yields the raw value (objects and images intact);
otherwise each placeholder becomes text (objects as indented JSON). A missing key stays as written
and a warning is recorded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

PLACEHOLDER: Final = re.compile(r"{{\s*([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*}}")
# A data store path as a task names it (`inputKeys`, `dataKey`): dot-separated names.
DATA_PATH: Final = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")
MISSING: Final = object()


@dataclass
class Rendered:
    """The value of a rendered template and what could not be resolved."""

    value: Any
    warnings: list[str] = field(default_factory=list)


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


def template_render(template: str, context: Mapping[str, Any]) -> Rendered:
    """Render one template string against `context` (see the module docstring)."""
    warnings: list[str] = []
    whole = PLACEHOLDER.fullmatch(template.strip())
    if whole is not None:
        value = path_get(context, whole.group(1))
        if value is MISSING:
            return Rendered(template, [_missing_warning(whole.group(1))])
        return Rendered(value, warnings)

    def substitute(match: re.Match[str]) -> str:
        value = path_get(context, match.group(1))
        if value is MISSING:
            warnings.append(_missing_warning(match.group(1)))
            return match.group(0)
        return value_as_text(value)

    return Rendered(PLACEHOLDER.sub(substitute, template), warnings)


def template_render_text(template: str, context: Mapping[str, Any]) -> Rendered:
    """Like `template_render`, but the value is always text (a prompt to send)."""
    rendered = template_render(template, context)
    return Rendered(value_as_text(rendered.value), rendered.warnings)


def value_render(value: Any, context: Mapping[str, Any]) -> Rendered:
    """Render every string inside `value` (a static value may be an object holding templates)."""
    if isinstance(value, str):
        return template_render(value, context)
    warnings: list[str] = []
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            rendered = value_render(item, context)
            out[key] = rendered.value
            warnings.extend(rendered.warnings)
        return Rendered(out, warnings)
    if isinstance(value, list):
        items = []
        for item in value:
            rendered = value_render(item, context)
            items.append(rendered.value)
            warnings.extend(rendered.warnings)
        return Rendered(items, warnings)
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
