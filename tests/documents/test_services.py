"""Service rules of the pipeline: fencing of superseded runs, failures with reasons, the reaper."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.storage import default_storage
from django.utils import timezone

from documents.models import Document, DocumentChunk
from documents.services import (
    document_upload,
    document_vectorize,
    documents_reap_stale,
)
from tests.documents import samples
from tests.documents.conftest import upload_file
from tests.documents.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def _pending(user, data: bytes = b"", name: str = "notes.txt") -> Document:
    outcome = document_upload(
        owner=user, file=upload_file(name, data or samples.text_file()), enqueue=False
    )
    return outcome.document


@pytest.mark.slow
def test_a_superseded_run_stops_and_the_newer_run_owns_the_chunks(user):
    document = _pending(user, samples.long_text(paragraphs=8))
    calls: list[int] = []

    def redeliver_meanwhile(done: int) -> None:
        if not calls:
            calls.append(done)
            # A second delivery of the same task runs to the end while the first one is alive.
            assert document_vectorize(document_id=document.pk) == Document.Status.COMPLETED

    assert document_vectorize(document_id=document.pk, after_batch=redeliver_meanwhile) is None
    document.refresh_from_db()
    assert document.status == Document.Status.COMPLETED
    indexes = list(
        DocumentChunk.objects.filter(document=document).values_list("chunk_index", flat=True)
    )
    assert sorted(indexes) == list(range(document.chunk_count))


def test_a_missing_stored_file_fails_with_a_reason(user):
    document = _pending(user)
    default_storage.delete(document.storage_path)
    assert document_vectorize(document_id=document.pk) == Document.Status.FAILED
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert "stored file is missing" in document.error


def test_the_soft_time_limit_fails_the_document_with_a_reason(user):
    document = _pending(user)

    def too_slow(done: int) -> None:
        raise SoftTimeLimitExceeded

    assert (
        document_vectorize(document_id=document.pk, after_batch=too_slow) == Document.Status.FAILED
    )
    document.refresh_from_db()
    assert "took longer than" in document.error


def test_an_unavailable_parser_backend_fails_the_document_and_never_hangs(user, settings):
    settings.DOCUMENT_PARSER_BACKEND = "unstructured"
    document = _pending(user)
    assert document_vectorize(document_id=document.pk) == Document.Status.FAILED
    document.refresh_from_db()
    assert "unstructured" in document.error


def test_an_empty_document_fails_with_a_reason(user):
    document = _pending(user, b"   \n\n   ")
    document_vectorize(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert "No text" in document.error


def test_the_reaper_requeues_stale_documents_and_fails_exhausted_ones(
    user, settings, django_capture_on_commit_callbacks
):
    settings.DOCUMENT_MAX_ATTEMPTS = 3
    long_ago = timezone.now() - timedelta(seconds=settings.DOCUMENT_STALE_AFTER_SECONDS + 60)
    stuck = DocumentFactory(owner=user, status=Document.Status.PROCESSING)
    exhausted = DocumentFactory(owner=user, status=Document.Status.PROCESSING)
    fresh = DocumentFactory(owner=user, status=Document.Status.PROCESSING)
    done = DocumentFactory(owner=user)
    Document.objects.filter(pk=stuck.pk).update(updated_at=long_ago, attempts=1)
    Document.objects.filter(pk=exhausted.pk).update(updated_at=long_ago, attempts=3)
    Document.objects.filter(pk=done.pk).update(updated_at=long_ago)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outcome = documents_reap_stale()

    assert (outcome.requeued, outcome.failed) == (1, 1)
    assert len(callbacks) == 1
    statuses = dict(Document.objects.values_list("pk", "status"))
    assert statuses[stuck.pk] == Document.Status.PENDING
    assert statuses[exhausted.pk] == Document.Status.FAILED
    assert statuses[fresh.pk] == Document.Status.PROCESSING
    assert statuses[done.pk] == Document.Status.COMPLETED


def test_an_unexpected_error_fails_the_document_instead_of_leaving_it_processing(user, monkeypatch):
    document = _pending(user)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("documents.services.sections_chunk", broken)
    assert document_vectorize(document_id=document.pk) == Document.Status.FAILED
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert "unexpected error" in document.error
    assert "a bug" not in document.error
