"""The API's JSON parser: camelCase keys in, and no NUL characters anywhere in the document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from djangorestframework_camel_case.parser import CamelCaseJSONParser
from rest_framework.exceptions import ParseError


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


class JSONParser(CamelCaseJSONParser):  # type: ignore[misc]
    """PostgreSQL stores no NUL in text or JSONB; refuse it here, once, as a 400 for any route."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        if _has_nul(data):
            raise ParseError("JSON strings may not contain the NUL character (\\u0000).")
        return data
