"""Fixtures of the documents tests: a private MEDIA_ROOT, small pipeline settings, helpers.

The values are put in the environment as well as in settings, at collection time, so the real
Celery worker process (started later by `celery_worker_process`) uses the same ones.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings

_MEDIA_ROOT = tempfile.mkdtemp(prefix="sfl-documents-media-")
TEST_PIPELINE_SETTINGS: dict[str, Any] = {
    "MEDIA_ROOT": _MEDIA_ROOT,
    "DOCUMENT_EMBED_BATCH_SIZE": 4,
    "DOCUMENT_CHUNK_TOKENS": 60,
    "DOCUMENT_CHUNK_OVERLAP_TOKENS": 10,
}
_override = override_settings(**TEST_PIPELINE_SETTINGS)


def pytest_configure(config: pytest.Config) -> None:
    for name, value in TEST_PIPELINE_SETTINGS.items():
        os.environ[name] = str(value)
    _override.enable()


def pytest_unconfigure(config: pytest.Config) -> None:
    _override.disable()
    shutil.rmtree(_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def media_root() -> str:
    return _MEDIA_ROOT


def upload_file(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def upload(api_client: Any) -> Callable[..., Any]:
    """POST a file to the upload route as `user`."""

    def _upload(name: str, data: bytes, client: Any = None, **extra: Any) -> Any:
        return (client or api_client).post(
            "/api/documents/upload", {"file": upload_file(name, data)}, format="multipart", **extra
        )

    return _upload


def wait_for(
    predicate: Callable[[], bool], *, timeout: float = 120.0, interval: float = 0.25
) -> None:
    """Poll until `predicate()` holds (the worker runs in another process)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


@pytest.fixture
def vectorized() -> Iterator[Callable[..., Any]]:
    """Run the pipeline in this process for a document (for search tests without a worker)."""
    from documents.models import Document
    from documents.services import document_vectorize

    def _run(document_id: Any) -> Any:
        document_vectorize(document_id=document_id)
        return Document.objects.get(pk=document_id)

    yield _run
