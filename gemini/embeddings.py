"""Text embeddings through the gateway: the routed embedder, in batches, under the retry policy."""

from __future__ import annotations

import time
from collections.abc import Sequence

from gemini.calls import Usage, call_with_retries
from gemini.exceptions import ProviderNotConfigured
from gemini.providers import embedder_get, provider_names
from gemini.providers.base import EmbeddingResult, elapsed_ms
from gemini.routing import default_provider_name, provider_for_model

# The Gemini API accepts at most 100 texts per batchEmbedContents call.
EMBED_BATCH = 100

__all__ = ["EMBED_BATCH", "EmbeddingResult", "embed_texts"]


def _default_embedder_name() -> str:
    preferred = default_provider_name()
    for name in [preferred, *provider_names()]:
        try:
            if embedder_get(name).is_configured():
                return name
        except ProviderNotConfigured:
            continue
    return "local"


def embed_texts(
    *, texts: Sequence[str], model: str | None = None, purpose: str = "embed"
) -> EmbeddingResult:
    """One vector per text; a provider without embeddings raises ProviderNotConfigured."""
    name = provider_for_model(model) if model else _default_embedder_name()
    embedder = embedder_get(name)
    model_name = model or embedder.default_model()
    started = time.monotonic()
    vectors: list[list[float]] = []
    tokens = 0
    for offset in range(0, len(texts), EMBED_BATCH):
        batch = list(texts[offset : offset + EMBED_BATCH])
        (batch_vectors, batch_tokens), _row = call_with_retries(
            user=None,
            backend=embedder,
            model=model_name,
            purpose=purpose,
            call=lambda batch=batch: embedder.embed(batch, model_name),  # type: ignore[misc]
            usage=lambda result: Usage(model=model_name, input_tokens=result[1]),
        )
        vectors.extend(batch_vectors)
        tokens += batch_tokens
    return EmbeddingResult(
        vectors=vectors,
        provider=name,
        model=model_name,
        dimensions=len(vectors[0]) if vectors else 0,
        input_tokens=tokens,
        latency_ms=elapsed_ms(started),
    )
