"""The documents app's one door to an embedder, and the Redis cache of query embeddings.

Wiring: when the AI gateway exposes `gemini.services.embed_texts` and routes the model (for the
local model: `gemini.routing.provider_for_model(model) == "local"` with an embedder registered as
"local"), every call goes through the gateway. Otherwise the local model is called directly through
`gemini.local_embedder.local_embed`, and any other model is unavailable.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache

from documents.exceptions import EmbedderUnavailable
from gemini.exceptions import GatewayError
from gemini.local_embedder import LOCAL_EMBEDDING_MODEL, local_embed

logger = logging.getLogger(__name__)

_QUERY_CACHE_PREFIX = "documents:query-embedding:v1:"


def embedding_model_active() -> str:
    """The model new documents are embedded with and search reads (EMBEDDING_MODEL)."""
    return str(settings.EMBEDDING_MODEL)


def _gateway_embed_texts() -> Callable[..., Any] | None:
    try:
        services = importlib.import_module("gemini.services")
    except ImportError:
        return None
    embed: Callable[..., Any] | None = getattr(services, "embed_texts", None)
    return embed


def _gateway_routes(model: str) -> bool:
    if model != LOCAL_EMBEDDING_MODEL:
        return True
    try:
        from gemini.providers import embedder_get
        from gemini.routing import provider_for_model

        return (
            provider_for_model(model) == "local"
            and embedder_get("local").default_model() == LOCAL_EMBEDDING_MODEL
        )
    except (ImportError, GatewayError):
        return False


def texts_embed(*, texts: Sequence[str], model: str, purpose: str) -> list[list[float]]:
    """One vector per text, in order, from the embedder that serves `model`."""
    if not texts:
        return []
    gateway = _gateway_embed_texts()
    if gateway is not None and _gateway_routes(model):
        result = gateway(texts=list(texts), model=model, purpose=purpose)
        return [[float(x) for x in vector] for vector in result.vectors]
    if model == LOCAL_EMBEDDING_MODEL:
        return local_embed(texts)
    raise EmbedderUnavailable(
        f"No embedder serves the embedding model {model!r}; set EMBEDDING_MODEL to "
        f"{LOCAL_EMBEDDING_MODEL} or configure its provider."
    )


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
