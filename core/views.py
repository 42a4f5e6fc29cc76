"""Views of the shared kernel: health, and the JSON 404 for unknown /api/ paths."""

from __future__ import annotations

from typing import Any

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
