"""The providers and embedders the gateway knows, each made once, on first use.

SDKs are imported on first use, so starting Django does not pay for every provider. "local"
embeddings are the sentence-transformers model of `gemini.local_embedder`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Final

from gemini.exceptions import ProviderNotConfigured
from gemini.providers.base import Embedder, Provider

# Order matters: with LLM_PROVIDER unset the first configured one is the default.
PROVIDER_NAMES: tuple[str, ...] = ("gemini", "openai", "anthropic", "local")


def _gemini() -> Provider:
    from gemini.providers.gemini_provider import GeminiProvider

    return GeminiProvider()


def _openai() -> Provider:
    from gemini.providers.openai_provider import OpenAIProvider

    return OpenAIProvider()


def _anthropic() -> Provider:
    from gemini.providers.anthropic_provider import AnthropicProvider

    return AnthropicProvider()


def _local() -> Provider:
    from gemini.providers.local_provider import LocalProvider

    return LocalProvider()


def _gemini_embedder() -> Embedder:
    from gemini.providers.gemini_provider import GeminiEmbedder

    return GeminiEmbedder()


def _openai_embedder() -> Embedder:
    from gemini.providers.openai_provider import OpenAIEmbedder

    return OpenAIEmbedder()


def _local_embedder() -> Embedder:
    from gemini.local_embedder import LocalEmbedder

    return LocalEmbedder()


_PROVIDER_FACTORIES: Final[dict[str, Callable[[], Provider]]] = {
    "gemini": _gemini,
    "openai": _openai,
    "anthropic": _anthropic,
    "local": _local,
}
_EMBEDDER_FACTORIES: Final[dict[str, Callable[[], Embedder]]] = {
    "gemini": _gemini_embedder,
    "openai": _openai_embedder,
    "local": _local_embedder,
}
_instances: dict[tuple[str, str], Provider | Embedder] = {}
_lock = threading.Lock()


def provider_get(name: str) -> Provider:
    """The text provider called `name`."""
    with _lock:
        instance = _instances.get(("provider", name))
        if instance is None:
            factory = _PROVIDER_FACTORIES.get(name)
            if factory is None:
                raise ProviderNotConfigured(
                    f"Unknown AI provider {name!r}; LLM_PROVIDER must be one of "
                    + ", ".join(sorted(_PROVIDER_FACTORIES))
                    + "."
                )
            instance = _instances[("provider", name)] = factory()
    assert isinstance(instance, Provider)  # noqa: S101 - instances are keyed by kind
    return instance


def embedder_get(name: str) -> Embedder:
    """The embedder called `name`."""
    with _lock:
        instance = _instances.get(("embedder", name))
        if instance is None:
            factory = _EMBEDDER_FACTORIES.get(name)
            if factory is None:
                raise ProviderNotConfigured(
                    f"The {name} provider has no embeddings; set GEMINI_API_KEY or "
                    "OPENAI_API_KEY, or choose an embedding model of a provider that has them."
                )
            instance = _instances[("embedder", name)] = factory()
    assert isinstance(instance, Embedder)  # noqa: S101 - instances are keyed by kind
    return instance


def provider_names() -> list[str]:
    """Every text provider, in default-choice order."""
    return list(PROVIDER_NAMES)


__all__ = [
    "Embedder",
    "Provider",
    "embedder_get",
    "provider_get",
    "provider_names",
]
