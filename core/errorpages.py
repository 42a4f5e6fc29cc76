"""Django's 404/500 handlers: the JSON envelope under /api/, Django's pages elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from core.exceptions import envelope
from core.middleware import is_api_request


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for paths no URL pattern matched."""
    if is_api_request(request):
        return JsonResponse(envelope("not_found", "Not found."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 after an unhandled exception escaped every other handler."""
    if is_api_request(request):
        return JsonResponse(
            envelope(
                "internal_error", "Something went wrong on our side; the error has been logged."
            ),
            status=500,
        )
    return defaults.server_error(request)
