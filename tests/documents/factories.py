"""Factories for documents: a stored file and a completed row with one chunk, without a worker."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from documents.models import Document, DocumentChunk
from tests.accounts.factories import UserFactory

ZERO_VECTOR_384 = [0.0] * 383 + [1.0]


class DocumentFactory(factory.django.DjangoModelFactory):
    """A completed text document whose file really is in storage."""

    class Meta:
        model = Document

    id = factory.LazyFunction(uuid.uuid4)
    owner = factory.SubFactory(UserFactory)
    file_name = "notes.txt"
    content_type = "text/plain"
    content = factory.Sequence(lambda n: f"Owner's private notes number {n}.".encode())
    status = Document.Status.COMPLETED
    embedding_model = "all-MiniLM-L6-v2"

    @classmethod
    def _create(cls, model_class: Any, *args: Any, content: bytes, **kwargs: Any) -> Any:
        path = default_storage.save(
            f"documents/{kwargs['owner'].pk}/{kwargs['id']}", ContentFile(content)
        )
        kwargs.update(
            storage_path=path, size_bytes=len(content), sha256=hashlib.sha256(content).hexdigest()
        )
        document = super()._create(model_class, *args, **kwargs)
        if document.status == Document.Status.COMPLETED:
            DocumentChunk.objects.create(
                document=document,
                chunk_index=0,
                text=content.decode(),
                metadata={"page": None, "heading_path": []},
                embedding=ZERO_VECTOR_384,
                embedding_model=document.embedding_model,
                embedding_dim=384,
            )
            Document.objects.filter(pk=document.pk).update(
                chunk_count=1, progress_done=1, progress_total=1
            )
            document.refresh_from_db()
        return document
