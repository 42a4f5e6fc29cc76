"""The OpenAPI schema's error responses, derived in one place from what each route is.

Every operation gets the error envelope of API.md for each status its route can answer (see
docs/decisions/0003-openapi-error-responses.md):

- 400 `validation_error`/`parse_error`: the route reads a body or query parameters;
- 401: the route authenticates (a bad bearer token is refused even where no login is needed);
- 403: a permission beyond "signed in" (none of today's API routes);
- 404: the path names an object (another user's answers 404 too), or the list is paginated;
- 413: the route reads a body, and the body-size guard refuses one over the route's limit;
- 415: the route reads a body, and the parsers refuse an unknown content type;
- 429: the route is throttled;
- 503: always — every route reads the database or the cache, and an outage is a 503, never a 500.

What a route's traits cannot tell (a state conflict, an upload cap, an AI provider failing) its
handler or view declares with `error_statuses`; an error a view documents itself is kept as is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from drf_spectacular import openapi
from drf_spectacular.plumbing import ComponentRegistry
from rest_framework import permissions, serializers

ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "`validation_error` (`details.fields` maps each field path to its messages) or "
    "`parse_error` (a malformed body).",
    401: "`not_authenticated`, `token_invalid` or `token_expired`.",
    403: "`permission_denied`: signed in, but not allowed.",
    404: "`not_found`: no such object, or it belongs to another user.",
    409: "`conflict`: the request conflicts with the current state.",
    413: "`payload_too_large`: the upload or body is over the limit.",
    415: "`unsupported_media_type`: this body or file type is not accepted.",
    429: "`rate_limited`: too many requests; the `Retry-After` header says when to try again.",
    502: "`provider_error` (the AI provider failed) or `ai_output_invalid` (unusable output).",
    503: "`service_unavailable`: the database, cache or queue is down; try again shortly "
    "(`details.service` names it). On AI routes also `provider_not_configured`: no usable AI "
    "provider; the message names the setting.",
    504: "`provider_timeout`: the AI provider did not answer in time.",
}

# The statuses a route that calls an AI provider adds to its traits.
AI_ERROR_STATUSES = (502, 503, 504)
_PAGE_NOT_FOUND = "`not_found`: a page past the last."
_AI_RATE_LIMITED = (
    "`rate_limited`: our limit or the AI provider's; the `Retry-After` header says when to try "
    "again."
)

_Handler = TypeVar("_Handler", bound=Callable[..., Any])
_PLAIN_PERMISSIONS = (permissions.AllowAny, permissions.IsAuthenticated)


class ErrorSerializer(serializers.Serializer[Any]):
    """The error envelope of API.md: every failure of the API answers this."""

    code = serializers.CharField(read_only=True, help_text="A snake_case code, e.g. `not_found`.")
    message = serializers.CharField(read_only=True, help_text="A sentence a person can read.")
    details = serializers.DictField(read_only=True, help_text="More, by code (e.g. `fields`).")


def error_statuses(*statuses: int) -> Callable[[_Handler], _Handler]:
    """Declare error statuses a handler answers that its route's traits do not imply."""
    unknown = set(statuses) - set(ERROR_DESCRIPTIONS)
    if unknown:
        raise ValueError(f"No error description for status {sorted(unknown)}.")

    def declare(handler: _Handler) -> _Handler:
        handler.error_statuses = (*getattr(handler, "error_statuses", ()), *statuses)  # type: ignore[attr-defined]
        return handler

    return declare


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, with the error responses each route can answer."""

    def get_operation(
        self,
        path: str,
        path_regex: str,
        path_prefix: str,
        method: str,
        registry: ComponentRegistry,
    ) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses: dict[str, Any] = operation["responses"]
        statuses = self._route_error_statuses(operation)
        for status in sorted(statuses):
            responses.setdefault(str(status), self._error_response(status, operation, statuses))
        return operation

    def _route_error_statuses(self, operation: dict[str, Any]) -> set[int]:
        parameters: Iterable[dict[str, Any]] = operation.get("parameters", [])
        located = {parameter["in"] for parameter in parameters}
        statuses = set(self._declared_error_statuses()) | {503}
        if "requestBody" in operation:
            statuses |= {400, 413, 415}
        if "query" in located:
            statuses.add(400)
        if "path" in located or self._is_paginated(operation):
            statuses.add(404)
        if self.view.get_authenticators():
            statuses.add(401)
        if not all(isinstance(p, _PLAIN_PERMISSIONS) for p in self.view.get_permissions()):
            statuses.add(403)
        if self.view.get_throttles():
            statuses.add(429)
        return statuses

    def _declared_error_statuses(self) -> Iterable[int]:
        action = getattr(self.view, "action", None) or self.method.lower()
        handler = getattr(self.view, action, None)
        yield from getattr(self.view, "error_statuses", ())
        yield from getattr(handler, "error_statuses", ())

    def _is_paginated(self, operation: dict[str, Any]) -> bool:
        paginator = getattr(self.view, "paginator", None)
        page_parameter = getattr(paginator, "page_query_param", None)
        return any(
            parameter["in"] == "query" and parameter["name"] == page_parameter
            for parameter in operation.get("parameters", [])
        )

    def _error_response(
        self, status: int, operation: dict[str, Any], statuses: set[int]
    ) -> dict[str, Any]:
        description = ERROR_DESCRIPTIONS[status]
        if status == 404 and self._is_paginated(operation):
            has_path = any(p["in"] == "path" for p in operation.get("parameters", []))
            description = (
                f"{description} Also a page past the last." if has_path else _PAGE_NOT_FOUND
            )
        if status == 429 and set(AI_ERROR_STATUSES) <= statuses:
            description = _AI_RATE_LIMITED
        component = self.resolve_serializer(ErrorSerializer, "response")
        return {
            "content": {"application/json": {"schema": component.ref}},
            "description": description,
        }
