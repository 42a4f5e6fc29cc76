"""Request and response shapes of /api/gemini/ (snake_case here; camelCase on the wire)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

MAX_PROMPT_CHARS = 100_000
MAX_DOCUMENT_CHARS = 200_000
MAX_GOAL_CHARS = 4_000


class GeminiErrorSerializer(serializers.Serializer[Any]):
    """The error envelope of API.md."""

    code = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)
    details = serializers.DictField(read_only=True)


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
    usage = GeminiUsageSerializer()
    latency_ms = serializers.IntegerField()


class GeminiSourceDocumentSerializer(serializers.Serializer[Any]):
    """A text whose style the prompt should imitate (data, never instructions)."""

    name = serializers.CharField(max_length=255, allow_blank=True, required=False, default="")
    content = serializers.CharField(max_length=MAX_DOCUMENT_CHARS, trim_whitespace=False)


class GeminiGenerateSflInputSerializer(serializers.Serializer[Any]):
    """`POST /api/gemini/generate-sfl`."""

    goal = serializers.CharField(max_length=MAX_GOAL_CHARS)
    source_document = GeminiSourceDocumentSerializer(required=False, allow_null=True, default=None)


class GeminiSflFieldSerializer(serializers.Serializer[Any]):
    topic = serializers.CharField(required=False, allow_blank=True)
    task_type = serializers.CharField(required=False, allow_blank=True)
    domain_specifics = serializers.CharField(required=False, allow_blank=True)
    keywords = serializers.CharField(required=False, allow_blank=True)


class _AudienceField(serializers.ListField):
    """A list of audiences; a lone string is accepted as a one-item list."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            data = [data] if data.strip() else []
        return super().to_internal_value(data)


class GeminiSflTenorSerializer(serializers.Serializer[Any]):
    ai_persona = serializers.CharField(required=False, allow_blank=True)
    target_audience = _AudienceField(child=serializers.CharField(allow_blank=True), required=False)
    desired_tone = serializers.CharField(required=False, allow_blank=True)
    interpersonal_stance = serializers.CharField(required=False, allow_blank=True)


class GeminiSflModeSerializer(serializers.Serializer[Any]):
    output_format = serializers.CharField(required=False, allow_blank=True)
    rhetorical_structure = serializers.CharField(required=False, allow_blank=True)
    length_constraint = serializers.CharField(required=False, allow_blank=True)
    textual_directives = serializers.CharField(required=False, allow_blank=True)


class GeminiCurrentPromptSerializer(serializers.Serializer[Any]):
    """The prompt being refined (the Prompt shape; read-only fields are ignored)."""

    title = serializers.CharField(required=False, allow_blank=True, max_length=MAX_GOAL_CHARS)
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
    suggestion = serializers.CharField(max_length=MAX_GOAL_CHARS)


class GeminiGeneratedBySerializer(serializers.Serializer[Any]):
    """Which provider and model produced a draft (the local model is a low-quality one)."""

    provider = serializers.CharField()
    model = serializers.CharField()


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


class GeminiProviderSerializer(serializers.Serializer[Any]):
    """One provider's status (never its key)."""

    provider = serializers.CharField()
    configured = serializers.BooleanField()
    default_model = serializers.CharField()
    is_default = serializers.BooleanField()
    description = serializers.CharField(allow_blank=True)
