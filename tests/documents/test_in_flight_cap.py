"""One user has at most DOCUMENT_MAX_IN_FLIGHT_PER_USER documents pending or processing."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from documents.models import Document

pytestmark = pytest.mark.django_db


def _text(n: int) -> bytes:
    return f"Document number {n} is about shade-loving plants.\n".encode()


def test_an_upload_over_the_cap_is_429_with_retry_after_until_one_finishes(upload, user, settings):
    settings.DOCUMENT_MAX_IN_FLIGHT_PER_USER = 2
    accepted = [upload(f"doc{n}.txt", _text(n)) for n in range(2)]
    refused = upload("doc2.txt", _text(2))
    Document.objects.filter(pk=accepted[0].json()["id"]).update(status=Document.Status.COMPLETED)
    again = upload("doc2.txt", _text(2))

    assert [r.status_code for r in accepted] == [202, 202]
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "rate_limited"
    assert "2 of your documents are still being processed" in body["message"]
    assert refused["Retry-After"] == str(body["details"]["retryAfter"])
    assert again.status_code == 202
    # The refused upload left no file behind: two stored for the accepted, one for the retry.
    stored = {d.storage_path for d in Document.objects.filter(owner=user)}
    assert len(stored) == 3
    assert all(default_storage.exists(path) for path in stored)
    _, files = default_storage.listdir(f"documents/{user.pk}")
    assert len(files) == 3


def test_a_batch_of_twenty_goes_through_with_the_default_cap(upload):
    assert [upload(f"doc{n}.txt", _text(n)).status_code for n in range(20)] == [202] * 20


def test_reprocessing_counts_against_the_cap(api_client, upload, user, settings):
    settings.DOCUMENT_MAX_IN_FLIGHT_PER_USER = 1
    done = upload("done.txt", _text(0)).json()["id"]
    Document.objects.filter(pk=done).update(status=Document.Status.COMPLETED)
    assert upload("busy.txt", _text(1)).status_code == 202
    response = api_client.post(f"/api/documents/{done}/reprocess")
    assert response.status_code == 429
    assert Document.objects.get(pk=done).status == Document.Status.COMPLETED
