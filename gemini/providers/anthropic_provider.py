"""Anthropic through the official `anthropic` SDK: text and prompted JSON (no embeddings)."""

from __future__ import annotations

import base64
import json
from typing import Any

import anthropic
from django.conf import settings

from gemini.exceptions import GatewayError, ProviderError
from gemini.providers.base import (
    ClientCache,
    Completion,
    GenerationParameters,
    JsonRequest,
    KeyedBackend,
    ParameterLimits,
    Provider,
    TextRequest,
)
from gemini.providers.errors import stainless_error

LABEL = "Anthropic"
KEY_SETTING = "ANTHROPIC_API_KEY"
# The Messages API requires max_tokens; this is the cap when a request sets none.
DEFAULT_MAX_TOKENS = 4096

_clients: ClientCache[anthropic.Anthropic] = ClientCache()


def _client() -> anthropic.Anthropic:
    return _clients.stainless(
        anthropic.Anthropic,
        api_key=settings.ANTHROPIC_API_KEY,
        base_url=settings.ANTHROPIC_BASE_URL,
    )


def _translate(exc: anthropic.APIError) -> GatewayError:
    """The SDK's exception as a gateway error (529 "overloaded" is a 5xx: retryable)."""
    return stainless_error(exc, anthropic, label=LABEL, key_setting=KEY_SETTING)


def _sampling(parameters: GenerationParameters) -> dict[str, Any]:
    """max_tokens, plus sampling parameters only when asked for.

    The SDK no longer types temperature/top_p/top_k (recent models fix them), so they travel in
    `extra_body`; current models refuse temperature and top_p together, temperature wins.
    """
    extra: dict[str, Any] = {}
    if parameters.temperature is not None:
        extra["temperature"] = parameters.temperature
    elif parameters.top_p is not None:
        extra["top_p"] = parameters.top_p
    if parameters.top_k is not None:
        extra["top_k"] = parameters.top_k
    kwargs: dict[str, Any] = {"max_tokens": parameters.max_output_tokens or DEFAULT_MAX_TOKENS}
    if extra:
        kwargs["extra_body"] = extra
    return kwargs


class AnthropicProvider(KeyedBackend, Provider):
    """Claude models; JSON is prompted, then repaired and validated by the gateway."""

    name = "anthropic"
    limits = ParameterLimits(max_temperature=1.0, supports_top_k=True)
    label = LABEL
    key_setting = KEY_SETTING
    model_setting = "ANTHROPIC_DEFAULT_MODEL"

    def _create(
        self, *, model: str, system: str | None, content: Any, parameters: GenerationParameters
    ) -> Completion:
        kwargs = _sampling(parameters)
        if system:
            kwargs["system"] = system
        try:
            response = _client().messages.create(
                model=model, messages=[{"role": "user", "content": content}], **kwargs
            )
        except anthropic.APIError as exc:
            raise _translate(exc) from exc
        text = "".join(block.text for block in response.content if block.type == "text")
        if not text:
            raise ProviderError(
                f"{LABEL} returned no text.", details={"stopReason": str(response.stop_reason)}
            )
        return Completion(
            text=text,
            model=response.model or model,
            input_tokens=response.usage.input_tokens,
            output_tokens=response.usage.output_tokens,
        )

    def generate_text(self, request: TextRequest) -> Completion:
        content: Any = request.prompt
        if request.images:
            content = [
                {
                    "type": "image",
                    "source": {
                        "type": "base64",
                        "media_type": image.mime_type,
                        "data": base64.b64encode(image.data).decode("ascii"),
                    },
                }
                for image in request.images
            ] + [{"type": "text", "text": request.prompt}]
        return self._create(
            model=request.model,
            system=request.system_instruction,
            content=content,
            parameters=request.parameters,
        )

    def generate_json(self, request: JsonRequest) -> Completion:
        rule = (
            "Answer with one JSON object only (no prose, no code fence), matching this JSON "
            "Schema:\n" + json.dumps(request.schema, ensure_ascii=False)
        )
        system = f"{request.system_instruction}\n\n{rule}" if request.system_instruction else rule
        return self._create(
            model=request.model,
            system=system,
            content=request.prompt,
            parameters=request.parameters,
        )
