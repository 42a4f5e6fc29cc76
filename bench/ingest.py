"""Pipeline throughput vs the bare embedder, on the same texts, in one run.

    .venv/bin/python bench/ingest.py [--docs 12] [--rounds 2]

The pipeline number covers everything a worker does per document (read from storage, parse, chunk,
embed in batches, write chunks and progress under the row lock); the bare number is only
`local_embed` over the same chunk texts with the same batch size. Goal: pipeline ≥ 85% of bare.
Rows and files it creates belong to a throwaway user that is deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402

from bench.corpus import python_doc_pages  # noqa: E402
from bench.owner import bench_owner_create, bench_owner_delete  # noqa: E402
from documents.chunking import sections_chunk  # noqa: E402
from documents.models import Document  # noqa: E402
from documents.parsers import DocumentKind, document_bytes_parse  # noqa: E402
from documents.services import document_upload, document_vectorize  # noqa: E402
from gemini.local_embedder import local_embed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=12, help="python-doc pages to ingest")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds; best is kept")
    args = parser.parse_args()

    pages = [(name, data) for name, data in python_doc_pages() if len(data) < 120_000]
    pages = pages[: args.docs]
    texts = [
        draft.embedding_input
        for _, data in pages
        for draft in sections_chunk(
            document_bytes_parse(data=data, kind=DocumentKind.HTML),
            size_tokens=settings.DOCUMENT_CHUNK_TOKENS,
            overlap_tokens=settings.DOCUMENT_CHUNK_OVERLAP_TOKENS,
        )
    ]
    batch = settings.DOCUMENT_EMBED_BATCH_SIZE
    print(f"{len(pages)} pages, {len(texts)} chunks, batch {batch}, torch threads default")
    local_embed(texts[:batch])  # load the model outside the timings

    bare_best = pipe_best = 0.0
    for round_number in range(1, args.rounds + 1):
        started = time.perf_counter()
        for start in range(0, len(texts), batch):
            local_embed(texts[start : start + batch])
        bare = len(texts) / (time.perf_counter() - started)

        owner = bench_owner_create()
        try:
            ids = []
            for name, data in pages:
                upload = ContentFile(data, name=Path(name).name)
                ids.append(document_upload(owner=owner, file=upload, enqueue=False).document.pk)
            started = time.perf_counter()
            for document_id in ids:
                document_vectorize(document_id=document_id)
            elapsed = time.perf_counter() - started
            documents = Document.objects.filter(pk__in=ids)
            stored = sum(documents.values_list("chunk_count", flat=True))
            assert stored == len(texts), (stored, len(texts))
            pipe = stored / elapsed
        finally:
            for path in Document.objects.filter(owner=owner).values_list("storage_path", flat=True):
                default_storage.delete(path)
            bench_owner_delete(owner)
        bare_best, pipe_best = max(bare_best, bare), max(pipe_best, pipe)
        print(f"round {round_number}: bare {bare:7.1f} chunks/s   pipeline {pipe:7.1f} chunks/s")

    ratio = pipe_best / bare_best
    print(f"best:    bare {bare_best:7.1f} chunks/s   pipeline {pipe_best:7.1f} chunks/s")
    print(f"pipeline / bare = {ratio:.1%}  (goal ≥ 85%: {'met' if ratio >= 0.85 else 'NOT met'})")


if __name__ == "__main__":
    main()
