"""Writes and side effects of documents: upload, vectorize, reprocess, delete, reap, search.

Past 400 lines since the quota and in-flight checks joined the upload: they read and lock the same
rows as `document_upload`, so they stay beside it; the next addition moves upload to its own module.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final
from uuid import UUID

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from core.exceptions import Conflict, PayloadTooLarge, RateLimited, ValidationFailed
from core.filenames import file_name_display
from core.locks import advisory_lock
from core.reaping import ReapOutcome
from documents.chunking import ChunkDraft, sections_chunk
from documents.embedding import embedding_model_active, query_embedding_get, texts_embed
from documents.exceptions import DocumentEmpty, DocumentParseError, DocumentRejected
from documents.models import Document, DocumentChunk
from documents.parsers import DocumentKind, Section, document_bytes_parse
from documents.parsers.detection import document_kind_detect
from documents.selectors import SearchHit, SearchMode, chunk_search
from gemini.exceptions import GatewayError

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

VECTORIZE_TASK: Final = "documents.tasks.document_vectorize_task"
# What a client over the in-flight cap is told to wait: a small document is done in seconds.
IN_FLIGHT_RETRY_AFTER_SECONDS = 5


class EmbeddingRetryable(Exception):
    """The embedder failed in a way that may pass (timeout, rate limit, 5xx): retry the job."""


class _Superseded(Exception):
    """A newer run of the same document started; this one must stop without writing."""


@dataclass(frozen=True)
class UploadOutcome:
    """The stored document, and whether this upload created it (False: same bytes as before)."""

    document: Document
    created: bool


def _enqueue_vectorize(document: Document) -> None:
    # Sent by name once the row is committed: the task module imports this one, so importing it
    # back would close a cycle; the name is the deploy contract anyway.
    document_id = str(document.pk)
    transaction.on_commit(lambda: current_app.send_task(VECTORIZE_TASK, args=[document_id]))


def _quota_check(owner: User, size: int) -> None:
    """413 when the upload would take the owner past DOCUMENT_QUOTA_BYTES or _COUNT.

    Checked before the file is stored, without a lock: two uploads at the same moment may both
    pass, which overshoots the quota by at most one upload each.
    """
    usage = Document.objects.filter(owner=owner).aggregate(
        count=Count("pk"), bytes=Sum("size_bytes")
    )
    count, used = int(usage["count"] or 0), int(usage["bytes"] or 0)
    if count + 1 > settings.DOCUMENT_QUOTA_COUNT:
        raise PayloadTooLarge(
            f"You have {count:,} documents; the quota is {settings.DOCUMENT_QUOTA_COUNT:,}. "
            "Delete documents you no longer need to upload more."
        )
    if used + size > settings.DOCUMENT_QUOTA_BYTES:
        raise PayloadTooLarge(
            f"This file ({size:,} bytes) would take your documents to {used + size:,} bytes; "
            f"the quota is {settings.DOCUMENT_QUOTA_BYTES:,} and you use {used:,}. "
            "Delete documents you no longer need to free space."
        )


def _in_flight_check(owner: User) -> None:
    """429 when the owner has DOCUMENT_MAX_IN_FLIGHT_PER_USER documents pending or processing.

    Locked per owner until the caller's transaction ends, so concurrent uploads cannot all take
    the last slot.
    """
    advisory_lock("documents-in-flight", owner.pk)
    cap = int(settings.DOCUMENT_MAX_IN_FLIGHT_PER_USER)
    in_flight = (
        Document.objects.owned_by(owner)
        .filter(status__in=[Document.Status.PENDING, Document.Status.PROCESSING])
        .count()
    )
    if in_flight >= cap:
        raise RateLimited(
            f"{in_flight} of your documents are still being processed, the most at once "
            f"({cap}); wait a moment for some to finish, then upload the rest.",
            retry_after=IN_FLIGHT_RETRY_AFTER_SECONDS,
        )


def document_upload(
    *, owner: User, file: UploadedFile[bytes], enqueue: bool = True
) -> UploadOutcome:
    """Validate an upload by content, store it, create the row and queue its vectorization."""
    size = int(file.size or 0)
    if size > settings.DOCUMENT_MAX_UPLOAD_BYTES:
        raise PayloadTooLarge(
            f"The file is {size:,} bytes; the limit is {settings.DOCUMENT_MAX_UPLOAD_BYTES:,}."
        )
    if size == 0:
        raise ValidationFailed({"file": ["The file is empty."]})
    kind = document_kind_detect(file, size)
    digest = hashlib.sha256()
    for piece in file.chunks():
        digest.update(piece)
    sha256 = digest.hexdigest()
    file.seek(0)

    existing = Document.objects.filter(owner=owner, sha256=sha256).first()
    if existing is not None:
        return UploadOutcome(document=existing, created=False)
    _quota_check(owner, size)

    document_id = uuid.uuid4()
    # The stored name is ours alone: the owner's id and a fresh uuid, nothing from the client.
    storage_path = default_storage.save(f"documents/{owner.pk}/{document_id}", file)
    try:
        with transaction.atomic():
            _in_flight_check(owner)
            document = Document.objects.create(
                id=document_id,
                owner=owner,
                file_name=file_name_display(file.name),
                storage_path=storage_path,
                content_type=kind.content_type,
                size_bytes=size,
                sha256=sha256,
                embedding_model=embedding_model_active(),
            )
            if enqueue:
                _enqueue_vectorize(document)
    except RateLimited:
        default_storage.delete(storage_path)
        raise
    except IntegrityError:
        # The same bytes, uploaded twice at once: the other request's row won.
        default_storage.delete(storage_path)
        existing = Document.objects.filter(owner=owner, sha256=sha256).first()
        if existing is None:
            raise
        return UploadOutcome(document=existing, created=False)
    logger.info(
        "document uploaded",
        extra={"document_id": str(document.pk), "size_bytes": size, "kind": kind.value},
    )
    return UploadOutcome(document=document, created=True)


def document_delete(*, document: Document) -> None:
    """Delete the row (its chunks cascade) and, once that is committed, the stored file."""
    storage_path = document.storage_path
    document_id = str(document.pk)
    with transaction.atomic():
        document.delete()

        def remove_file() -> None:
            try:
                default_storage.delete(storage_path)
            except OSError:
                logger.warning("document file not deleted", extra={"document_id": document_id})

        transaction.on_commit(remove_file)
    logger.info("document deleted", extra={"document_id": document_id})


def document_reprocess(*, document: Document) -> Document:
    """Queue the document again with the active model; refused while a run is in progress."""
    with transaction.atomic():
        locked: Document = Document.objects.select_for_update().get(pk=document.pk)
        if locked.status == Document.Status.PROCESSING:
            raise Conflict("The document is being processed; reprocess it once that has finished.")
        _in_flight_check(locked.owner)
        locked.embedding_model = embedding_model_active()
        locked.attempts = 0
        locked.mark_pending()
        _enqueue_vectorize(locked)
    return locked


def _lock_run(document_id: UUID | str, run_id: UUID) -> Document:
    """The document row, locked, if the run `run_id` is still the current one."""
    document: Document | None = Document.objects.select_for_update().filter(pk=document_id).first()
    if (
        document is None
        or document.run_id != run_id
        or document.status != Document.Status.PROCESSING
    ):
        raise _Superseded
    return document


def _fail_run(document_id: UUID | str, run_id: UUID, reason: str) -> None:
    try:
        with transaction.atomic():
            _lock_run(document_id, run_id).mark_failed(reason)
    except _Superseded:
        return
    logger.info("document failed", extra={"document_id": str(document_id), "reason": reason})


def _read_sections(document: Document) -> list[Section]:
    try:
        with default_storage.open(document.storage_path, "rb") as stored:
            data = stored.read()
    except (FileNotFoundError, OSError) as exc:
        raise DocumentParseError("The stored file is missing; upload the document again.") from exc
    try:
        kind = DocumentKind.from_content_type(document.content_type)
    except ValueError as exc:
        raise DocumentParseError(f"Unsupported content type {document.content_type!r}.") from exc
    return document_bytes_parse(data=data, kind=kind)


def _embed_batch(drafts: Sequence[ChunkDraft], model: str) -> list[list[float]]:
    try:
        vectors = texts_embed(
            texts=[draft.embedding_input for draft in drafts], model=model, purpose="document"
        )
    except GatewayError as exc:
        if exc.retryable:
            raise EmbeddingRetryable(exc.message_text) from exc
        raise DocumentRejected(f"The embedder refused the document: {exc.message_text}") from exc
    if len(vectors) != len(drafts):
        raise EmbeddingRetryable(f"The embedder returned {len(vectors)} vectors for {len(drafts)}.")
    return vectors


def _store_chunks(
    document_id: UUID | str,
    run_id: UUID,
    drafts: Sequence[ChunkDraft],
    model: str,
    after_batch: Callable[[int], None] | None,
) -> int:
    with transaction.atomic():
        document = _lock_run(document_id, run_id)
        # Leftovers of a run that died mid-document: this run rewrites every chunk.
        DocumentChunk.objects.filter(document_id=document_id).delete()
        document.progress_total = len(drafts)
        document.save(update_fields=["progress_total", "updated_at"])
    batch_size = max(1, settings.DOCUMENT_EMBED_BATCH_SIZE)
    done = 0
    for start in range(0, len(drafts), batch_size):
        batch = drafts[start : start + batch_size]
        vectors = _embed_batch(batch, model)
        with transaction.atomic():
            document = _lock_run(document_id, run_id)
            DocumentChunk.objects.bulk_create(
                [
                    DocumentChunk(
                        document_id=document_id,
                        chunk_index=draft.index,
                        text=draft.text,
                        metadata=draft.metadata,
                        embedding=vector,
                        embedding_model=model,
                        embedding_dim=len(vector),
                    )
                    for draft, vector in zip(batch, vectors, strict=True)
                ],
                update_conflicts=True,
                unique_fields=["document", "chunk_index"],
                update_fields=["text", "metadata", "embedding", "embedding_model", "embedding_dim"],
            )
            done += len(batch)
            document.progress_done = done
            document.save(update_fields=["progress_done", "updated_at"])
        if after_batch is not None:
            after_batch(done)
    with transaction.atomic():
        document = _lock_run(document_id, run_id)
        count = DocumentChunk.objects.filter(document_id=document_id).count()
        document.mark_completed(chunk_count=count)
    return count


def _claim_run(document_id: UUID | str, model: str) -> Document | None:
    """The document, now processing under a new run, or None when it is not waiting for one."""
    with transaction.atomic():
        document: Document | None = (
            Document.objects.select_for_update().filter(pk=document_id).first()
        )
        if document is None or document.status not in {
            Document.Status.PENDING,
            Document.Status.PROCESSING,
        }:
            return None
        document.mark_processing(model=model)
    return document


def document_vectorize(
    *, document_id: UUID | str, after_batch: Callable[[int], None] | None = None
) -> Document.Status | None:
    """Parse, chunk, embed and store one document; safe to run again on a redelivered task.

    Each run takes a new `run_id` under the row lock; every later write re-checks it, so a
    run that was superseded (redelivered, reaped, reprocessed) stops without touching the rows.
    Returns the final status, or None when there was nothing to do.
    """
    model = embedding_model_active()
    document = _claim_run(document_id, model)
    if document is None:
        logger.info("document vectorize skipped", extra={"document_id": str(document_id)})
        return None
    run_id = document.run_id
    assert run_id is not None  # noqa: S101 - mark_processing sets it
    logger.info(
        "document vectorize started",
        extra={"document_id": str(document_id), "attempt": document.attempts},
    )
    try:
        drafts = sections_chunk(
            _read_sections(document),
            size_tokens=settings.DOCUMENT_CHUNK_TOKENS,
            overlap_tokens=settings.DOCUMENT_CHUNK_OVERLAP_TOKENS,
        )
        if not drafts:
            raise DocumentEmpty("No text was found in the document.")
        count = _store_chunks(document_id, run_id, drafts, model, after_batch)
    except _Superseded:
        logger.info("document run superseded", extra={"document_id": str(document_id)})
        return None
    except DocumentRejected as exc:
        _fail_run(document_id, run_id, str(exc))
        return Document.Status.FAILED
    except SoftTimeLimitExceeded:
        _fail_run(
            document_id,
            run_id,
            f"Processing took longer than the {settings.DOCUMENT_TASK_SOFT_TIME_LIMIT}-second "
            "limit; split the document into smaller files.",
        )
        return Document.Status.FAILED
    except EmbeddingRetryable:
        raise
    except Exception:
        # A bug or an unexpected library error must not leave the document in processing until
        # the reaper's cut-off; the traceback goes to the log, a sentence to the user.
        logger.exception("document vectorize crashed", extra={"document_id": str(document_id)})
        _fail_run(
            document_id,
            run_id,
            "An unexpected error stopped processing; reprocess the document or contact support.",
        )
        return Document.Status.FAILED
    logger.info("document indexed", extra={"document_id": str(document_id), "chunks": count})
    return Document.Status.COMPLETED


def document_mark_failed(*, document_id: UUID | str, reason: str) -> None:
    """Fail a document whatever run it is in (the job gave up retrying)."""
    with transaction.atomic():
        document: Document | None = (
            Document.objects.select_for_update().filter(pk=document_id).first()
        )
        if document is not None and document.status != Document.Status.COMPLETED:
            document.mark_failed(reason)


def documents_reap_stale(*, now: datetime | None = None) -> ReapOutcome:
    """Requeue documents stuck in pending/processing with no progress; fail them after N tries."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.DOCUMENT_STALE_AFTER_SECONDS)
    requeued = failed = 0
    with transaction.atomic():
        stale = (
            Document.objects.select_for_update(skip_locked=True)
            .filter(
                status__in=[Document.Status.PENDING, Document.Status.PROCESSING],
                updated_at__lt=cutoff,
            )
            .order_by("updated_at")[:500]
        )
        for document in stale:
            if document.attempts >= settings.DOCUMENT_MAX_ATTEMPTS:
                document.mark_failed(
                    f"Processing stopped {document.attempts} times without finishing; the file "
                    "may be too large or malformed."
                )
                failed += 1
            else:
                document.mark_pending()
                _enqueue_vectorize(document)
                requeued += 1
    if requeued or failed:
        logger.warning("stale documents reaped", extra={"requeued": requeued, "failed": failed})
    return ReapOutcome(requeued=requeued, failed=failed)


def document_search(
    *,
    owner: User,
    query: str,
    mode: SearchMode = "hybrid",
    top_k: int = 5,
    document_ids: Sequence[UUID] | None = None,
    min_score: float | None = None,
) -> list[SearchHit]:
    """Search the owner's completed documents with the active embedding model."""
    model = embedding_model_active()
    vector = None
    if mode != "keyword":
        vector = query_embedding_get(text=query, model=model)
    return chunk_search(
        owner=owner,
        query=query,
        query_vector=vector,
        model=model,
        mode=mode,
        top_k=top_k,
        document_ids=document_ids,
        min_score=min_score,
    )
