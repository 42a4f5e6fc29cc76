"""Request and response shapes of the prompts API (snake_case here; camelCase on the wire)."""

from __future__ import annotations

import types
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Final, cast

from djangorestframework_camel_case.util import camelize
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from core import sfl
from core.exceptions import ValidationFailed, translate_exception
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


def sfl_section_serializer(
    name: str,
    section: sfl.SflSection,
    field: Callable[[sfl.SflKey], serializers.Field],  # type: ignore[type-arg]
    *,
    base: type[serializers.Serializer[dict[str, Any]]] = serializers.Serializer,
    module: str = __name__,
) -> type[serializers.Serializer[dict[str, Any]]]:
    """A serializer with one `field(key)` per key of `section`; `name` is its OpenAPI component."""
    attrs: dict[str, Any] = {"__module__": module, "__qualname__": name}
    attrs.update((key.name, field(key)) for key in section.keys)
    # new_class runs DRF's serializer metaclass, which collects the declared fields.
    made = types.new_class(name, (base,), exec_body=lambda namespace: namespace.update(attrs))
    return cast(type[serializers.Serializer[dict[str, Any]]], made)


# --- Requests ---------------------------------------------------------------------------------


class PromptSectionSerializer(serializers.Serializer[dict[str, Any]]):
    """A nested object whose wrong type is reported at its own path (`sflTenor`)."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            raise serializers.ValidationError("Must be an object.")
        return super().to_internal_value(data)  # type: ignore[no-any-return]


# The longest value a short SFL key takes (a choice key: a predefined option or the user's own).
_MAX_LENGTHS: Final = {"topic": 500, **{key.name: 200 for key in sfl.KEYS if key.options}}


def _input_field(key: sfl.SflKey) -> serializers.Field:  # type: ignore[type-arg]
    if key.many:
        return PromptAudienceField(required=False)
    return PromptStringField(max_length=_MAX_LENGTHS.get(key.name), help_text=key.hint or None)


PromptSflFieldInputSerializer = sfl_section_serializer(
    "PromptSflFieldInputSerializer", sfl.FIELD, _input_field, base=PromptSectionSerializer
)
PromptSflTenorInputSerializer = sfl_section_serializer(
    "PromptSflTenorInputSerializer", sfl.TENOR, _input_field, base=PromptSectionSerializer
)
PromptSflModeInputSerializer = sfl_section_serializer(
    "PromptSflModeInputSerializer", sfl.MODE, _input_field, base=PromptSectionSerializer
)


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


def _error_message(errors: Any) -> str:
    fields: Mapping[str, list[str]] = translate_exception(ValidationError(errors)).details.get(
        "fields", {}
    )
    return "; ".join(
        f"{path}: {' '.join(messages)}" for path, messages in camelize(dict(fields)).items()
    )


def prompt_import_validate(items: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """An import body checked item by item: the valid items' data, and why each other one failed.

    A body that is not a JSON array of at most IMPORT_MAX_ITEMS items is refused as a whole.
    """
    if not isinstance(items, list):
        raise ValidationFailed({"nonFieldErrors": ["Expected a JSON array of prompts."]})
    if len(items) > IMPORT_MAX_ITEMS:
        raise ValidationFailed(
            {"nonFieldErrors": [f"At most {IMPORT_MAX_ITEMS} prompts per import."]}
        )
    valid: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors.append({"index": index, "message": "Each item must be a JSON object."})
            continue
        serializer = PromptImportItemSerializer(data=item)
        if serializer.is_valid():
            valid.append(dict(serializer.validated_data))
        else:
            errors.append({"index": index, "message": _error_message(serializer.errors)})
    return valid, errors


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


def _output_field(key: sfl.SflKey) -> serializers.Field:  # type: ignore[type-arg]
    if key.many:
        return serializers.ListField(child=serializers.CharField())
    return serializers.CharField(help_text=key.hint or None)


PromptSflFieldSerializer = sfl_section_serializer(
    "PromptSflFieldSerializer", sfl.FIELD, _output_field
)
PromptSflTenorSerializer = sfl_section_serializer(
    "PromptSflTenorSerializer", sfl.TENOR, _output_field
)
PromptSflModeSerializer = sfl_section_serializer("PromptSflModeSerializer", sfl.MODE, _output_field)


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
