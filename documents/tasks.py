"""Celery tasks of the documents app; task names are a deploy contract."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.conf import settings

from documents.services import (
    VECTORIZE_TASK,
    EmbeddingRetryable,
    document_mark_failed,
    document_vectorize,
    documents_reap_stale,
)

logger = logging.getLogger(__name__)

VECTORIZE_MAX_RETRIES = 3


@shared_task(
    bind=True,
    name=VECTORIZE_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=VECTORIZE_MAX_RETRIES,
    soft_time_limit=settings.DOCUMENT_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.DOCUMENT_TASK_SOFT_TIME_LIMIT + 60,
)
def document_vectorize_task(self: Task, document_id: str) -> str | None:  # type: ignore[type-arg]
    """Vectorize one document; only a retryable embedder failure is retried (with backoff)."""
    try:
        status = document_vectorize(document_id=document_id)
    except EmbeddingRetryable as exc:
        if self.request.retries >= VECTORIZE_MAX_RETRIES:
            document_mark_failed(
                document_id=document_id,
                reason=f"The embedder kept failing ({exc}); reprocess the document later.",
            )
            return "failed"
        logger.warning("document vectorize retry", extra={"document_id": document_id})
        raise self.retry(exc=exc, countdown=10 * 2**self.request.retries) from exc
    return status.value if status is not None else None


@shared_task(name="documents.tasks.documents_reap_stale_task")
def documents_reap_stale_task() -> dict[str, int]:
    """Periodic: requeue or fail documents stuck in pending/processing."""
    return documents_reap_stale().as_dict()
