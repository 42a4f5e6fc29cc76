"""Request and response shapes of the prompts API (snake_case here; camelCase on the wire)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gemini.serializers import GeminiParametersSerializer

ORDERINGS = ("-updatedAt", "updatedAt", "-createdAt", "createdAt", "title", "-title")
EXPORT_FORMATS = ("json", "markdown")
IMPORT_MAX_ITEMS = 1000


class PromptStringField(serializers.CharField):
    """A string and nothing else: numbers, booleans and objects are wrong types; null is blank."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if data is None and self.allow_blank:
            return True, ""
        return super().validate_empty_values(data)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "string", "description": "One audience; stored as a one-item list."},
        ]
    }
)
class PromptAudienceField(serializers.Field):  # type: ignore[type-arg]
    """`targetAudience`: a list of strings, or one string that becomes a one-item list."""

    default_error_messages = {"invalid": "Must be a list of strings or a string."}

    def to_internal_value(self, data: Any) -> list[str]:
        if isinstance(data, str):
            return [data.strip()] if data.strip() else []
        if isinstance(data, list) and all(isinstance(item, str) for item in data):
            return list(dict.fromkeys(item.strip() for item in data if item.strip()))
        self.fail("invalid")
        raise AssertionError  # pragma: no cover - fail() raises

    def to_representation(self, value: Any) -> list[str]:
        return list(value)


# --- Requests ---------------------------------------------------------------------------------


class PromptSectionSerializer(serializers.Serializer[dict[str, Any]]):
    """A nested object whose wrong type is reported at its own path (`sflTenor`)."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            raise serializers.ValidationError("Must be an object.")
        return super().to_internal_value(data)  # type: ignore[no-any-return]


class PromptSflFieldInputSerializer(PromptSectionSerializer):
    topic = PromptStringField(max_length=500)
    task_type = PromptStringField(max_length=200)
    domain_specifics = PromptStringField()
    keywords = PromptStringField(help_text="Comma-separated.")


class PromptSflTenorInputSerializer(PromptSectionSerializer):
    ai_persona = PromptStringField(max_length=200)
    target_audience = PromptAudienceField(required=False)
    desired_tone = PromptStringField(max_length=200)
    interpersonal_stance = PromptStringField()


class PromptSflModeInputSerializer(PromptSectionSerializer):
    output_format = PromptStringField(max_length=200)
    rhetorical_structure = PromptStringField()
    length_constraint = PromptStringField(max_length=200)
    textual_directives = PromptStringField()


class PromptSourceDocumentSerializer(PromptSectionSerializer):
    """A text whose style the prompt should imitate."""

    name = PromptStringField(max_length=255)
    content = PromptStringField()


class PromptInputSerializer(serializers.Serializer[dict[str, Any]]):
    """The writable part of a prompt; unknown and read-only keys are ignored."""

    title = serializers.CharField(max_length=255)
    prompt_text = serializers.CharField(trim_whitespace=False)
    sfl_field = PromptSflFieldInputSerializer(required=False)
    sfl_tenor = PromptSflTenorInputSerializer(required=False)
    sfl_mode = PromptSflModeInputSerializer(required=False)
    example_output = PromptStringField()
    notes = PromptStringField()
    source_document = PromptSourceDocumentSerializer(required=False, allow_null=True)

    def validate_prompt_text(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("This field may not be blank.")
        return value


class PromptImportItemSerializer(PromptInputSerializer):
    """One item of an import: our export format or the original SFL Prompt Architect's."""

    id = serializers.JSONField(
        required=False,
        help_text="Updates the caller's prompt with this id; any other id creates a new prompt.",
    )

    def validate_id(self, value: Any) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(value))
        except ValueError:
            return None


class PromptListQuerySerializer(serializers.Serializer[dict[str, Any]]):
    search = serializers.CharField(
        required=False, max_length=500, help_text="Full-text search, best match first."
    )
    topic = serializers.CharField(required=False)
    task_type = serializers.CharField(required=False)
    ai_persona = serializers.CharField(required=False)
    output_format = serializers.CharField(required=False)
    desired_tone = serializers.CharField(required=False)
    target_audience = serializers.CharField(
        required=False, help_text="Prompts whose audiences include this one."
    )
    ordering = serializers.ChoiceField(
        choices=ORDERINGS,
        required=False,
        help_text="Default -updatedAt; with `search`, relevance unless an ordering is given.",
    )


class PromptExportOneQuerySerializer(serializers.Serializer[dict[str, Any]]):
    format = serializers.ChoiceField(choices=EXPORT_FORMATS, default="json")


class PromptExportQuerySerializer(PromptExportOneQuerySerializer):
    ids = serializers.CharField(
        required=False, help_text="Comma-separated prompt ids; the whole library when absent."
    )

    def validate_ids(self, value: str) -> list[uuid.UUID]:
        try:
            return [uuid.UUID(part.strip()) for part in value.split(",") if part.strip()]
        except ValueError:
            raise serializers.ValidationError("Must be comma-separated prompt ids.") from None


