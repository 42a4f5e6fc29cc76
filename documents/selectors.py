"""Reads of documents: a document's chunks in order, and ranked search over every owned chunk
(vector with HNSW, keyword with full text, hybrid with reciprocal-rank fusion)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Cast
from pgvector.django import CosineDistance, VectorField

from documents.models import SEARCH_CONFIG, Document, DocumentChunk

if TYPE_CHECKING:
    from accounts.models import User

SearchMode = Literal["vector", "keyword", "hybrid"]
RRF_K = 60
# Each ranking of a hybrid search contributes this many candidates per requested result.
HYBRID_CANDIDATES_PER_RESULT = 4
HYBRID_MIN_CANDIDATES = 20
_FIELDS = ("id", "document_id", "document__file_name", "chunk_index", "text")


@dataclass(frozen=True)
class SearchHit:
    """One ranked chunk; `score` is higher for better matches, in [0, 1] for every mode."""

    chunk_id: UUID
    document_id: UUID
    file_name: str
    chunk_index: int
    text: str
    score: float


def document_chunk_list(*, document: Document) -> QuerySet[DocumentChunk]:
    """The document's chunks in order, without their vectors."""
    return (
        DocumentChunk.objects.filter(document=document).defer("embedding").order_by("chunk_index")
    )


def _searchable_chunks(
    *, owner: User, model: str, document_ids: Sequence[UUID] | None
) -> QuerySet[DocumentChunk]:
    chunks = DocumentChunk.objects.filter(
        embedding_model=model,
        document__owner_id=owner.pk,
        document__status=Document.Status.COMPLETED,
    )
    if document_ids is not None:
        chunks = chunks.filter(document_id__in=list(document_ids))
    return chunks


def _hit(row: Any, score: float) -> SearchHit:
    chunk_id, document_id, file_name, chunk_index, text = row[:5]
    return SearchHit(chunk_id, document_id, file_name, chunk_index, text, score)


def chunk_vector_search(
    *,
    owner: User,
    query_vector: Sequence[float],
    model: str,
    top_k: int,
    document_ids: Sequence[UUID] | None = None,
    ef_search: int | None = None,
) -> list[SearchHit]:
    """Nearest chunks by cosine distance through the model's partial HNSW index.

    The cast to `vector(dim)` and the `embedding_model`/`embedding_dim` filters repeat the partial
    index's expression and predicate, so the planner can use it. Iterative index scans keep
    reading the graph until `top_k` rows pass the owner/document filters.
    """
    dim = len(query_vector)
    distance = CosineDistance(Cast("embedding", VectorField(dimensions=dim)), list(query_vector))
    rows = (
        _searchable_chunks(owner=owner, model=model, document_ids=document_ids)
        .filter(embedding_dim=dim)
        .annotate(distance=distance)
        .order_by("distance")
        .values_list(*_FIELDS, "distance")[:top_k]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)")
        cursor.execute(
            "SELECT set_config('hnsw.ef_search', %s, true)",
            [str(ef_search or settings.SEARCH_HNSW_EF_SEARCH)],
        )
        found = list(rows)
    # relaxed_order may return rows slightly out of order; the page itself is exact to sort.
    found.sort(key=lambda row: row[5])
    return [_hit(row, 1.0 - float(row[5])) for row in found]


def chunk_keyword_search(
    *,
    owner: User,
    query: str,
    model: str,
    top_k: int,
    document_ids: Sequence[UUID] | None = None,
) -> list[SearchHit]:
    """Chunks matching `websearch_to_tsquery(query)`, ranked by cover density (GIN index)."""
    tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    rows = (
        _searchable_chunks(owner=owner, model=model, document_ids=document_ids)
        .filter(search_vector=tsquery)
        .annotate(
            rank=SearchRank(
                F("search_vector"), tsquery, cover_density=True, normalization=Value(32)
            )
        )
        .order_by("-rank", "id")
        .values_list(*_FIELDS, "rank")[:top_k]
    )
    return [_hit(row, float(row[5])) for row in rows]


def _fuse(rankings: Sequence[Sequence[SearchHit]], top_k: int) -> list[SearchHit]:
    """Reciprocal rank fusion, scaled so a chunk ranked first by every list scores 1.0."""
    scores: dict[UUID, float] = {}
    hits: dict[UUID, SearchHit] = {}
    for ranking in rankings:
        for rank, hit in enumerate(ranking, start=1):
            scores[hit.chunk_id] = scores.get(hit.chunk_id, 0.0) + 1.0 / (RRF_K + rank)
            hits.setdefault(hit.chunk_id, hit)
    best = len(rankings) / (RRF_K + 1)
    ordered = sorted(scores, key=lambda chunk_id: (-scores[chunk_id], str(chunk_id)))[:top_k]
    return [
        SearchHit(
            chunk_id=hits[c].chunk_id,
            document_id=hits[c].document_id,
            file_name=hits[c].file_name,
            chunk_index=hits[c].chunk_index,
            text=hits[c].text,
            score=round(scores[c] / best, 6),
        )
        for c in ordered
    ]


def chunk_search(
    *,
    owner: User,
    query: str,
    query_vector: Sequence[float] | None,
    model: str,
    mode: SearchMode,
    top_k: int,
    document_ids: Sequence[UUID] | None = None,
    min_score: float | None = None,
) -> list[SearchHit]:
    """The owner's best chunks for `query` in `mode`, best first, at most `top_k`."""
    if mode == "keyword":
        hits = chunk_keyword_search(
            owner=owner, query=query, model=model, top_k=top_k, document_ids=document_ids
        )
    elif query_vector is None:
        raise ValueError("vector and hybrid search need the query's embedding")
    elif mode == "vector":
        hits = chunk_vector_search(
            owner=owner,
            query_vector=query_vector,
            model=model,
            top_k=top_k,
            document_ids=document_ids,
        )
    else:
        pool = max(top_k * HYBRID_CANDIDATES_PER_RESULT, HYBRID_MIN_CANDIDATES)
        hits = _fuse(
            [
                chunk_vector_search(
                    owner=owner,
                    query_vector=query_vector,
                    model=model,
                    top_k=pool,
                    document_ids=document_ids,
                ),
                chunk_keyword_search(
                    owner=owner, query=query, model=model, top_k=pool, document_ids=document_ids
                ),
            ],
            top_k,
        )
    if min_score is not None:
        hits = [hit for hit in hits if hit.score >= min_score]
    return hits
