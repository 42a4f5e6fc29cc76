"""One error hierarchy and one renderer for the API envelope `{code, message, details}`."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django import db
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext
from kombu import exceptions as kombu_exceptions
from redis import exceptions as redis_exceptions
from rest_framework import exceptions as drf_exceptions
from rest_framework import status as http
from rest_framework.response import Response

logger = logging.getLogger(__name__)


class ApplicationError(Exception):
    """Base of every error the API reports on purpose; subclasses fix `code` and `status`."""

    code: str = "application_error"
    status: int = http.HTTP_400_BAD_REQUEST
    message: str = "The request could not be completed."

    def __init__(
        self,
        message: str | None = None,
        *,
        details: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        code: str | None = None,
        status: int | None = None,
    ) -> None:
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.message_text = message or self.message
        self.details: dict[str, Any] = dict(details or {})
        self.headers: dict[str, str] = dict(headers or {})
        super().__init__(self.message_text)


class ValidationFailed(ApplicationError):
    code = "validation_error"
    status = http.HTTP_400_BAD_REQUEST
    message = "The request is not valid."

    def __init__(self, fields: Mapping[str, Sequence[str]], message: str | None = None) -> None:
        super().__init__(message, details={"fields": {k: list(v) for k, v in fields.items()}})


class NotFound(ApplicationError):
    code = "not_found"
    status = http.HTTP_404_NOT_FOUND
    message = "Not found."


class Conflict(ApplicationError):
    code = "conflict"
    status = http.HTTP_409_CONFLICT
    message = "The request conflicts with the current state."


class PayloadTooLarge(ApplicationError):
    code = "payload_too_large"
    status = http.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    message = "The request body is too large."


class UnsupportedMediaType(ApplicationError):
    code = "unsupported_media_type"
    status = http.HTTP_415_UNSUPPORTED_MEDIA_TYPE
    message = "This media type is not supported."


class RateLimited(ApplicationError):
    code = "rate_limited"
    status = http.HTTP_429_TOO_MANY_REQUESTS
    message = "Too many requests; try again later."

    def __init__(self, message: str | None = None, *, retry_after: int | None = None) -> None:
        headers = {"Retry-After": str(max(1, int(retry_after)))} if retry_after else None
        details = {"retryAfter": max(1, int(retry_after))} if retry_after else None
        super().__init__(message, details=details, headers=headers)


class ServiceUnavailable(ApplicationError):
    code = "service_unavailable"
    status = http.HTTP_503_SERVICE_UNAVAILABLE
    message = "A service this request needs is unavailable; try again shortly."


class InternalError(ApplicationError):
    code = "internal_error"
    status = http.HTTP_500_INTERNAL_SERVER_ERROR
    message = "Something went wrong on our side; the error has been logged."


def _flatten_validation(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail → `{"a.b": [messages]}` with dotted field paths."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten_validation(value, path))
    elif isinstance(detail, list) and detail and all(isinstance(item, str) for item in detail):
        out[prefix or "nonFieldErrors"] = [str(item) for item in detail]
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if value in ({}, [], None):
                continue
            out.update(_flatten_validation(value, f"{prefix}.{index}" if prefix else str(index)))
    elif detail is not None:
        out[prefix or "nonFieldErrors"] = [str(detail)]
    return out


def _auth_code(exc: drf_exceptions.APIException) -> str:
    """`token_expired`, `token_invalid` or `not_authenticated` for a failed authentication.

    simplejwt reports every bad token as `token_not_valid`; only the message of its
    ExpiredTokenError ("Token is expired", per token class tried) tells expiry apart. Compared in
    the active language, so a translation does not turn an expired token into an invalid one.
    """
    detail = exc.detail
    if isinstance(detail, Mapping):
        if str(detail.get("code", "")) == "token_expired":
            return "token_expired"
        expired = str(gettext("Token is expired"))
        tried = detail.get("messages")
        if isinstance(tried, list) and any(
            isinstance(m, Mapping) and str(m.get("message", "")) == expired for m in tried
        ):
            return "token_expired"
        if "code" in detail:
            return "token_invalid"
    if isinstance(exc, drf_exceptions.NotAuthenticated):
        return "not_authenticated"
    codes = exc.get_codes()
    # A malformed `Authorization` header is a bad token as far as a client is concerned.
    generic = {"authentication_failed", "not_authenticated", "bad_authorization_header"}
    if isinstance(codes, str) and codes not in generic:
        return codes
    return "token_invalid"


def _message_of(detail: Any, default: str) -> str:
    if isinstance(detail, str):
        return detail
    if isinstance(detail, Mapping) and "detail" in detail:
        return str(detail["detail"])
    if isinstance(detail, list) and len(detail) == 1 and isinstance(detail[0], str):
        return detail[0]
    return default


def envelope(code: str, message: str, details: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The one error body of API.md."""
    return {"code": code, "message": message, "details": dict(details or {})}


