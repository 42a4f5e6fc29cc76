"""OpenAI and every server that speaks its protocol (Ollama, LM Studio, vLLM, llama.cpp server,
OpenRouter) through the official `openai` SDK."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from typing import Any

import openai
from django.conf import settings

from gemini.exceptions import GatewayError, ProviderError
from gemini.providers.base import (
    ClientCache,
    Completion,
    Embedder,
    GenerationParameters,
    JsonRequest,
    KeyedBackend,
    ParameterLimits,
    Provider,
    TextRequest,
)
from gemini.providers.errors import stainless_error

LABEL = "The OpenAI-compatible provider"
KEY_SETTING = "OPENAI_API_KEY"

_clients: ClientCache[openai.OpenAI] = ClientCache()


def _client() -> openai.OpenAI:
    return _clients.stainless(
        openai.OpenAI, api_key=settings.OPENAI_API_KEY, base_url=settings.OPENAI_BASE_URL
    )


def _translate(exc: openai.APIError) -> GatewayError:
    """The SDK's exception as a gateway error."""
    return stainless_error(exc, openai, label=LABEL, key_setting=KEY_SETTING)


def _sampling(parameters: GenerationParameters) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if parameters.temperature is not None:
        kwargs["temperature"] = parameters.temperature
    if parameters.top_p is not None:
        kwargs["top_p"] = parameters.top_p
    if parameters.max_output_tokens is not None:
        # OpenAI itself wants max_completion_tokens (reasoning models reject max_tokens); the
        # compatible servers know only max_tokens.
        key = "max_tokens" if settings.OPENAI_BASE_URL else "max_completion_tokens"
        kwargs[key] = parameters.max_output_tokens
    return kwargs


def _messages(system_instruction: str | None, user_content: Any) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    if system_instruction:
        messages.append({"role": "system", "content": system_instruction})
    messages.append({"role": "user", "content": user_content})
    return messages


class OpenAIProvider(KeyedBackend, Provider):
    """OpenAI-compatible chat completions: json_schema output falling back to json_object."""

    name = "openai"
    limits = ParameterLimits(max_temperature=2.0, supports_top_k=False)
    supports_native_json = True
    label = LABEL
    key_setting = KEY_SETTING
    model_setting = "OPENAI_DEFAULT_MODEL"

    def _create(self, **kwargs: Any) -> Completion:
        try:
            response = _client().chat.completions.create(**kwargs)
        except openai.APIError as exc:
            raise _translate(exc) from exc
        choice = response.choices[0] if response.choices else None
        text = choice.message.content if choice and choice.message else None
        if not text:
            raise ProviderError(f"{LABEL} returned no text.")
        usage = response.usage
        return Completion(
            text=text,
            model=response.model or kwargs["model"],
            input_tokens=usage.prompt_tokens if usage else 0,
            output_tokens=usage.completion_tokens if usage else 0,
            native_json="response_format" in kwargs,
        )

    def generate_text(self, request: TextRequest) -> Completion:
        content: Any = request.prompt
        if request.images:
            content = [{"type": "text", "text": request.prompt}] + [
                {
                    "type": "image_url",
                    "image_url": {
                        "url": f"data:{image.mime_type};base64,"
                        + base64.b64encode(image.data).decode("ascii")
                    },
                }
                for image in request.images
            ]
        return self._create(
            model=request.model,
            messages=_messages(request.system_instruction, content),
            **_sampling(request.parameters),
        )

    def generate_json(self, request: JsonRequest) -> Completion:
        sampling = _sampling(request.parameters)
        try:
            return self._create(
                model=request.model,
                messages=_messages(request.system_instruction, request.prompt),
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": "response", "schema": dict(request.schema)},
                },
                **sampling,
            )
        except ProviderError as exc:
            if exc.details.get("providerStatus") != 400:
                raise
        # Many compatible servers know only JSON mode: ask for an object and describe the schema.
        system = _json_object_instruction(request.system_instruction, request.schema)
        return self._create(
            model=request.model,
            messages=_messages(system, request.prompt),
            response_format={"type": "json_object"},
            **sampling,
        )


def _json_object_instruction(system_instruction: str | None, schema: Mapping[str, Any]) -> str:
    rule = "Answer with one JSON object only, matching this JSON Schema:\n" + json.dumps(
        schema, ensure_ascii=False
    )
    return f"{system_instruction}\n\n{rule}" if system_instruction else rule


class OpenAIEmbedder(KeyedBackend, Embedder):
    """OpenAI-compatible `/embeddings`."""

    name = "openai"
    label = LABEL
    key_setting = KEY_SETTING
    model_setting = "OPENAI_EMBEDDING_MODEL"

    def embed(self, texts: Sequence[str], model: str) -> tuple[list[list[float]], int]:
        kwargs: dict[str, Any] = {}
        if model.startswith("text-embedding-3"):
            kwargs["dimensions"] = settings.EMBEDDING_DIMENSIONS
        try:
            response = _client().embeddings.create(model=model, input=list(texts), **kwargs)
        except openai.APIError as exc:
            raise _translate(exc) from exc
        ordered = sorted(response.data, key=lambda item: item.index)
        vectors = [list(item.embedding) for item in ordered]
        if len(vectors) != len(texts):
            raise ProviderError(
                f"{LABEL} returned {len(vectors)} embeddings for {len(texts)} texts."
            )
        return vectors, response.usage.prompt_tokens if response.usage else 0
