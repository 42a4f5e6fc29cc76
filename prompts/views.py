"""HTTP views of the prompt library: validate, call one service or selector, serialize."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from core.exceptions import ValidationFailed
from core.mixins import OwnedViewSetMixin
from core.throttles import AIThrottle, UserDefaultThrottle
from prompts.export import prompt_export_filename, prompt_export_json, prompt_export_markdown
from prompts.models import Prompt
from prompts.selectors import (
    prompt_detail_data,
    prompt_export_list,
    prompt_list,
    prompt_options,
    prompt_version_get,
    prompt_version_list,
)
from prompts.serializers import (
    IMPORT_MAX_ITEMS,
    PromptExportOneQuerySerializer,
    PromptExportQuerySerializer,
    PromptImportItemSerializer,
    PromptImportResultSerializer,
    PromptInputSerializer,
    PromptLastTestSerializer,
    PromptListQuerySerializer,
    PromptOptionsSerializer,
    PromptOutputSerializer,
    PromptTestInputSerializer,
    PromptVersionOutputSerializer,
)
from prompts.services import (
    prompt_create,
    prompt_delete,
    prompt_import,
    prompt_test_run,
    prompt_update,
    prompt_version_restore,
)

_VERSION_PARAMETER = OpenApiParameter(
    "version", OpenApiTypes.INT, OpenApiParameter.PATH, description="A version number (1, 2, ...)."
)
_EXPORT_RESPONSES = {
    (200, "application/json"): OpenApiResponse(
        OpenApiTypes.BINARY, description="A JSON file: an array of prompts."
    ),
    (200, "text/markdown"): OpenApiResponse(
        OpenApiTypes.BINARY, description="A Markdown file: one section per prompt."
    ),
}


class ExportFormatNegotiation(DefaultContentNegotiation):
    """`?format=` names the export file here, not DRF's renderer override; errors stay JSON."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


