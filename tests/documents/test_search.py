"""Search over real embeddings (the pipeline runs in this process; no worker needed)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from documents.models import Document, DocumentChunk
from documents.selectors import chunk_vector_search
from tests.documents import samples

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def library(upload, vectorized, other_client):
    """The caller's five documents (one of each type) plus another user's with the rare term."""
    files = {
        "plants.txt": samples.text_file(),
        "baking.md": samples.markdown_file(),
        "geology.html": samples.html_file(),
        "printing.pdf": samples.pdf_file(),
        "running.docx": samples.docx_file(),
    }
    documents = {}
    for name, data in files.items():
        response = upload(name, data)
        assert response.status_code == 202, response.json()
        documents[name] = vectorized(response.json()["id"])
        assert documents[name].status == Document.Status.COMPLETED, documents[name].error
    intruder = upload(
        "theirs.txt", f"Their notes also mention {samples.RARE_TERM}.".encode(), other_client
    )
    documents["theirs"] = vectorized(intruder.json()["id"])
    return documents


def search(client, **body):
    response = client.post("/api/search", body, format="json")
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def test_vector_search_finds_a_paraphrase(api_client, library):
    results = search(
        api_client, query="How do leaves make sugar out of light?", mode="vector", topK=3
    )
    assert results[0]["documentId"] == str(library["plants.txt"].pk)
    assert results[0]["fileName"] == "plants.txt"
    assert set(results[0]) == {"chunkId", "documentId", "fileName", "chunkIndex", "text", "score"}
    assert results[0]["score"] > results[-1]["score"]

    results = search(api_client, query="molten rock coming out of a mountain", mode="vector")
    assert results[0]["documentId"] == str(library["geology.html"].pk)


@pytest.mark.parametrize("mode", ["keyword", "hybrid"])
def test_a_rare_exact_term_is_found_in_keyword_and_hybrid_mode(api_client, library, mode):
    results = search(api_client, query=samples.RARE_TERM, mode=mode, topK=5)
    assert results, "the rare term was not found"
    assert results[0]["documentId"] == str(library["baking.md"].pk)
    assert samples.RARE_TERM in results[0]["text"]


def test_search_never_returns_another_users_chunks(api_client, other_client, library):
    mine = {str(d.pk) for name, d in library.items() if name != "theirs"}
    for mode in ("vector", "keyword", "hybrid"):
        results = search(api_client, query=samples.RARE_TERM, mode=mode, topK=50)
        assert {r["documentId"] for r in results} <= mine
    theirs = search(other_client, query=samples.RARE_TERM, mode="hybrid", topK=50)
    assert {r["documentId"] for r in theirs} == {str(library["theirs"].pk)}


def test_search_filters_by_document_ids_and_min_score(api_client, library):
    only = str(library["running.docx"].pk)
    results = search(api_client, query="photosynthesis", mode="vector", documentIds=[only])
    assert results
    assert {r["documentId"] for r in results} == {only}
    assert search(api_client, query="photosynthesis", mode="vector", minScore=0.99) == []


def test_search_skips_documents_that_are_not_completed(api_client, library):
    Document.objects.filter(pk=library["plants.txt"].pk).update(status="processing")
    results = search(api_client, query="photosynthesis chlorophyll", mode="hybrid", topK=50)
    assert str(library["plants.txt"].pk) not in {r["documentId"] for r in results}


def test_the_query_embedding_is_cached_in_redis(api_client, library):
    query = "bread dough rising"
    search(api_client, query=query, mode="vector")
    key = hashlib.sha256(f"all-MiniLM-L6-v2\n{query}".encode()).hexdigest()
    cached = cache.get(f"documents:query-embedding:v1:{key}")
    assert isinstance(cached, list)
    assert len(cached) == 384


def test_chunks_of_every_type_have_384_dimension_embeddings(library):
    chunks = DocumentChunk.objects.filter(document__in=list(library.values()))
    assert chunks.count() >= 6
    assert set(chunks.values_list("embedding_dim", flat=True)) == {384}
    assert all(len(c.embedding) == 384 for c in chunks)
    pdf = DocumentChunk.objects.filter(document=library["printing.pdf"]).order_by("chunk_index")
    assert [c.metadata["page"] for c in pdf] == [1, 2]


def test_vector_search_plan_uses_the_partial_hnsw_index(user, library):
    plan: list[str] = []

    def explain(execute, sql, params, many, context):
        if "<=>" in sql:
            execute("EXPLAIN " + sql, params, many, context)
            plan.extend(row[0] for row in context["cursor"].fetchall())
        return execute(sql, params, many, context)

    with transaction.atomic(), connection.cursor() as cursor:
        # A tiny table would be scanned sequentially; this proves the query shape fits the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        with connection.execute_wrapper(explain):
            chunk_vector_search(
                owner=user, query_vector=[0.0] * 383 + [1.0], model="all-MiniLM-L6-v2", top_k=3
            )
    assert "document_chunks_hnsw_all_minilm_l6_v2" in "\n".join(plan), plan


def test_search_is_throttled_per_user(api_client, other_client, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "search": "2/min"},
    }
    for _ in range(2):
        search(api_client, query="ferns", mode="keyword")
    response = api_client.post("/api/search", {"query": "ferns"}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0
    assert search(other_client, query="ferns", mode="keyword") == []
