"""Uploaded documents and their embedded chunks."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils import timezone
from pgvector.django import VectorField

from core.models import OwnedModel, OwnedQuerySet

# The text-search configuration of the generated tsvector and of every keyword query.
SEARCH_CONFIG = "english"
ERROR_MAX_CHARS = 1000


class DocumentQuerySet(OwnedQuerySet["Document"]):
    """Documents, scoped and filtered the ways everyone needs."""

    def completed(self) -> DocumentQuerySet:
        return self.filter(status=Document.Status.COMPLETED)


class Document(OwnedModel):
    """A file a user uploaded; its text is parsed, chunked and embedded by a background job."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PROCESSING = "processing", "Processing"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"

    file_name = models.CharField(max_length=255, help_text="The name as uploaded, for display.")
    storage_path = models.CharField(max_length=512, editable=False)
    content_type = models.CharField(max_length=100)
    size_bytes = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True, default="")
    chunk_count = models.PositiveIntegerField(default=0)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    embedding_model = models.CharField(max_length=100, blank=True, default="")
    attempts = models.PositiveIntegerField(
        default=0, help_text="Vectorization runs started since the upload or the last reprocess."
    )
    run_id = models.UUIDField(
        null=True, blank=True, editable=False, help_text="The current run (a fencing token)."
    )
    processing_started_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[Any] = DocumentQuerySet.as_manager()

    class Meta:
        db_table = "documents"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "sha256"], name="documents_owner_sha256_uniq"),
        ]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="documents_owner_created_idx"),
            models.Index(fields=["status", "updated_at"], name="documents_status_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.file_name

    def mark_processing(self, *, model: str) -> None:
        """Start a (new) run: its fresh `run_id` fences out any older run still alive."""
        self.status = self.Status.PROCESSING
        self.run_id = uuid.uuid4()
        self.attempts += 1
        self.error = ""
        self.progress_done = 0
        self.progress_total = 0
        self.chunk_count = 0
        self.embedding_model = model
        self.processing_started_at = timezone.now()
        self.processed_at = None
        self.save()

    def mark_completed(self, *, chunk_count: int) -> None:
        """Every chunk is stored and embedded: the document becomes searchable."""
        self.status = self.Status.COMPLETED
        self.chunk_count = chunk_count
        self.progress_done = self.progress_total = chunk_count
        self.processed_at = timezone.now()
        self.save()

    def mark_failed(self, reason: str) -> None:
        """Stop with a reason a user can read (never a traceback)."""
        self.status = self.Status.FAILED
        self.error = reason[:ERROR_MAX_CHARS]
        self.processed_at = timezone.now()
        self.save()

    def mark_pending(self) -> None:
        """Queue the document again (reprocess, or the reaper's requeue)."""
        self.status = self.Status.PENDING
        self.error = ""
        self.progress_done = 0
        self.progress_total = 0
        self.processed_at = None
        self.save()


class DocumentChunk(models.Model):
    """One embedded piece of a document's text.

    `embedding` has no fixed dimension, so chunks of a 384-d and of a 768-d model can coexist; each
    model gets its own partial HNSW index on `embedding::vector(dim)` (see migration 0002).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="chunks")
    chunk_index = models.PositiveIntegerField()
    text = models.TextField()
    metadata = models.JSONField(default=dict, blank=True)
    embedding = VectorField(null=True, blank=True)
    embedding_model = models.CharField(max_length=100)
    embedding_dim = models.PositiveSmallIntegerField()
    search_vector = models.GeneratedField(
        expression=SearchVector("text", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "document_chunks"
        ordering = ["document", "chunk_index"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "chunk_index"], name="document_chunks_document_index_uniq"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="document_chunks_search_gin"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.chunk_index}"