def error_response(exc: ApplicationError) -> Response:
    """Render an ApplicationError as the envelope, with its headers."""
    response = Response(envelope(exc.code, exc.message_text, exc.details), status=exc.status)
    for name, value in exc.headers.items():
        response[name] = value
    return response


_OUTAGES = (
    db.OperationalError,
    db.InterfaceError,
    redis_exceptions.ConnectionError,
    redis_exceptions.TimeoutError,
    kombu_exceptions.OperationalError,
)


def _outage_service(exc: BaseException) -> str:
    if isinstance(exc, db.Error):
        return "database"
    if isinstance(exc, kombu_exceptions.OperationalError):
        return "queue"
    return "cache"


def translate_exception(exc: BaseException) -> ApplicationError:
    """Map DRF, Django and our own exceptions onto one ApplicationError."""
    if isinstance(exc, ApplicationError):
        return exc
    if isinstance(exc, Http404):
        return NotFound()
    if isinstance(exc, _OUTAGES):
        # A dependency is down, not the request wrong: 503 and a sentence, never a 500.
        return ServiceUnavailable(details={"service": _outage_service(exc)})
    if isinstance(exc, DjangoPermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    if isinstance(exc, drf_exceptions.ValidationError):
        return ValidationFailed(_flatten_validation(exc.detail))
    if isinstance(exc, drf_exceptions.Throttled):
        wait: float | None = getattr(exc, "wait", None)
        return RateLimited(
            "Too many requests; try again in a moment.",
            retry_after=int(wait) if wait is not None else 60,
        )
    if isinstance(exc, drf_exceptions.NotAuthenticated | drf_exceptions.AuthenticationFailed):
        return ApplicationError(
            _message_of(exc.detail, "Authentication is required."),
            code=_auth_code(exc),
            status=http.HTTP_401_UNAUTHORIZED,
        )
    if isinstance(exc, drf_exceptions.APIException):
        code_map = {
            drf_exceptions.ParseError: "parse_error",
            drf_exceptions.PermissionDenied: "permission_denied",
            drf_exceptions.NotFound: "not_found",
            drf_exceptions.MethodNotAllowed: "method_not_allowed",
            drf_exceptions.NotAcceptable: "not_acceptable",
            drf_exceptions.UnsupportedMediaType: "unsupported_media_type",
        }
        code = next((c for cls, c in code_map.items() if isinstance(exc, cls)), None)
        if code is None:
            codes = exc.get_codes()
            code = codes if isinstance(codes, str) else "error"
        return ApplicationError(
            _message_of(exc.detail, "The request failed."), code=code, status=exc.status_code
        )
    return InternalError()


def api_exception_handler(exc: Exception, context: Mapping[str, Any]) -> Response:
    """DRF's EXCEPTION_HANDLER: every failure becomes the envelope; nothing leaks a traceback."""
    error = translate_exception(exc)
    if isinstance(error, InternalError) and not isinstance(exc, ApplicationError):
        view = context.get("view")
        logger.exception(
            "unhandled exception in API view",
            extra={"view": type(view).__name__ if view else None},
            exc_info=exc,
        )
    response = error_response(error)
    if isinstance(exc, drf_exceptions.APIException):
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            response["WWW-Authenticate"] = auth_header
    if isinstance(exc, drf_exceptions.NotAuthenticated | drf_exceptions.AuthenticationFailed):
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response