# --- Responses --------------------------------------------------------------------------------


class PromptSflFieldSerializer(serializers.Serializer[dict[str, Any]]):
    topic = serializers.CharField()
    task_type = serializers.CharField()
    domain_specifics = serializers.CharField()
    keywords = serializers.CharField(help_text="Comma-separated.")


class PromptSflTenorSerializer(serializers.Serializer[dict[str, Any]]):
    ai_persona = serializers.CharField()
    target_audience = serializers.ListField(child=serializers.CharField())
    desired_tone = serializers.CharField()
    interpersonal_stance = serializers.CharField()


class PromptSflModeSerializer(serializers.Serializer[dict[str, Any]]):
    output_format = serializers.CharField()
    rhetorical_structure = serializers.CharField()
    length_constraint = serializers.CharField()
    textual_directives = serializers.CharField()


class PromptLastTestSerializer(serializers.Serializer[dict[str, Any]]):
    """The outcome of the latest test run of a prompt."""

    response = serializers.CharField(allow_null=True)
    error = serializers.CharField(allow_null=True)
    model = serializers.CharField(allow_null=True)
    tested_at = serializers.DateTimeField()
    latency_ms = serializers.IntegerField(allow_null=True)


class PromptOutputSerializer(serializers.Serializer[Any]):
    """A prompt as API.md shows it."""

    id = serializers.UUIDField(read_only=True)
    title = serializers.CharField(read_only=True)
    prompt_text = serializers.CharField(source="body", read_only=True)
    sfl_field = PromptSflFieldSerializer(read_only=True)
    sfl_tenor = PromptSflTenorSerializer(read_only=True)
    sfl_mode = PromptSflModeSerializer(read_only=True)
    example_output = serializers.CharField(read_only=True)
    notes = serializers.CharField(read_only=True)
    source_document = PromptSourceDocumentSerializer(read_only=True, allow_null=True)
    variables = serializers.ListField(child=serializers.CharField(), read_only=True)
    version = serializers.IntegerField(read_only=True)
    last_test = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(PromptLastTestSerializer(allow_null=True))
    def get_last_test(self, prompt: Any) -> dict[str, Any] | None:
        # Stored as recorded (already JSON); re-validating it on every read would cost for nothing.
        return prompt.last_test  # type: ignore[no-any-return]


class PromptVersionOutputSerializer(serializers.Serializer[Any]):
    """The content of a prompt at one version."""

    version = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    prompt_text = serializers.CharField(source="body", read_only=True)
    sfl_field = PromptSflFieldSerializer(read_only=True)
    sfl_tenor = PromptSflTenorSerializer(read_only=True)
    sfl_mode = PromptSflModeSerializer(read_only=True)
    example_output = serializers.CharField(read_only=True)
    notes = serializers.CharField(read_only=True)
    source_document = PromptSourceDocumentSerializer(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


class PromptImportErrorSerializer(serializers.Serializer[dict[str, Any]]):
    index = serializers.IntegerField()
    message = serializers.CharField()


class PromptImportResultSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    # A declared field, not the `errors` property: DRF moves declared fields off the class.
    errors = PromptImportErrorSerializer(many=True)  # type: ignore[assignment]


class PromptDefaultsSerializer(serializers.Serializer[dict[str, Any]]):
    task_type = serializers.CharField()
    ai_persona = serializers.CharField()
    desired_tone = serializers.CharField()
    output_format = serializers.CharField()
    length_constraint = serializers.CharField()
    target_audience = serializers.ListField(child=serializers.CharField())


class PromptOptionsSerializer(serializers.Serializer[dict[str, Any]]):
    """The predefined option lists, then the values this user saved, each once."""

    task_types = serializers.ListField(child=serializers.CharField())
    ai_personas = serializers.ListField(child=serializers.CharField())
    target_audiences = serializers.ListField(child=serializers.CharField())
    desired_tones = serializers.ListField(child=serializers.CharField())
    output_formats = serializers.ListField(child=serializers.CharField())
    length_constraints = serializers.ListField(child=serializers.CharField())
    defaults = PromptDefaultsSerializer(help_text="What a new, empty prompt starts with.")


class PromptTestInputSerializer(serializers.Serializer[Any]):
    """`POST /api/prompts/{id}/test`: values for its `{{variables}}`; optional model, sampling."""

    variables = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=100_000),
        required=False,
        default=dict,
    )
    model = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    parameters = GeminiParametersSerializer(required=False, default=dict)


class PromptExportItemSerializer(PromptOutputSerializer):
    """One prompt of a JSON export file: the API shape without its test state; import reads it."""

    last_test = None  # type: ignore[assignment]
