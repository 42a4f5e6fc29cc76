"""BOLA matrix entries for every documents route that takes an object id."""

from __future__ import annotations

from typing import Any

from documents.models import Document
from tests.bola import BolaCase
from tests.documents.factories import DocumentFactory


def _document(owner: Any) -> Any:
    return DocumentFactory(owner=owner)


def _untouched(document: Any) -> bool:
    from django.core.files.storage import default_storage

    current = Document.objects.filter(pk=document.pk).first()
    return bool(
        current is not None
        and current.status == Document.Status.COMPLETED
        and current.attempts == 0
        and current.chunks.count() == 1
        and default_storage.exists(current.storage_path)
    )


BOLA_CASES: dict[str, BolaCase] = {
    "document-detail": BolaCase(
        make_object=_document, methods=("get", "delete"), unchanged=_untouched
    ),
    "document-chunks": BolaCase(make_object=_document, methods=("get",)),
    "document-reprocess": BolaCase(make_object=_document, methods=("post",), unchanged=_untouched),
}
