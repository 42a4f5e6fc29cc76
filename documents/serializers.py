"""Request and response shapes of the documents API (API.md, "Documents and search")."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.models import Document, DocumentChunk


class DocumentProgressSerializer(serializers.Serializer[Any]):
    done = serializers.IntegerField()
    total = serializers.IntegerField()


class DocumentOutputSerializer(serializers.ModelSerializer[Document]):
    """The Document shape."""

    progress = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "file_name",
            "content_type",
            "size_bytes",
            "status",
            "error",
            "chunk_count",
            "progress",
            "embedding_model",
            "created_at",
            "processed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(DocumentProgressSerializer)
    def get_progress(self, document: Document) -> dict[str, int]:
        return {"done": document.progress_done, "total": document.progress_total}


class DocumentUploadInputSerializer(serializers.Serializer[Any]):
    """multipart/form-data with one `file`."""

    file = serializers.FileField(allow_empty_file=True, use_url=False)


class DocumentChunkMetadataSerializer(serializers.Serializer[Any]):
    page = serializers.IntegerField(allow_null=True)
    heading_path = serializers.ListField(child=serializers.CharField())


class DocumentChunkOutputSerializer(serializers.ModelSerializer[DocumentChunk]):
    """One stored chunk (the vector itself is not returned)."""

    metadata = DocumentChunkMetadataSerializer(read_only=True)

    class Meta:
        model = DocumentChunk
        fields = ["id", "chunk_index", "text", "metadata", "embedding_model", "embedding_dim"]
        read_only_fields = fields


class SearchInputSerializer(serializers.Serializer[Any]):
    """`POST /api/search`."""

    query = serializers.CharField(max_length=2000, trim_whitespace=True)
    top_k = serializers.IntegerField(min_value=1, max_value=50, default=5)
    mode = serializers.ChoiceField(choices=["vector", "hybrid", "keyword"], default="hybrid")
    document_ids = serializers.ListField(
        child=serializers.UUIDField(), required=False, allow_empty=False, max_length=100
    )
    min_score = serializers.FloatField(required=False, allow_null=True, min_value=0, max_value=1)


class SearchResultSerializer(serializers.Serializer[Any]):
    chunk_id = serializers.UUIDField()
    document_id = serializers.UUIDField()
    file_name = serializers.CharField()
    chunk_index = serializers.IntegerField()
    text = serializers.CharField()
    score = serializers.FloatField()


class SearchOutputSerializer(serializers.Serializer[Any]):
    results = SearchResultSerializer(many=True)
