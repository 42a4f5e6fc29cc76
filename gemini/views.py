"""Thin views of the gateway's routes under /api/gemini/: validate, call one service, serialize.

The prompt wizard's routes (`generate-sfl`, `regenerate-sfl`) are served by `prompts`.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.throttles import AIThrottle, UserDefaultThrottle
from gemini import selectors, services
from gemini.serializers import AI_ERROR_RESPONSES as _AI_ERRORS
from gemini.serializers import (
    GeminiProviderSerializer,
    GeminiTestPromptInputSerializer,
    GeminiTestPromptOutputSerializer,
)


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
        return Response(GeminiTestPromptOutputSerializer(result).data)


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
        return Response(selectors.providers_list())
