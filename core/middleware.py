"""Request id propagation and the JSON envelope for failures outside DRF views under /api/."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from core.exceptions import envelope, translate_exception
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
