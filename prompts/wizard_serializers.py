"""Request and response shapes of the prompt wizard (/api/gemini/generate-sfl, regenerate-sfl).

snake_case here, camelCase on the wire; the SFL sections' fields come from `core.sfl.SECTIONS`.
"""

from __future__ import annotations

from typing import Any, Final

from rest_framework import serializers

from core import sfl
from gemini.serializers import MAX_PROMPT_CHARS, GeminiGeneratedBySerializer
from prompts.serializers import sfl_section_serializer

WIZARD_MAX_GOAL_CHARS: Final = 4_000
WIZARD_MAX_DOCUMENT_CHARS: Final = 200_000


class GeminiSourceDocumentSerializer(serializers.Serializer[Any]):
    """A text whose style the prompt should imitate (data, never instructions)."""

    name = serializers.CharField(max_length=255, allow_blank=True, required=False, default="")
    content = serializers.CharField(max_length=WIZARD_MAX_DOCUMENT_CHARS, trim_whitespace=False)


class GeminiGenerateSflInputSerializer(serializers.Serializer[Any]):
    """`POST /api/gemini/generate-sfl`."""

    goal = serializers.CharField(max_length=WIZARD_MAX_GOAL_CHARS)
    source_document = GeminiSourceDocumentSerializer(required=False, allow_null=True, default=None)


class _AudienceField(serializers.ListField):
    """A list of audiences; a lone string is accepted as a one-item list."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            data = [data] if data.strip() else []
        return super().to_internal_value(data)


def _wizard_field(key: sfl.SflKey) -> serializers.Field:  # type: ignore[type-arg]
    if key.many:
        return _AudienceField(child=serializers.CharField(allow_blank=True), required=False)
    return serializers.CharField(required=False, allow_blank=True)


GeminiSflFieldSerializer = sfl_section_serializer(
    "GeminiSflFieldSerializer", sfl.FIELD, _wizard_field, module=__name__
)
GeminiSflTenorSerializer = sfl_section_serializer(
    "GeminiSflTenorSerializer", sfl.TENOR, _wizard_field, module=__name__
)
GeminiSflModeSerializer = sfl_section_serializer("GeminiSflModeSerializer", sfl.MODE, _wizard_field)


class GeminiCurrentPromptSerializer(serializers.Serializer[Any]):
    """The prompt being refined (the Prompt shape; read-only fields are ignored)."""

    title = serializers.CharField(
        required=False, allow_blank=True, max_length=WIZARD_MAX_GOAL_CHARS
    )
    prompt_text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=MAX_PROMPT_CHARS
    )
    sfl_field = GeminiSflFieldSerializer(required=False)
    sfl_tenor = GeminiSflTenorSerializer(required=False)
    sfl_mode = GeminiSflModeSerializer(required=False)
    example_output = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=MAX_PROMPT_CHARS
    )
    notes = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=MAX_PROMPT_CHARS
    )
    source_document = GeminiSourceDocumentSerializer(required=False, allow_null=True)


class GeminiRegenerateSflInputSerializer(serializers.Serializer[Any]):
    """`POST /api/gemini/regenerate-sfl`."""

    current_prompt = GeminiCurrentPromptSerializer()
    suggestion = serializers.CharField(max_length=WIZARD_MAX_GOAL_CHARS)


class GeminiPromptDraftSerializer(serializers.Serializer[Any]):
    """An unsaved prompt in the Prompt shape (no id), every SFL field filled."""

    title = serializers.CharField()
    prompt_text = serializers.CharField()
    sfl_field = GeminiSflFieldSerializer()
    sfl_tenor = GeminiSflTenorSerializer()
    sfl_mode = GeminiSflModeSerializer()
    example_output = serializers.CharField()
    notes = serializers.CharField()
    source_document = GeminiSourceDocumentSerializer(allow_null=True)
    variables = serializers.ListField(child=serializers.CharField())
    generated_by = GeminiGeneratedBySerializer()
