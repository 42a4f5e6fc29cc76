"""The documents app's one door to an embedder (the AI gateway), and the query-embedding cache."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache

from gemini.embeddings import embed_texts
from gemini.providers import embedder_get
from gemini.routing import provider_for_model

logger = logging.getLogger(__name__)

_QUERY_CACHE_PREFIX = "documents:query-embedding:v1:"


def embedding_model_active() -> str:
    """The model new documents are embedded with and search reads (EMBEDDING_MODEL)."""
    return str(settings.EMBEDDING_MODEL)


def embedder_health_check() -> dict[str, Any]:
    """The active embedding model and whether its embedder can run (the model is not loaded)."""
    model = embedding_model_active()
    provider = provider_for_model(model)
    if not embedder_get(provider).is_configured():
        raise LookupError(f"the {provider} embedder for {model} is not available")
    return {"model": model, "provider": provider}


def texts_embed(*, texts: Sequence[str], model: str, purpose: str) -> list[list[float]]:
    """One vector per text, in order, from the gateway's embedder for `model`."""
    if not texts:
        return []
    result = embed_texts(texts=list(texts), model=model, purpose=purpose)
    return [[float(x) for x in vector] for vector in result.vectors]


def query_embedding_get(*, text: str, model: str) -> list[float]:
    """The embedding of a search query, cached in Redis by (model, text)."""
    digest = hashlib.sha256(f"{model}\n{text}".encode()).hexdigest()
    key = _QUERY_CACHE_PREFIX + digest
    cached = cache.get(key)
    if isinstance(cached, list) and cached:
        return [float(x) for x in cached]
    [vector] = texts_embed(texts=[text], model=model, purpose="query")
    cache.set(key, vector, timeout=settings.SEARCH_QUERY_CACHE_SECONDS)
    return vector
