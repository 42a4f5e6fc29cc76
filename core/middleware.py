"""Request id propagation, the request-body guard, and the JSON envelope outside DRF views."""

from __future__ import annotations

import io
import logging
import re
import uuid
from collections.abc import Callable, Sequence
from typing import IO, BinaryIO, cast

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream, WSGIRequest
from django.http import HttpRequest, HttpResponse, JsonResponse

from core.exceptions import PayloadTooLarge, envelope, translate_exception
from core.logging import request_id_var

logger = logging.getLogger(__name__)

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIDMiddleware:
    """Take a sane incoming X-Request-ID or make one; log with it and echo it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


def is_api_request(request: HttpRequest) -> bool:
    """True for paths under /api/, where every answer is JSON."""
    return request.path.startswith("/api/")


class ApiExceptionMiddleware:
    """Exceptions raised outside DRF's handler (plain Django views, middleware) under /api/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_api_request(request):
            return None
        error = translate_exception(exception)
        if error.status >= 500:
            logger.error("unhandled exception", exc_info=exception, extra={"path": request.path})
        response = JsonResponse(
            envelope(error.code, error.message_text, error.details), status=error.status
        )
        for name, value in error.headers.items():
            response[name] = value
        return response


_READ_CHUNK_BYTES = 64 * 1024


def body_limit_for(path: str) -> int:
    """The largest body, in bytes, a request to `path` may carry.

    `REQUEST_BODY_LIMITS` lists `(path prefix, bytes)` pairs, first match wins; any other path
    gets `REQUEST_MAX_BODY_BYTES`. Read on every request so a changed setting applies at once.
    """
    limits: Sequence[tuple[str, int]] = getattr(settings, "REQUEST_BODY_LIMITS", ())
    for prefix, limit in limits:
        if path.startswith(prefix):
            return limit
    return int(settings.REQUEST_MAX_BODY_BYTES)


class RequestBodyLimitMiddleware:
    """Refuse a body over its route's limit before anything reads, spools or parses it.

    `DATA_UPLOAD_MAX_MEMORY_SIZE` guards only `request.body`; DRF's parsers read the stream
    themselves, so without this a 6 MB sign-in body is parsed in full before login. A declared
    Content-Length over the limit is refused outright. A chunked body has no length to judge:
    it is read here, counting, and refused as soon as it passes the limit; what was read is
    handed on as an ordinary body with its now known length.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit_for(request.path_info)
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared.strip():
            try:
                size = int(declared)
            except ValueError:
                # Django reads nothing of a body whose length is not a number.
                size = 0
            if size > limit:
                return _too_large(request, limit)
        elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = _read_at_most(_raw_body_stream(request), limit)
            if body is None:
                return _too_large(request, limit)
            _replace_body(request, body)
        return self.get_response(request)


def _raw_body_stream(request: HttpRequest) -> IO[bytes]:
    if isinstance(request, WSGIRequest):
        # Django wraps wsgi.input in a stream limited to Content-Length, i.e. to nothing here;
        # the server (gunicorn) has already undone the chunked framing of wsgi.input.
        return cast(IO[bytes], request.environ["wsgi.input"])
    # ASGI: the server handed the whole body over before any middleware ran.
    return cast(IO[bytes], request._stream)


def _read_at_most(stream: IO[bytes], limit: int) -> bytes | None:
    """The stream's bytes, or None as soon as there are more than `limit` of them."""
    buffer = io.BytesIO()
    while True:
        chunk = stream.read(min(_READ_CHUNK_BYTES, limit + 1 - buffer.tell()))
        if not chunk:
            return buffer.getvalue()
        buffer.write(chunk)
        if buffer.tell() > limit:
            return None


def _replace_body(request: HttpRequest, body: bytes) -> None:
    # From here on the request looks as if it had declared its length, so Django and DRF read it
    # the usual way (DRF treats a request without Content-Length as having no body at all).
    request.META["CONTENT_LENGTH"] = str(len(body))
    request._stream = cast(BinaryIO, LimitedStream(io.BytesIO(body), len(body)))
    request._read_started = False  # type: ignore[attr-defined]


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    error = PayloadTooLarge(
        f"The request body is larger than this route accepts ({limit:,} bytes).",
        details={"limitBytes": limit},
    )
    if is_api_request(request):
        return JsonResponse(envelope(error.code, error.message_text, error.details), status=413)
    return HttpResponse(error.message_text, status=413, content_type="text/plain; charset=utf-8")
