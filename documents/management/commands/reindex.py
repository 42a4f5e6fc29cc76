"""`manage.py reindex --model NAME`: re-embed every chunk with another model (resumable)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from documents.chunking import embedding_input
from documents.embedding import texts_embed
from documents.exceptions import DocumentRejected
from documents.models import Document, DocumentChunk
from gemini.exceptions import GatewayError


def hnsw_index_sql(model: str, dim: int) -> str:
    """The partial HNSW index search needs for `model` (see migration 0002)."""
    slug = "".join(ch if ch.isalnum() else "_" for ch in model.lower())
    literal = model.replace("'", "''")
    return (
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS document_chunks_hnsw_{slug} ON document_chunks "
        f"USING hnsw ((embedding::vector({dim})) vector_cosine_ops) "
        f"WHERE embedding_model = '{literal}' AND embedding_dim = {dim};"
    )


class Command(BaseCommand):
    help = (
        "Re-embed every chunk of completed documents with --model. Chunks already on that model "
        "are skipped, so an interrupted run resumes where it stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--model", required=True, help="The embedding model to move to.")
        parser.add_argument("--batch-size", type=int, default=64)

    def handle(self, *args: Any, **options: Any) -> None:
        model: str = options["model"]
        batch_size = max(1, int(options["batch_size"]))
        todo = DocumentChunk.objects.filter(document__status=Document.Status.COMPLETED).exclude(
            embedding_model=model
        )
        total = todo.count()
        dim = 0
        with tqdm(total=total, unit="chunk", disable=options["verbosity"] == 0) as bar:
            while True:
                batch = list(todo.order_by("id").only("id", "text", "metadata")[:batch_size])
                if not batch:
                    break
                texts = [
                    embedding_input(chunk.text, (chunk.metadata or {}).get("heading_path") or [])
                    for chunk in batch
                ]
                try:
                    vectors = texts_embed(texts=texts, model=model, purpose="document")
                except (DocumentRejected, GatewayError) as exc:
                    raise CommandError(f"Embedding with {model!r} failed: {exc}") from exc
                dim = len(vectors[0])
                with transaction.atomic():
                    for chunk, vector in zip(batch, vectors, strict=True):
                        chunk.embedding = vector
                        chunk.embedding_model = model
                        chunk.embedding_dim = len(vector)
                    DocumentChunk.objects.bulk_update(
                        batch, ["embedding", "embedding_model", "embedding_dim"]
                    )
                    document_ids = {chunk.document_id for chunk in batch}
                    finished = (
                        Document.objects.filter(pk__in=document_ids)
                        .exclude(chunks__embedding_model__in=_others(model))
                        .values_list("pk", flat=True)
                    )
                    Document.objects.filter(pk__in=list(finished)).update(embedding_model=model)
                bar.update(len(batch))
        self.stdout.write(self.style.SUCCESS(f"{total} chunks re-embedded with {model}."))
        if dim:
            self.stdout.write(
                "Search reads this model once EMBEDDING_MODEL is set to it; it needs its own "
                f"partial HNSW index (add a migration like documents/0002):\n  "
                f"{hnsw_index_sql(model, dim)}"
            )


def _others(model: str) -> list[str]:
    return list(
        DocumentChunk.objects.exclude(embedding_model=model)
        .values_list("embedding_model", flat=True)
        .distinct()
    )
