"""Google Gemini through the official `google-genai` SDK."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx2
from django.conf import settings
from google import genai
from google.genai import errors as genai_errors
from google.genai import types

from gemini.exceptions import GatewayError, ProviderError
from gemini.providers.base import (
    ClientCache,
    Completion,
    Embedder,
    GenerationParameters,
    JsonRequest,
    KeyedBackend,
    Provider,
    Source,
    TextRequest,
)
from gemini.providers.errors import (
    error_for_status,
    network_error,
    retry_after_seconds,
    timeout_error,
)

LABEL = "Gemini"
KEY_SETTING = "GEMINI_API_KEY"

_SDK_ERRORS = (genai_errors.APIError, httpx2.TransportError)

_clients: ClientCache[genai.Client] = ClientCache()


def _client() -> genai.Client:
    """One client per configuration, kept alive: a temporary client is closed before it sends."""
    timeout_ms = round(float(settings.LLM_TIMEOUT_SECONDS) * 1000)
    return _clients.get(
        (settings.GEMINI_API_KEY, settings.GEMINI_BASE_URL, timeout_ms),
        lambda: genai.Client(
            api_key=settings.GEMINI_API_KEY,
            http_options=types.HttpOptions(
                base_url=settings.GEMINI_BASE_URL or None, timeout=timeout_ms
            ),
        ),
    )


def _translate(exc: genai_errors.APIError | httpx2.TransportError) -> GatewayError:
    """The SDK's exception as a gateway error."""
    if isinstance(exc, genai_errors.APIError):
        headers: dict[str, str] = {}
        response = getattr(exc, "response", None)
        if response is not None and getattr(response, "headers", None) is not None:
            headers = {str(k).lower(): str(v) for k, v in dict(response.headers).items()}
        return error_for_status(
            int(exc.code or 500),
            label=LABEL,
            key_setting=KEY_SETTING,
            retry_after=retry_after_seconds(headers, exc.details),
        )
    if isinstance(exc, httpx2.TimeoutException):
        return timeout_error(LABEL, float(settings.LLM_TIMEOUT_SECONDS))
    return network_error(LABEL)


def _config(
    *,
    system_instruction: str | None,
    parameters: GenerationParameters,
    **extra: Any,
) -> types.GenerateContentConfig:
    return types.GenerateContentConfig(
        system_instruction=system_instruction or None,
        temperature=parameters.temperature,
        top_p=parameters.top_p,
        top_k=parameters.top_k,
        max_output_tokens=parameters.max_output_tokens,
        **extra,
    )


def _completion(response: types.GenerateContentResponse, model: str, **extra: Any) -> Completion:
    candidates = response.candidates or []
    parts = (candidates[0].content.parts or []) if candidates and candidates[0].content else []
    text = "".join(part.text for part in parts if part.text and not part.thought)
    if not text:
        reason = candidates[0].finish_reason if candidates else None
        raise ProviderError(
            f"{LABEL} returned no text.",
            details={"finishReason": str(reason.value if reason else "none")},
        )
    usage = response.usage_metadata
    return Completion(
        text=text,
        model=response.model_version or model,
        input_tokens=(usage.prompt_token_count or 0) if usage else 0,
        output_tokens=(usage.candidates_token_count or 0) if usage else 0,
        **extra,
    )


def _sources(response: types.GenerateContentResponse) -> list[Source]:
    candidates = response.candidates or []
    metadata = candidates[0].grounding_metadata if candidates else None
    sources: list[Source] = []
    seen: set[str] = set()
    for chunk in (metadata.grounding_chunks or []) if metadata else []:
        web = chunk.web
        if web and web.uri and web.uri not in seen:
            seen.add(web.uri)
            sources.append(Source(title=web.title or web.uri, uri=web.uri))
    return sources


class GeminiProvider(KeyedBackend, Provider):
    """Gemini: native JSON schema output, images, Google Search grounding."""

    name = "gemini"
    supports_native_json = True
    label = LABEL
    key_setting = KEY_SETTING
    model_setting = "GEMINI_DEFAULT_MODEL"

    def generate_text(self, request: TextRequest) -> Completion:
        contents: list[Any] = [
            types.Part.from_bytes(data=image.data, mime_type=image.mime_type)
            for image in request.images
        ]
        contents.append(request.prompt)
        tools = [types.Tool(google_search=types.GoogleSearch())] if request.grounded else None
        config = _config(
            system_instruction=request.system_instruction,
            parameters=request.parameters,
            tools=tools,
        )
        try:
            response = _client().models.generate_content(
                model=request.model, contents=contents, config=config
            )
        except _SDK_ERRORS as exc:
            raise _translate(exc) from exc
        return _completion(
            response,
            request.model,
            sources=_sources(response) if request.grounded else (),
            grounded=request.grounded,
        )

    def generate_json(self, request: JsonRequest) -> Completion:
        config = _config(
            system_instruction=request.system_instruction,
            parameters=request.parameters,
            response_mime_type="application/json",
            response_json_schema=dict(request.schema),
        )
        try:
            response = _client().models.generate_content(
                model=request.model, contents=request.prompt, config=config
            )
        except _SDK_ERRORS as exc:
            raise _translate(exc) from exc
        return _completion(response, request.model, native_json=True)


class GeminiEmbedder(KeyedBackend, Embedder):
    """`gemini-embedding-001` with an explicit output dimensionality (the SDK batches the texts)."""

    name = "gemini"
    label = LABEL
    key_setting = KEY_SETTING
    model_setting = "GEMINI_EMBEDDING_MODEL"

    def embed(self, texts: Sequence[str], model: str) -> tuple[list[list[float]], int]:
        config = types.EmbedContentConfig(output_dimensionality=settings.EMBEDDING_DIMENSIONS)
        try:
            response = _client().models.embed_content(
                model=model, contents=list(texts), config=config
            )
        except _SDK_ERRORS as exc:
            raise _translate(exc) from exc
        vectors = [list(e.values or []) for e in response.embeddings or []]
        if len(vectors) != len(texts) or any(not v for v in vectors):
            raise ProviderError(
                f"{LABEL} returned {len(vectors)} embeddings for {len(texts)} texts."
            )
        return vectors, 0
