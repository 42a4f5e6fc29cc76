"""Thin views of /api/gemini/: validate, call one service, serialize."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.throttles import AIThrottle, UserDefaultThrottle
from gemini import services
from gemini.serializers import (
    GeminiErrorSerializer,
    GeminiGenerateSflInputSerializer,
    GeminiPromptDraftSerializer,
    GeminiProviderSerializer,
    GeminiRegenerateSflInputSerializer,
    GeminiTestPromptInputSerializer,
    GeminiTestPromptOutputSerializer,
)


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(GeminiErrorSerializer, description=description)


_AI_ERRORS = {
    400: _error("`validation_error`: the body is not valid; `details.fields` says why."),
    401: _error("`not_authenticated`, `token_invalid` or `token_expired`."),
    429: _error("`rate_limited`: our limit or the provider's; see the `Retry-After` header."),
    502: _error("`provider_error` (the provider failed) or `ai_output_invalid` (unusable output)."),
    503: _error("`provider_not_configured`: no usable provider; the message names the setting."),
    504: _error("`provider_timeout`: the provider did not answer in time."),
}


class _AIView(APIView):
    throttle_classes = [UserDefaultThrottle, AIThrottle]


class PromptTestView(_AIView):
    """Run a prompt text once, with `{{variables}}` substituted."""

    @extend_schema(
        request=GeminiTestPromptInputSerializer,
        responses={200: GeminiTestPromptOutputSerializer, **_AI_ERRORS},
        tags=["gemini"],
    )
    def post(self, request: Request) -> Response:
        serializer = GeminiTestPromptInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = services.prompt_text_test(
            user=request.user,  # type: ignore[arg-type]
            prompt_text=data["prompt_text"],
            variables=data["variables"],
            system_instruction=data["system_instruction"],
            model=data["model"],
            parameters=data["parameters"],
        )
        body = {
            "text": result.text,
            "model": result.model,
            "provider": result.provider,
            "usage": {"input_tokens": result.input_tokens, "output_tokens": result.output_tokens},
            "latency_ms": result.latency_ms,
        }
        return Response(GeminiTestPromptOutputSerializer(body).data)


class SflGenerateView(_AIView):
    """The prompt wizard: a goal (and optionally a style document) → an unsaved prompt draft."""

    @extend_schema(
        request=GeminiGenerateSflInputSerializer,
        responses={200: GeminiPromptDraftSerializer, **_AI_ERRORS},
        tags=["gemini"],
    )
    def post(self, request: Request) -> Response:
        serializer = GeminiGenerateSflInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = services.prompt_draft_generate(
            user=request.user,  # type: ignore[arg-type]
            goal=serializer.validated_data["goal"],
            source_document=serializer.validated_data["source_document"],
        )
        return Response(draft)


class SflRegenerateView(_AIView):
    """Refinement: the current prompt revised for a change request; its style document kept."""

    @extend_schema(
        request=GeminiRegenerateSflInputSerializer,
        responses={200: GeminiPromptDraftSerializer, **_AI_ERRORS},
        tags=["gemini"],
    )
    def post(self, request: Request) -> Response:
        serializer = GeminiRegenerateSflInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = services.prompt_draft_refine(
            user=request.user,  # type: ignore[arg-type]
            current_prompt=serializer.validated_data["current_prompt"],
            suggestion=serializer.validated_data["suggestion"],
        )
        return Response(draft)


class ProviderListView(_AIView):
    """The providers, whether each is configured, and their default models (never a key)."""

    pagination_class = None

    @extend_schema(
        responses={
            200: GeminiProviderSerializer(many=True),
            401: _AI_ERRORS[401],
            429: _AI_ERRORS[429],
        },
        tags=["gemini"],
    )
    def get(self, request: Request) -> Response:
        return Response(services.providers_list())