def _download(content: bytes | str, *, file_format: str, title: str | None) -> HttpResponse:
    extension, content_type = (
        ("md", "text/markdown; charset=utf-8")
        if file_format == "markdown"
        else ("json", "application/json")
    )
    response = HttpResponse(content, content_type=content_type)
    filename = prompt_export_filename(title=title, extension=extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@extend_schema(tags=["prompts"])
class PromptViewSet(OwnedViewSetMixin, viewsets.GenericViewSet[Prompt]):
    """The caller's prompt library; another user's prompt answers 404."""

    queryset = Prompt.objects.all()
    serializer_class = PromptOutputSerializer
    lookup_value_converter = "uuid"

    @extend_schema(parameters=[PromptListQuerySerializer])
    def list(self, request: Request) -> Response:
        query = PromptListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        prompts = prompt_list(owner=request.user, filters=query.validated_data)
        page = self.paginate_queryset(prompts)
        return self.get_paginated_response(PromptOutputSerializer(page, many=True).data)

    @extend_schema(request=PromptInputSerializer, responses={201: PromptOutputSerializer})
    def create(self, request: Request) -> Response:
        serializer = PromptInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        prompt = prompt_create(owner=request.user, data=serializer.validated_data)
        return Response(PromptOutputSerializer(prompt).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: Any) -> Response:
        return Response(prompt_detail_data(owner=request.user, prompt_id=pk))

    @extend_schema(
        request=PromptInputSerializer(partial=True),
        responses=PromptOutputSerializer,
        description="Partial like PATCH: unsent fields are kept; SFL objects merge key by key.",
    )
    def update(self, request: Request, pk: Any) -> Response:
        prompt = self.get_object()  # another user's id answers 404 whatever the body holds
        serializer = PromptInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        prompt = prompt_update(prompt=prompt, data=serializer.validated_data)
        return Response(PromptOutputSerializer(prompt).data)

    @extend_schema(
        request=PromptInputSerializer(partial=True),
        responses=PromptOutputSerializer,
        description="Unsent fields are kept; SFL objects merge key by key.",
    )
    def partial_update(self, request: Request, pk: Any) -> Response:
        return self.update(request, pk)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: Any) -> Response:
        prompt_delete(prompt=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=PromptOptionsSerializer)
    @action(
        detail=False, methods=["get"], url_path="options", url_name="options", pagination_class=None
    )
    def option_lists(self, request: Request) -> Response:
        return Response(PromptOptionsSerializer(prompt_options(owner=request.user)).data)

    @extend_schema(
        operation_id="prompts_export_library",
        parameters=[PromptExportQuerySerializer],
        responses=_EXPORT_RESPONSES,
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="export",
        url_name="export-library",
        content_negotiation_class=ExportFormatNegotiation,
    )
    def export_library(self, request: Request) -> HttpResponse:
        query = PromptExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        prompts = list(prompt_export_list(owner=request.user, ids=query.validated_data.get("ids")))
        file_format = query.validated_data["format"]
        content = (
            prompt_export_markdown(prompts)
            if file_format == "markdown"
            else prompt_export_json(prompts)
        )
        return _download(content, file_format=file_format, title=None)

    @extend_schema(
        request=PromptImportItemSerializer(many=True),
        responses=PromptImportResultSerializer,
        description="A JSON array in our export format or the original SFL Prompt Architect's. "
        "Valid items are saved even when others fail.",
    )
    @action(detail=False, methods=["post"], url_path="import", url_name="import")
    def import_prompts(self, request: Request) -> Response:
        items = request.data
        if not isinstance(items, list):
            raise ValidationFailed({"nonFieldErrors": ["Expected a JSON array of prompts."]})
        if len(items) > IMPORT_MAX_ITEMS:
            raise ValidationFailed(
                {"nonFieldErrors": [f"At most {IMPORT_MAX_ITEMS} prompts per import."]}
            )
        report = prompt_import(owner=request.user, items=items)
        return Response(PromptImportResultSerializer(report).data)

    @extend_schema(responses=PromptVersionOutputSerializer(many=True))
    @action(detail=True, methods=["get"], url_name="version-list")
    def versions(self, request: Request, pk: Any) -> Response:
        versions = prompt_version_list(prompt=self.get_object())
        # The viewset is typed for prompts; its paginator takes any queryset.
        page = self.paginate_queryset(versions)  # type: ignore[arg-type]
        return self.get_paginated_response(PromptVersionOutputSerializer(page, many=True).data)

    @extend_schema(parameters=[_VERSION_PARAMETER], responses=PromptVersionOutputSerializer)
    @action(
        detail=True,
        methods=["get"],
        url_path="versions/<int:version>",
        url_name="version-detail",
        pagination_class=None,
    )
    def version_detail(self, request: Request, pk: Any, version: int) -> Response:
        found = prompt_version_get(prompt=self.get_object(), version=version)
        return Response(PromptVersionOutputSerializer(found).data)

    @extend_schema(request=None, parameters=[_VERSION_PARAMETER], responses=PromptOutputSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="versions/<int:version>/restore",
        url_name="version-restore",
        pagination_class=None,
    )
    def version_restore(self, request: Request, pk: Any, version: int) -> Response:
        prompt = prompt_version_restore(prompt=self.get_object(), version=version)
        return Response(PromptOutputSerializer(prompt).data)

    @extend_schema(
        operation_id="prompts_export",
        parameters=[PromptExportOneQuerySerializer],
        responses=_EXPORT_RESPONSES,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="export",
        url_name="export",
        content_negotiation_class=ExportFormatNegotiation,
    )
    def export(self, request: Request, pk: Any) -> HttpResponse:
        query = PromptExportOneQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        prompt = self.get_object()
        file_format = query.validated_data["format"]
        content = (
            prompt_export_markdown([prompt], single=True)
            if file_format == "markdown"
            else prompt_export_json([prompt])
        )
        return _download(content, file_format=file_format, title=prompt.title)

    @extend_schema(
        request=PromptTestInputSerializer,
        responses={200: PromptLastTestSerializer},
        description=(
            "Run the prompt through the AI gateway with its variables filled in and its Tenor and "
            "Mode as the system instruction; the outcome is stored as the prompt's `lastTest` "
            "(a provider failure too, before its error is returned)."
        ),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="test",
        url_name="test",
        throttle_classes=[UserDefaultThrottle, AIThrottle],
    )
    def run_test(self, request: Request, pk: Any) -> Response:
        prompt = self.get_object()
        serializer = PromptTestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        prompt = prompt_test_run(prompt=prompt, user=request.user, **serializer.validated_data)
        return Response(PromptLastTestSerializer(prompt.last_test).data)
