"""Request and response shapes of the workflows API.

Tasks, run task states and the user input are JSON in the API's camelCase shape end to end (their
keys are excluded from the camelCase conversion, see JSON_CAMEL_CASE); the task serializers below
describe them for the schema, `workflows.validation` checks them.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflows.engine.executors import TASK_TYPES
from workflows.engine.runner import TASK_STATUSES
from workflows.models import WorkflowRun
from workflows.selectors import run_data
from workflows.validation import MAX_NAME_CHARS


class WorkflowAgentConfigSerializer(serializers.Serializer[Any]):
    """Model settings of one task; they override the defaults and the linked prompt's."""

    model = serializers.CharField(required=False)
    temperature = serializers.FloatField(required=False, min_value=0, max_value=2)
    top_k = serializers.IntegerField(required=False, min_value=1, max_value=40)
    top_p = serializers.FloatField(required=False, min_value=0, max_value=1)
    system_instruction = serializers.CharField(required=False)


class WorkflowTaskSerializer(serializers.Serializer[Any]):
    """One task of a workflow (documentation of the shape; validated by workflows.validation)."""

    id = serializers.RegexField(r"^[A-Za-z0-9_-]+$", max_length=100)
    name = serializers.CharField(max_length=MAX_NAME_CHARS)
    description = serializers.CharField(required=False, allow_blank=True)
    type = serializers.ChoiceField(choices=TASK_TYPES)
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

    status = serializers.ChoiceField(choices=TASK_STATUSES)
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
