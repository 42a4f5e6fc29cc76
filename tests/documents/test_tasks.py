"""The vectorization job through a real Celery worker process, plus its idempotency rules."""

from __future__ import annotations

import time

import pytest
from django.conf import settings

from documents.chunking import sections_chunk
from documents.models import Document, DocumentChunk
from documents.parsers import DocumentKind, document_bytes_parse
from documents.services import document_upload, document_vectorize
from documents.tasks import document_vectorize_task
from tests.documents import samples
from tests.documents.conftest import upload_file, wait_for

worker_test = pytest.mark.django_db(transaction=True)
FINAL = {Document.Status.COMPLETED, Document.Status.FAILED}


def _final(document_id: str) -> Document:
    wait_for(lambda: Document.objects.get(pk=document_id).status in FINAL, timeout=180)
    return Document.objects.get(pk=document_id)


class WorkerDied(BaseException):
    """Stands in for SIGKILL: nothing in the service may catch it."""


@worker_test
@pytest.mark.slow
def test_every_supported_type_completes_with_384d_chunks(upload, celery_worker_process):
    files = {
        "plants.txt": (samples.text_file(), ()),
        "baking.md": (samples.markdown_file(), ("Baking at home", "Bread")),
        "geology.html": (samples.html_file(), ("Geology", "Volcanoes")),
        "printing.pdf": (samples.pdf_file(), ()),
        "running.docx": (samples.docx_file(), ("Running", "Marathon training")),
    }
    ids = {}
    for name, (data, _) in files.items():
        response = upload(name, data)
        assert response.status_code == 202, response.json()
        ids[name] = response.json()["id"]

    for name, (_, heading) in files.items():
        document = _final(ids[name])
        assert document.status == Document.Status.COMPLETED, (name, document.error)
        chunks = list(DocumentChunk.objects.filter(document=document).order_by("chunk_index"))
        assert chunks, name
        assert document.chunk_count == len(chunks)
        assert document.progress_done == document.progress_total == len(chunks)
        assert [c.chunk_index for c in chunks] == list(range(len(chunks)))
        assert all(c.embedding_dim == 384 and len(c.embedding) == 384 for c in chunks)
        assert document.embedding_model == "all-MiniLM-L6-v2"
        assert document.processed_at is not None
        if heading:
            assert any(tuple(c.metadata["heading_path"]) == heading for c in chunks), name
    pdf_pages = DocumentChunk.objects.filter(document_id=ids["printing.pdf"])
    assert sorted({c.metadata["page"] for c in pdf_pages}) == [1, 2]


@worker_test
def test_corrupt_pdf_ends_failed_with_a_reason(upload, celery_worker_process):
    response = upload("report.pdf", samples.corrupt_pdf())
    assert response.status_code == 202
    document = _final(response.json()["id"])
    assert document.status == Document.Status.FAILED
    assert "PDF could not be read" in document.error
    assert not DocumentChunk.objects.filter(document=document).exists()


@worker_test
def test_zip_bomb_docx_ends_failed_fast_and_the_worker_survives(upload, celery_worker_process):
    response = upload("bomb.docx", samples.zip_bomb_docx())
    assert response.status_code == 202
    started = time.monotonic()
    document = _final(response.json()["id"])
    assert document.status == Document.Status.FAILED
    assert "zip bomb" in document.error
    assert time.monotonic() - started < 60
    assert celery_worker_process.poll() is None
    # The same worker still processes the next document.
    healthy = upload("plants.txt", samples.text_file())
    assert _final(healthy.json()["id"]).status == Document.Status.COMPLETED


def _expected_chunk_count(data: bytes) -> int:
    sections = document_bytes_parse(data=data, kind=DocumentKind.TEXT)
    return len(
        sections_chunk(
            sections,
            size_tokens=settings.DOCUMENT_CHUNK_TOKENS,
            overlap_tokens=settings.DOCUMENT_CHUNK_OVERLAP_TOKENS,
        )
    )


@worker_test
@pytest.mark.slow
def test_a_redelivered_job_finishes_with_the_exact_chunk_count(
    api_client, user, celery_worker_process
):
    data = samples.long_text(paragraphs=12)
    expected = _expected_chunk_count(data)
    assert expected > 2 * settings.DOCUMENT_EMBED_BATCH_SIZE
    # Stored without queueing the job: this test plays the first (dying) delivery itself.
    outcome = document_upload(owner=user, file=upload_file("long.txt", data), enqueue=False)
    document_id = str(outcome.document.pk)

    def die_after_first_batch(done: int) -> None:
        raise WorkerDied

    with pytest.raises(WorkerDied):
        document_vectorize(document_id=document_id, after_batch=die_after_first_batch)
    stuck = Document.objects.get(pk=document_id)
    assert stuck.status == Document.Status.PROCESSING
    assert DocumentChunk.objects.filter(document_id=document_id).count() == (
        settings.DOCUMENT_EMBED_BATCH_SIZE
    )
    progress = api_client.get(f"/api/documents/{document_id}").json()["progress"]
    assert progress == {"done": settings.DOCUMENT_EMBED_BATCH_SIZE, "total": expected}

    # The broker redelivers the message: the real worker runs the task again.
    document_vectorize_task.delay(document_id)
    document = _final(document_id)
    assert document.status == Document.Status.COMPLETED, document.error
    indexes = list(
        DocumentChunk.objects.filter(document_id=document_id)
        .order_by("chunk_index")
        .values_list("chunk_index", flat=True)
    )
    assert indexes == list(range(expected))
    assert document.chunk_count == expected
    assert document.attempts == 2


@worker_test
def test_a_task_for_a_completed_or_deleted_document_does_nothing(user):
    from tests.documents.factories import DocumentFactory

    document = DocumentFactory(owner=user)
    assert document_vectorize(document_id=document.pk) is None
    assert DocumentChunk.objects.filter(document=document).count() == 1
    document_id = document.pk
    document.delete()
    assert document_vectorize(document_id=document_id) is None
