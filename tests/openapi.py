"""Every API response a test receives is checked against the OpenAPI schema the app publishes.

`SchemaCheckedClient` is the `APIClient` of every client fixture: after each request it finds the
operation (path template and method) in the generated schema and asserts that the status code is
documented and that the body matches the documented media type and schema. A test therefore fails
on an undocumented status or a body the schema does not describe, without asking for it.

Streaming responses (server-sent events) are checked for status and content type only: reading the
stream here would take it from the test. Requests outside the schema (the admin, the docs page, an
unknown `/api/` path, a method a route does not have) have no operation to compare with.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from django.http import HttpResponseBase
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker
from rest_framework.test import APIClient

_PARAMETER = re.compile(r"\{([^}/]+)\}")
_METHODS = {"get", "put", "post", "patch", "delete"}


@cache
def openapi_document() -> dict[str, Any]:
    """The schema `/api/schema` serves, as plain JSON data (built once per test session)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    # Through the renderer: lazy translations and other Python objects become JSON values.
    return json.loads(OpenApiJsonRenderer().render(schema))  # type: ignore[no-any-return]


@cache
def _path_patterns() -> list[tuple[int, re.Pattern[str], str]]:
    """(parameter count, regex, template) per path; fewer parameters first, so literals win."""
    patterns = []
    for template in openapi_document()["paths"]:
        parts = _PARAMETER.split(template)
        # split() alternates literal text and parameter names.
        regex = "".join(
            re.escape(part) if index % 2 == 0 else "[^/]+" for index, part in enumerate(parts)
        )
        patterns.append((len(parts) // 2, re.compile(regex), template))
    return sorted(patterns, key=lambda item: item[0])


def operation_for(method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    """The path template and operation object serving `method path`, or None outside the schema."""
    if method.lower() not in _METHODS:
        return None
    for _, regex, template in _path_patterns():
        if regex.fullmatch(path):
            operation = openapi_document()["paths"][template].get(method.lower())
            return (template, operation) if operation is not None else None
    return None


def _media_type(response: HttpResponseBase) -> str:
    return str(response.get("Content-Type", "")).split(";", 1)[0].strip().lower()


def _null_allowed_beside_combinators(node: Any) -> Any:
    """`{allOf: [$ref], nullable: true}` (drf-spectacular's nullable nested object) admits null.

    OpenAPI 3.0.3 read strictly lets `nullable` act only beside a `type`, so a strict validator
    refuses null there; generated clients (and drf-spectacular) read it as "that object or null".
    The check follows the clients: such a schema becomes `anyOf: [itself, null]`.
    """
    if isinstance(node, list):
        return [_null_allowed_beside_combinators(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _null_allowed_beside_combinators(value) for key, value in node.items()}
    if node.get("nullable") is True and "type" not in node:
        rest = {key: value for key, value in node.items() if key != "nullable"}
        return {"anyOf": [rest, {"enum": [None]}]}
    return node


@cache
def _components() -> dict[str, Any]:
    return _null_allowed_beside_combinators(openapi_document()["components"])  # type: ignore[no-any-return]


def _body_errors(schema: dict[str, Any], body: Any) -> list[str]:
    # The components sit beside the schema, so its `#/components/...` references resolve.
    document = {**_null_allowed_beside_combinators(schema), "components": _components()}
    validator = OAS30ReadValidator(document, format_checker=oas30_format_checker)
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '<body>'}: {error.message}"
        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    ]


def response_schema_errors(method: str, path: str, response: HttpResponseBase) -> list[str]:
    """Why `response` does not match the schema's operation for `method path` ([] when it does)."""
    found = operation_for(method, path)
    if found is None:
        return []
    template, operation = found
    where = f"{method.upper()} {template} answered {response.status_code}"
    documented = operation["responses"]
    spec = documented.get(str(response.status_code))
    if spec is None:
        return [f"{where}, which the schema does not document (it has {sorted(documented)})"]
    content: dict[str, Any] = spec.get("content") or {}
    if not content:
        has_body = not response.streaming and bool(getattr(response, "content", b""))
        return [f"{where} with a body, documented as having none"] if has_body else []
    media_type = _media_type(response)
    if media_type not in content:
        return [f"{where} as {media_type or 'no content type'}, documented as {sorted(content)}"]
    if response.streaming:
        return []
    schema = content[media_type].get("schema")
    if schema is None:
        return []
    raw: bytes = getattr(response, "content", b"")
    if media_type == "application/json":
        try:
            body = json.loads(raw)
        except ValueError:
            return [f"{where} with a body that is not JSON: {raw[:200]!r}"]
    else:
        body = raw.decode(response.charset or "utf-8")
    return [f"{where}; {error}" for error in _body_errors(schema, body)]


class SchemaCheckedClient(APIClient):
    """An APIClient whose every response must match the OpenAPI schema, or the test fails."""

    def request(self, **kwargs: Any) -> Any:
        response = super().request(**kwargs)
        errors = response_schema_errors(kwargs["REQUEST_METHOD"], kwargs["PATH_INFO"], response)
        if errors:
            raise AssertionError(
                "Response does not match the OpenAPI schema:\n" + "\n".join(errors)
            )
        return response
