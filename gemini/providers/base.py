"""The provider interface and the plain data that crosses it.

A provider turns one request into one HTTP call (or one local inference) and translates its SDK's
exceptions into `gemini.exceptions`; retries, parsing and the usage log live above it.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.conf import settings

ClientT = TypeVar("ClientT")


@dataclass(frozen=True)
class GenerationParameters:
    """Sampling parameters; None leaves the provider's default."""

    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    max_output_tokens: int | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> GenerationParameters:
        """Accept snake_case or camelCase keys (`topP` / `top_p`)."""
        if not values:
            return cls()
        aliases = {
            "temperature": "temperature",
            "top_p": "top_p",
            "topP": "top_p",
            "top_k": "top_k",
            "topK": "top_k",
            "max_output_tokens": "max_output_tokens",
            "maxOutputTokens": "max_output_tokens",
        }
        kwargs: dict[str, Any] = {}
        for key, value in values.items():
            if key in aliases and value is not None:
                kwargs[aliases[key]] = value
        return cls(**kwargs)


@dataclass(frozen=True)
class ImageInput:
    """An image handed to a multimodal model."""

    mime_type: str
    data: bytes


@dataclass(frozen=True)
class Source:
    """A web source a grounded answer is based on."""

    title: str
    uri: str


@dataclass(frozen=True)
class TextRequest:
    """One text generation."""

    model: str
    prompt: str
    system_instruction: str | None = None
    parameters: GenerationParameters = field(default_factory=GenerationParameters)
    images: Sequence[ImageInput] = ()
    grounded: bool = False


@dataclass(frozen=True)
class JsonRequest:
    """One structured generation: `schema` is a self-contained JSON Schema (no `$ref`)."""

    model: str
    prompt: str
    schema: Mapping[str, Any]
    system_instruction: str | None = None
    parameters: GenerationParameters = field(default_factory=GenerationParameters)


@dataclass(frozen=True)
class Completion:
    """What a provider returned for one call, before any parsing."""

    text: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    sources: Sequence[Source] = ()
    grounded: bool = False
    native_json: bool = False


@dataclass(frozen=True)
class TextResult:
    """A text answer as the gateway returns it."""

    text: str
    provider: str
    model: str
    input_tokens: int
    output_tokens: int
    latency_ms: int
    sources: Sequence[Source] = ()
    grounded: bool = False


@dataclass(frozen=True)
class JsonResult:
    """A validated structured answer (`data` is plain JSON: dicts, lists, strings, numbers)."""

    data: dict[str, Any]
    provider: str
    model: str
    input_tokens: int
    output_tokens: int
    latency_ms: int
    attempts: int = 1


@dataclass(frozen=True)
class EmbeddingResult:
    """One vector per input text, in order."""

    vectors: list[list[float]]
    provider: str
    model: str
    dimensions: int
    input_tokens: int = 0
    latency_ms: int = 0


@dataclass(frozen=True)
class ParameterLimits:
    """What a provider accepts; out-of-range values are a 400, unsupported ones are dropped."""

    max_temperature: float = 2.0
    supports_top_k: bool = True


class Backend(ABC):
    """What the gateway asks of every provider and embedder before it calls one."""

    name: str

    @abstractmethod
    def is_configured(self) -> bool:
        """Whether calls can be attempted (a key is set, the model file exists)."""

    @abstractmethod
    def not_configured_message(self) -> str:
        """A sentence naming the setting to fix."""

    @abstractmethod
    def default_model(self) -> str:
        """The model used when a request names none."""


class KeyedBackend(Backend):
    """A hosted backend: configured by one API key setting, its default model another setting.

    Settings are read on every call, so `override_settings` and a changed environment take effect.
    """

    label: str
    key_setting: str
    model_setting: str

    def is_configured(self) -> bool:
        return bool(getattr(settings, self.key_setting))

    def not_configured_message(self) -> str:
        return f"{self.label} is not configured; set {self.key_setting}."

    def default_model(self) -> str:
        return str(getattr(settings, self.model_setting))


class Provider(Backend):
    """One LLM backend. Implementations must not retry: the gateway's policy does."""

    limits: ParameterLimits = ParameterLimits()
    supports_native_json: bool = False
    # True for a provider that ends a call by itself at the request's deadline (core.deadlines);
    # otherwise a call may take up to LLM_TIMEOUT_SECONDS and starts only if that much is left.
    stops_at_deadline: bool = False

    @abstractmethod
    def generate_text(self, request: TextRequest) -> Completion:
        """Generate text; raise a `gemini.exceptions` error on failure."""

    @abstractmethod
    def generate_json(self, request: JsonRequest) -> Completion:
        """Generate JSON text meant to match `request.schema` (parsed and validated above)."""


class Embedder(Backend):
    """A text embedding backend."""

    @abstractmethod
    def embed(self, texts: Sequence[str], model: str) -> tuple[list[list[float]], int]:
        """Vectors for `texts`, in order, and the input token count when the provider reports it."""


def elapsed_ms(started: float) -> int:
    """Milliseconds since `started` (a `time.monotonic()` reading)."""
    return round((time.monotonic() - started) * 1000)


class ClientCache(Generic[ClientT]):
    """One SDK client per configuration, kept alive: a temporary one may close before it sends."""

    def __init__(self) -> None:
        self._clients: dict[tuple[object, ...], ClientT] = {}
        self._lock = threading.Lock()

    def get(self, config: tuple[object, ...], make: Callable[[], ClientT]) -> ClientT:
        """The client for `config`, made by `make` the first time."""
        with self._lock:
            client = self._clients.get(config)
            if client is None:
                client = self._clients[config] = make()
            return client

    def stainless(self, sdk: Callable[..., ClientT], *, api_key: str, base_url: str) -> ClientT:
        """A client of a Stainless-generated SDK (openai, anthropic: one constructor signature).

        SDK retries are off: the gateway's policy decides.
        """
        timeout = float(settings.LLM_TIMEOUT_SECONDS)
        return self.get(
            (api_key, base_url, timeout),
            lambda: sdk(api_key=api_key, base_url=base_url or None, timeout=timeout, max_retries=0),
        )
