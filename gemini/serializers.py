"""Request and response shapes of the gateway's routes (snake_case here; camelCase on the wire).

The prompt wizard's (`generate-sfl`, `regenerate-sfl`) are in `prompts.wizard_serializers`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

MAX_PROMPT_CHARS = 100_000


class GeminiErrorSerializer(serializers.Serializer[Any]):
    """The error envelope of API.md."""

    code = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)
    details = serializers.DictField(read_only=True)


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(GeminiErrorSerializer, description=description)


# The error answers of every route that calls a provider (OpenAPI `responses`).
AI_ERROR_RESPONSES = {
    400: _error("`validation_error`: the body is not valid; `details.fields` says why."),
    401: _error("`not_authenticated`, `token_invalid` or `token_expired`."),
    429: _error("`rate_limited`: our limit or the provider's; see the `Retry-After` header."),
    502: _error("`provider_error` (the provider failed) or `ai_output_invalid` (unusable output)."),
    503: _error("`provider_not_configured`: no usable provider; the message names the setting."),
    504: _error("`provider_timeout`: the provider did not answer in time."),
}


class GeminiParametersSerializer(serializers.Serializer[Any]):
    """Sampling parameters; the provider may narrow the ranges (e.g. Anthropic temperature ≤ 1)."""

    temperature = serializers.FloatField(required=False, min_value=0, max_value=2)
    top_p = serializers.FloatField(required=False, min_value=0, max_value=1)
    top_k = serializers.IntegerField(required=False, min_value=1)
    max_output_tokens = serializers.IntegerField(required=False, min_value=1)


class GeminiTestPromptInputSerializer(serializers.Serializer[Any]):
    """`POST /api/gemini/test-prompt`."""

    prompt_text = serializers.CharField(max_length=MAX_PROMPT_CHARS, trim_whitespace=False)
    variables = serializers.DictField(
        child=serializers.CharField(
            allow_blank=True, trim_whitespace=False, max_length=MAX_PROMPT_CHARS
        ),
        required=False,
        default=dict,
    )
    system_instruction = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MAX_PROMPT_CHARS
    )
    model = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    parameters = GeminiParametersSerializer(required=False, default=dict)


class GeminiUsageSerializer(serializers.Serializer[Any]):
    """Token counts the provider reported."""

    input_tokens = serializers.IntegerField()
    output_tokens = serializers.IntegerField()


class GeminiTestPromptOutputSerializer(serializers.Serializer[Any]):
    """The model's answer to a tested prompt."""

    text = serializers.CharField()
    model = serializers.CharField()
    provider = serializers.CharField()
    usage = GeminiUsageSerializer(source="*")
    latency_ms = serializers.IntegerField()


class GeminiGeneratedBySerializer(serializers.Serializer[Any]):
    """Which provider and model produced a draft (the local model is a low-quality one)."""

    provider = serializers.CharField()
    model = serializers.CharField()


class GeminiProviderSerializer(serializers.Serializer[Any]):
    """One provider's status (never its key)."""

    provider = serializers.CharField()
    configured = serializers.BooleanField()
    default_model = serializers.CharField()
    is_default = serializers.BooleanField()
    description = serializers.CharField(allow_blank=True)
