"""HTTP views of documents and search: validate, call one service or selector, serialize."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import PayloadTooLarge
from core.mixins import OwnedViewSetMixin
from core.throttles import UploadThrottle, UserDefaultThrottle
from documents.models import Document, DocumentChunk
from documents.serializers import (
    DocumentChunkOutputSerializer,
    DocumentOutputSerializer,
    DocumentUploadInputSerializer,
    SearchInputSerializer,
    SearchOutputSerializer,
)
from documents.services import document_delete, document_reprocess, document_search, document_upload

# The multipart envelope around the file (boundaries, headers, the field name) is small.
_MULTIPART_OVERHEAD_BYTES = 64 * 1024


class DocumentViewSet(
    OwnedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Document],
):
    """The caller's documents: list, detail (live progress), delete, chunks, reprocess, upload."""

    queryset = Document.objects.all()
    serializer_class = DocumentOutputSerializer
    lookup_value_converter = "uuid"

    @extend_schema(tags=["documents"])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(tags=["documents"])
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(tags=["documents"], responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance: Document) -> None:
        document_delete(document=instance)

    @extend_schema(
        tags=["documents"],
        request={"multipart/form-data": DocumentUploadInputSerializer},
        responses={
            202: OpenApiResponse(DocumentOutputSerializer, description="Stored and queued."),
            200: OpenApiResponse(
                DocumentOutputSerializer,
                description="The same bytes were uploaded before: the existing document.",
            ),
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="upload",
        url_name="upload",
        throttle_classes=[UserDefaultThrottle, UploadThrottle],
    )
    def upload(self, request: Request) -> Response:
        """Upload a file (multipart field `file`); its type is judged by content."""
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > settings.DOCUMENT_MAX_UPLOAD_BYTES + _MULTIPART_OVERHEAD_BYTES:
            # Refused before Django reads (and spools) the body.
            raise PayloadTooLarge(
                f"The upload is {declared:,} bytes; the limit is "
                f"{settings.DOCUMENT_MAX_UPLOAD_BYTES:,}."
            )
        serializer = DocumentUploadInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = document_upload(owner=request.user, file=serializer.validated_data["file"])
        return Response(
            DocumentOutputSerializer(outcome.document).data,
            status=status.HTTP_202_ACCEPTED if outcome.created else status.HTTP_200_OK,
        )

    @extend_schema(tags=["documents"], responses=DocumentChunkOutputSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="chunks", url_name="chunks")
    def chunks(self, request: Request, pk: str | None = None) -> Response:
        """The document's chunks in order (paginated)."""
        document = self.get_object()
        chunks: QuerySet[DocumentChunk] = (
            DocumentChunk.objects.filter(document=document)
            .defer("embedding")
            .order_by("chunk_index")
        )
        page: Any = self.paginate_queryset(chunks)  # type: ignore[arg-type]
        serializer = DocumentChunkOutputSerializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    @extend_schema(tags=["documents"], request=None, responses={202: DocumentOutputSerializer})
    @action(detail=True, methods=["post"], url_path="reprocess", url_name="reprocess")
    def reprocess(self, request: Request, pk: str | None = None) -> Response:
        """Parse and embed the document again (with the active embedding model)."""
        document = document_reprocess(document=self.get_object())
        return Response(DocumentOutputSerializer(document).data, status=status.HTTP_202_ACCEPTED)


class SearchView(APIView):
    """Semantic, keyword or hybrid search over the caller's completed documents."""

    @extend_schema(tags=["search"], request=SearchInputSerializer, responses=SearchOutputSerializer)
    def post(self, request: Request) -> Response:
        serializer = SearchInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        hits = document_search(
            owner=request.user,
            query=data["query"],
            mode=data["mode"],
            top_k=data["top_k"],
            document_ids=data.get("document_ids"),
            min_score=data.get("min_score"),
        )
        return Response(SearchOutputSerializer({"results": hits}).data)
