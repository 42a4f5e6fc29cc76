"""Request and response shapes of the workflows API.

Tasks, run task states and the user input are JSON in the API's camelCase shape end to end (their
keys are excluded from the camelCase conversion, see JSON_CAMEL_CASE); the task serializers below
describe them for the schema, `workflows.validation` checks them.
"""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from gemini.serializers import GeminiGeneratedBySerializer
from workflows.engine.agent import AGENT_PARAMETERS, AgentParameter
from workflows.engine.registry import task_type_names
from workflows.engine.states import TaskState
from workflows.models import WorkflowRun
from workflows.selectors import run_data
from workflows.validation import MAX_NAME_CHARS

Fields = dict[str, serializers.Field[Any, Any, Any, Any]]


def _range_field(parameter: AgentParameter) -> serializers.Field[Any, Any, Any, Any]:
    if parameter.whole:
        return serializers.IntegerField(
            required=False, min_value=int(parameter.low), max_value=int(parameter.high)
        )
    return serializers.FloatField(required=False, min_value=parameter.low, max_value=parameter.high)


class WorkflowAgentConfigSerializer(serializers.Serializer[Any]):
    """Model settings of one task; they override the defaults and the linked prompt's."""

    model = serializers.CharField(required=False)
    system_instruction = serializers.CharField(required=False)

    def get_fields(self) -> Fields:
        # The ranges come from the one table of agent parameters (workflows.engine.agent).
        fields = super().get_fields()
        ranges = {
            re.sub(r"(?<!^)(?=[A-Z])", "_", p.key).lower(): _range_field(p)
            for p in AGENT_PARAMETERS
        }
        model, instruction = fields["model"], fields["system_instruction"]
        return {"model": model, **ranges, "system_instruction": instruction}


class WorkflowTaskSerializer(serializers.Serializer[Any]):
    """One task of a workflow (documentation of the shape; validated by workflows.validation)."""

    id = serializers.RegexField(r"^[A-Za-z0-9_-]+$", max_length=100)
    name = serializers.CharField(max_length=MAX_NAME_CHARS)
    description = serializers.CharField(required=False, allow_blank=True)
    type = serializers.ChoiceField(choices=())
    dependencies = serializers.ListField(child=serializers.CharField(), required=False)
    input_keys = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Dot paths into the data store."
    )
    output_key = serializers.CharField()
    prompt_id = serializers.UUIDField(required=False, help_text="One of your prompts.")
    prompt_template = serializers.CharField(required=False, allow_blank=True)
    agent_config = WorkflowAgentConfigSerializer(required=False)
    function_body = serializers.CharField(
        required=False, help_text="TEXT_MANIPULATION: a JavaScript function body of `inputs`."
    )
    static_value = serializers.JSONField(required=False)
    data_key = serializers.CharField(required=False)
    position_x = serializers.FloatField(required=False)
    position_y = serializers.FloatField(required=False)

    def get_fields(self) -> Fields:
        # The choices are read when the fields are built, so they follow the task-type registry.
        fields = super().get_fields()
        fields["type"] = serializers.ChoiceField(choices=task_type_names())
        return fields


@extend_schema_field(WorkflowTaskSerializer(many=True))
class WorkflowTasksField(serializers.JSONField):
    """The task list as sent; `workflows.validation` gives the readable errors."""


