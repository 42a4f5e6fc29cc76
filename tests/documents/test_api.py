"""The documents HTTP API: upload validation, CRUD, ownership (no worker involved)."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from documents.models import Document, DocumentChunk
from tests.documents import samples
from tests.documents.factories import DocumentFactory

pytestmark = pytest.mark.django_db

DOCUMENT_KEYS = {
    "id",
    "fileName",
    "contentType",
    "sizeBytes",
    "status",
    "error",
    "chunkCount",
    "progress",
    "embeddingModel",
    "createdAt",
    "processedAt",
}


def test_upload_stores_the_file_and_answers_202_with_a_pending_document(upload, user):
    response = upload("photosynthesis.txt", samples.text_file())

    assert response.status_code == 202, response.json()
    body = response.json()
    assert set(body) == DOCUMENT_KEYS
    assert body["status"] == "pending"
    assert body["progress"] == {"done": 0, "total": 0}
    assert body["fileName"] == "photosynthesis.txt"
    assert body["contentType"] == "text/plain"
    assert body["sizeBytes"] == len(samples.text_file())
    document = Document.objects.get(pk=body["id"])
    assert document.owner_id == user.pk
    assert document.storage_path == f"documents/{user.pk}/{document.pk}"
    with default_storage.open(document.storage_path, "rb") as stored:
        assert stored.read() == samples.text_file()


def test_upload_queues_the_job_only_after_commit(upload, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload("notes.txt", samples.text_file())
    assert response.status_code == 202
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("report.pdf", samples.markdown_file(), "text/markdown"),
        ("notes.txt", samples.pdf_file(), "application/pdf"),
        ("page.md", samples.html_file(), "text/html"),
        (
            "data.bin",
            samples.docx_file(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_upload_judges_the_type_by_content_not_by_name(upload, name, data, content_type):
    response = upload(name, data)
    assert response.status_code == 202, response.json()
    assert response.json()["contentType"] == content_type


@pytest.mark.parametrize(
    ("name", "data"),
    [("image.png", samples.png_file()), ("archive.zip", samples.plain_zip())],
)
def test_upload_rejects_unsupported_types_with_415(upload, name, data):
    response = upload(name, data)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert not Document.objects.exists()


def test_upload_rejects_a_binary_disguised_as_text_with_415(upload):
    response = upload("notes.txt", samples.disguised_binary())
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_upload_rejects_files_over_the_limit_with_413(upload, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1000
    response = upload("big.txt", b"a" * 1001)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    # Far over the limit: refused from Content-Length, before the body is parsed.
    response = upload("huge.txt", b"a" * 200_000)
    assert response.status_code == 413
    assert not Document.objects.exists()


def test_uploads_past_the_byte_quota_are_413_and_deleting_frees_space(upload, api_client, settings):
    settings.DOCUMENT_QUOTA_BYTES = 100
    assert upload("a.txt", b"a" * 60).status_code == 202
    response = upload("b.txt", b"b" * 60)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert "quota is 100" in response.json()["message"]
    assert "you use 60" in response.json()["message"]
    assert Document.objects.count() == 1
    # The same bytes again take no space: the existing document is answered.
    assert upload("a-again.txt", b"a" * 60).status_code == 200
    api_client.delete(f"/api/documents/{Document.objects.get().pk}")
    assert upload("b.txt", b"b" * 60).status_code == 202


def test_uploads_past_the_count_quota_are_413(upload, other_client, settings):
    settings.DOCUMENT_QUOTA_COUNT = 2
    assert upload("a.txt", b"first").status_code == 202
    assert upload("b.txt", b"second").status_code == 202
    response = upload("c.txt", b"third")
    assert response.status_code == 413
    assert "You have 2 documents; the quota is 2" in response.json()["message"]
    assert upload("c.txt", b"third", other_client).status_code == 202


def test_upload_rejects_an_empty_file_with_400(upload):
    response = upload("empty.txt", b"")
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert "file" in response.json()["details"]["fields"]


def test_upload_without_a_file_is_400(api_client):
    response = api_client.post("/api/documents/upload", {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["details"]["fields"]


def test_upload_sanitises_the_file_name_and_never_uses_it_as_a_path(upload, user):
    response = upload("..\\..\\evil\x07name.txt", samples.text_file())
    assert response.status_code == 202
    document = Document.objects.get(pk=response.json()["id"])
    assert document.file_name == "evilname.txt"
    assert "evil" not in document.storage_path
    assert document.storage_path == f"documents/{user.pk}/{document.pk}"


def test_same_bytes_uploaded_again_return_the_existing_document(upload, other_client):
    first = upload("a.txt", samples.text_file())
    second = upload("renamed.txt", samples.text_file())
    assert first.status_code == 202
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert Document.objects.count() == 1
    # Another user with the same bytes gets a document of their own.
    third = upload("a.txt", samples.text_file(), client=other_client)
    assert third.status_code == 202
    assert third.json()["id"] != first.json()["id"]


def test_list_is_paginated_and_shows_only_the_callers_documents(
    api_client, user, other_user, django_assert_max_num_queries
):
    for _ in range(21):
        DocumentFactory(owner=user)
    DocumentFactory(owner=other_user)
    with django_assert_max_num_queries(4):
        response = api_client.get("/api/documents")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 21
    assert len(body["results"]) == 20
    assert body["next"] is not None
    second = api_client.get("/api/documents", {"page": 2}).json()
    assert len(second["results"]) == 1


def test_detail_shows_live_progress(api_client, user):
    document = DocumentFactory(owner=user, status=Document.Status.PROCESSING)
    Document.objects.filter(pk=document.pk).update(progress_done=3, progress_total=10)
    response = api_client.get(f"/api/documents/{document.pk}")
    assert response.status_code == 200
    assert response.json()["status"] == "processing"
    assert response.json()["progress"] == {"done": 3, "total": 10}


def test_delete_removes_the_file_and_the_chunks(
    api_client, user, django_capture_on_commit_callbacks
):
    document = DocumentFactory(owner=user)
    assert default_storage.exists(document.storage_path)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.delete(f"/api/documents/{document.pk}")
    assert response.status_code == 204
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not DocumentChunk.objects.filter(document_id=document.pk).exists()
    assert not default_storage.exists(document.storage_path)


def test_chunks_are_listed_in_order_with_metadata(api_client, user):
    document = DocumentFactory(owner=user)
    DocumentChunk.objects.create(
        document=document,
        chunk_index=1,
        text="second",
        metadata={"page": 2, "heading_path": ["Intro", "Scope"]},
        embedding=[1.0] + [0.0] * 383,
        embedding_model="all-MiniLM-L6-v2",
        embedding_dim=384,
    )
    response = api_client.get(f"/api/documents/{document.pk}/chunks")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [c["chunkIndex"] for c in results] == [0, 1]
    assert results[1]["metadata"] == {"page": 2, "headingPath": ["Intro", "Scope"]}
    assert results[1]["embeddingDim"] == 384
    assert "embedding" not in results[1]


def test_reprocess_queues_the_document_again(api_client, user, django_capture_on_commit_callbacks):
    document = DocumentFactory(owner=user, status=Document.Status.FAILED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api_client.post(f"/api/documents/{document.pk}/reprocess")
    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    assert len(callbacks) == 1


def test_reprocess_while_processing_is_a_409(api_client, user):
    document = DocumentFactory(owner=user, status=Document.Status.PROCESSING)
    response = api_client.post(f"/api/documents/{document.pk}/reprocess")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_another_users_document_is_a_404_everywhere(other_client, user):
    document = DocumentFactory(owner=user)
    base = f"/api/documents/{document.pk}"
    assert other_client.get(base).status_code == 404
    assert other_client.get(f"{base}/chunks").status_code == 404
    assert other_client.post(f"{base}/reprocess").status_code == 404
    assert other_client.delete(base).status_code == 404
    assert Document.objects.filter(pk=document.pk, status="completed").exists()
    assert default_storage.exists(document.storage_path)


def test_anonymous_requests_are_401(anon_client):
    assert anon_client.get("/api/documents").status_code == 401
    assert anon_client.post("/api/search", {"query": "x"}, format="json").status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"query": ""},
        {"query": "x", "topK": 0},
        {"query": "x", "topK": 51},
        {"query": "x", "mode": "fuzzy"},
        {"query": "x", "documentIds": ["not-a-uuid"]},
    ],
)
def test_search_validates_its_body(api_client, body):
    response = api_client.post("/api/search", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
