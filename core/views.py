"""Views of the shared kernel: health, the JSON 404 for unknown /api/ paths, the web app's page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import NotFound
from core.health import health_report

_CheckSerializer = inline_serializer(
    name="HealthCheck",
    fields={
        "status": serializers.ChoiceField(choices=["ok", "error"]),
        "latency_ms": serializers.FloatField(),
        "error": serializers.CharField(required=False),
    },
)
_HealthSerializer = inline_serializer(
    name="HealthReport",
    fields={
        "status": serializers.ChoiceField(choices=["ok", "degraded"]),
        "checks": serializers.DictField(child=_CheckSerializer),
    },
)


class HealthView(APIView):
    """Liveness of database, cache, queue and worker; 503 when the database is down."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes: list[Any] = []

    @extend_schema(
        responses={200: _HealthSerializer, 503: OpenApiResponse(_HealthSerializer)},
        tags=["health"],
    )
    def get(self, request: Request) -> Response:
        report, serving = health_report()
        return Response(report, status=200 if serving else 503)


class ApiNotFoundView(APIView):
    """Any path under /api/ that matches no route."""

    schema = None

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes: list[Any] = []

    def _not_found(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise NotFound(f"No API route matches {request.path}.")

    get = post = put = patch = delete = head = options = _not_found


_FRONTEND_NOT_BUILT = """<!doctype html><html lang="en"><meta charset="utf-8">
<title>SFL Prompt Architect</title><h1>The web app is not built</h1>
<p>Run <code>make run</code> (or <code>make frontend-build</code>); it needs Node.js 20.19 or newer.
The API is up meanwhile: <a href="/api/docs">/api/docs</a>.</p></html>"""


@require_safe
def spa_index(request: HttpRequest) -> HttpResponse:
    """The web app's index.html, for every client route; the app routes from the URL itself."""
    try:
        html = (settings.FRONTEND_DIST_DIR / "index.html").read_bytes()
    except FileNotFoundError:
        return HttpResponse(
            _FRONTEND_NOT_BUILT, status=503, content_type="text/html; charset=utf-8"
        )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    # The bundles it names are fingerprinted and cached for good; the page itself must be
    # revalidated, or a deploy would leave browsers pointing at bundles that no longer exist.
    response["Cache-Control"] = "no-cache"
    return response
