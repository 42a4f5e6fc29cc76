"""The `{{ name }}` placeholders of a prompt text (SFL.md, "Running a prompt").

One renderer for every prompt that is run: a stored prompt's test, the gateway's test-prompt route
and the wizard's list of a draft's variables.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

PLACEHOLDER: Final = re.compile(r"{{\s*(\w+)\s*}}")


def placeholders_find(text: str) -> list[str]:
    """The placeholder names of `text`, in order of first appearance, each once."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def placeholders_fill(text: str, values: Mapping[str, Any]) -> str:
    """Every placeholder named in `values` replaced, each occurrence; None becomes "".

    A placeholder without a value stays as written, so a missing input is visible in the output.
    """

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        value = values[name]
        return "" if value is None else str(value)

    return PLACEHOLDER.sub(substitute, text)
