"""Admin: documents by status, a chunk inspector, and a "reprocess" action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from core.exceptions import Conflict
from documents.models import Document, DocumentChunk
from documents.services import document_reprocess

TEXT_PREVIEW_CHARS = 120


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin[Document]):
    list_display = (
        "file_name",
        "owner",
        "status",
        "progress_display",
        "chunk_count",
        "embedding_model",
        "size_bytes",
        "created_at",
        "processed_at",
    )
    list_filter = ("status", "embedding_model", "content_type")
    search_fields = ("file_name", "owner__email", "sha256", "id")
    date_hierarchy = "created_at"
    list_select_related = ("owner",)
    readonly_fields = (
        "id",
        "owner",
        "file_name",
        "storage_path",
        "content_type",
        "size_bytes",
        "sha256",
        "status",
        "error",
        "chunk_count",
        "progress_done",
        "progress_total",
        "embedding_model",
        "attempts",
        "run_id",
        "processing_started_at",
        "processed_at",
        "created_at",
        "updated_at",
    )
    actions = ("reprocess_documents",)

    @admin.display(description="progress")
    def progress_display(self, document: Document) -> str:
        return f"{document.progress_done}/{document.progress_total}"

    @admin.action(description="Reprocess the selected documents")
    def reprocess_documents(self, request: HttpRequest, queryset: QuerySet[Document]) -> None:
        queued = skipped = 0
        for document in queryset:
            try:
                document_reprocess(document=document)
                queued += 1
            except Conflict:
                skipped += 1
        self.message_user(request, f"{queued} queued, {skipped} skipped (in progress).")
        if skipped:
            self.message_user(request, "Documents being processed were skipped.", messages.WARNING)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(DocumentChunk)
class DocumentChunkAdmin(admin.ModelAdmin[DocumentChunk]):
    """The chunk inspector: text, heading path and page, model and dimension (not the vector)."""

    list_display = ("document", "chunk_index", "text_preview", "embedding_model", "embedding_dim")
    list_filter = ("embedding_model", "embedding_dim")
    search_fields = ("text", "document__file_name", "document__id")
    list_select_related = ("document",)
    ordering = ("document", "chunk_index")
    exclude = ("embedding",)
    readonly_fields = (
        "id",
        "document",
        "chunk_index",
        "text",
        "metadata",
        "embedding_model",
        "embedding_dim",
        "created_at",
    )

    @admin.display(description="text")
    def text_preview(self, chunk: DocumentChunk) -> str:
        text = " ".join(chunk.text.split())
        return text if len(text) <= TEXT_PREVIEW_CHARS else text[:TEXT_PREVIEW_CHARS] + "…"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
