"""`manage.py ingest` and `manage.py reindex`."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from documents.models import Document, DocumentChunk
from tests.documents import samples

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_ingest_uploads_a_directory_and_vectorizes_with_sync(tmp_path, user):
    (tmp_path / "plants.txt").write_bytes(samples.text_file())
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "baking.md").write_bytes(samples.markdown_file())
    (tmp_path / "photo.png").write_bytes(samples.png_file())

    call_command("ingest", str(tmp_path), owner=user.email.upper(), sync=True, verbosity=0)

    documents = Document.objects.filter(owner=user)
    assert sorted(documents.values_list("file_name", flat=True)) == ["baking.md", "plants.txt"]
    assert set(documents.values_list("status", flat=True)) == {Document.Status.COMPLETED}


def test_reindex_re_embeds_only_chunks_of_other_models_and_resumes(tmp_path, user):
    (tmp_path / "plants.txt").write_bytes(samples.text_file())
    call_command("ingest", str(tmp_path), owner=user.email, sync=True, verbosity=0)
    document = Document.objects.get(owner=user)
    chunks = DocumentChunk.objects.filter(document=document)
    original = {c.pk: list(c.embedding) for c in chunks}
    chunks.update(embedding_model="older-model", embedding=[1.0] + [0.0] * 383)
    Document.objects.filter(pk=document.pk).update(embedding_model="older-model")

    call_command("reindex", model="all-MiniLM-L6-v2", verbosity=0)

    for chunk in DocumentChunk.objects.filter(document=document):
        assert chunk.embedding_model == "all-MiniLM-L6-v2"
        assert list(chunk.embedding) == pytest.approx(original[chunk.pk], abs=1e-5)
    document.refresh_from_db()
    assert document.embedding_model == "all-MiniLM-L6-v2"