@extend_schema_field(WorkflowTaskSerializer)
class WorkflowTaskField(serializers.JSONField):
    """One task as sent (an object; `workflows.validation` checks the rest)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            raise serializers.ValidationError("Must be a task object.")
        return super().to_internal_value(data)


class WorkflowInputSerializer(serializers.Serializer[Any]):
    """Create (all required) or update (any subset; unsent fields are kept)."""

    name = serializers.CharField(max_length=MAX_NAME_CHARS)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    tasks = WorkflowTasksField()


class WorkflowOutputSerializer(serializers.Serializer[Any]):
    """A saved workflow."""

    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    tasks = WorkflowTasksField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class WorkflowExportSerializer(serializers.Serializer[Any]):
    """The portable form of a workflow (export and import)."""

    name = serializers.CharField(max_length=MAX_NAME_CHARS)
    description = serializers.CharField(required=False, allow_blank=True)
    tasks = WorkflowTasksField()


class WorkflowDraftSerializer(WorkflowExportSerializer):
    """An unsaved workflow produced by the AI; save it with POST /api/workflows."""


class WorkflowTemplateSerializer(WorkflowExportSerializer):
    """A read-only default workflow; `key` clones it."""

    key = serializers.CharField()


class WorkflowTemplateCloneInputSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(max_length=100)


class WorkflowOrchestrateInputSerializer(serializers.Serializer[Any]):
    request = serializers.CharField(max_length=2000)


# The three shapes of `POST /api/gemini/generate-workflow` keep the component names they had when
# the gateway served that route, so the OpenAPI schema is unchanged (docs/decisions/0002).
@extend_schema_serializer(component_name="GeminiGenerateWorkflowInput")
class WorkflowGenerateInputSerializer(serializers.Serializer[Any]):
    """`POST /api/gemini/generate-workflow`."""

    goal = serializers.CharField(max_length=2000)


@extend_schema_serializer(component_name="GeminiWorkflowTaskDraft")
class WorkflowGeneratedTaskSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    type = serializers.CharField()
    dependencies = serializers.ListField(child=serializers.CharField())
    input_keys = serializers.ListField(child=serializers.CharField())
    output_key = serializers.CharField()
    prompt_template = serializers.CharField(allow_blank=True)
    position_x = serializers.IntegerField()
    position_y = serializers.IntegerField()


@extend_schema_serializer(component_name="GeminiWorkflowDraft")
class WorkflowGeneratedDraftSerializer(serializers.Serializer[Any]):
    """An unsaved workflow: 3-8 tasks, unique ids, known dependencies, no cycles."""

    name = serializers.CharField()
    description = serializers.CharField()
    tasks = WorkflowGeneratedTaskSerializer(many=True)
    generated_by = GeminiGeneratedBySerializer()


class RunImageSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(required=False, allow_blank=True, max_length=255)
    type = serializers.RegexField(r"^image/[A-Za-z0-9.+-]+$", max_length=100)
    base64 = serializers.CharField()


class RunFileSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(required=False, allow_blank=True, max_length=255)
    content = serializers.CharField(allow_blank=True, trim_whitespace=False)


class RunUserInputSerializer(serializers.Serializer[Any]):
    """What a run starts from: the data store's `userInput`."""

    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    image = RunImageSerializer(required=False)
    file = RunFileSerializer(required=False)


class RunStartInputSerializer(serializers.Serializer[Any]):
    user_input = RunUserInputSerializer(required=False, default=dict)


class RunTaskStateSerializer(serializers.Serializer[Any]):
    """One task's progress within a run."""

    status = serializers.ChoiceField(choices=[state.value for state in TaskState])
    result = serializers.JSONField(allow_null=True)
    error = serializers.CharField(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    attempts = serializers.IntegerField()


class RunOutputSerializer(serializers.Serializer[WorkflowRun]):
    """A run: its status, the data store and every task's state (keyed by task id)."""

    id = serializers.UUIDField()
    workflow_id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=WorkflowRun.Status.choices)
    user_input = serializers.JSONField()
    data_store = serializers.JSONField()
    tasks = serializers.DictField(child=RunTaskStateSerializer())
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, instance: WorkflowRun) -> dict[str, Any]:
        return run_data(instance)


class RunTaskInputSerializer(serializers.Serializer[Any]):
    """One task to run now, with the data it may read."""

    task = WorkflowTaskField()
    user_input = RunUserInputSerializer(required=False, default=dict)
    data_store = serializers.DictField(required=False, default=dict)


class RunPageSerializer(serializers.Serializer[Any]):
    """One page of a workflow's runs (the envelope of every paginated list)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RunOutputSerializer(many=True)
