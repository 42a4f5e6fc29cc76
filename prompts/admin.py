"""Operators browse prompts and their history; content changes go through the API's services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.http import HttpRequest

from prompts import options
from prompts.models import Prompt, PromptVersion
from prompts.services import prompt_delete


class _MetadataValueFilter(admin.SimpleListFilter):
    """Filter by one SFL value: the predefined options plus the values in use."""

    section: str
    key: str
    predefined: tuple[str, ...]

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        used = (
            Prompt.objects.annotate(value=KT(f"metadata__{self.section}__{self.key}"))
            .exclude(value__in=["", *self.predefined])
            .exclude(value__isnull=True)
            .values_list("value", flat=True)
            .order_by("value")
            .distinct()[:50]
        )
        return [(value, value) for value in (*self.predefined, *used)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(metadata__contains={self.section: {self.key: value}})


class TaskTypeFilter(_MetadataValueFilter):
    title = "task type"
    parameter_name = "task_type"
    section, key, predefined = "sfl_field", "task_type", options.TASK_TYPES


class PersonaFilter(_MetadataValueFilter):
    title = "AI persona"
    parameter_name = "ai_persona"
    section, key, predefined = "sfl_tenor", "ai_persona", options.AI_PERSONAS


class PromptVersionInline(admin.TabularInline[PromptVersion, Prompt]):
    """The immutable history, read-only."""

    model = PromptVersion
    fields = ("version", "title", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    ordering = ("-version",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin[Prompt]):
    """Read-only content (edits would bypass versioning and the cache); deletion is allowed."""

    list_display = ("title", "owner", "task_type", "ai_persona", "version", "updated_at")
    list_filter = (TaskTypeFilter, PersonaFilter, "updated_at")
    search_fields = ("title", "body", "owner__email")
    list_select_related = ("owner",)
    readonly_fields = (
        "id",
        "owner",
        "title",
        "body",
        "metadata",
        "version",
        "last_test",
        "created_at",
        "updated_at",
    )
    fields = readonly_fields
    inlines = (PromptVersionInline,)
    date_hierarchy = "updated_at"

    @admin.display(description="task type")
    def task_type(self, prompt: Prompt) -> str:
        return str(prompt.sfl_field["task_type"])

    @admin.display(description="AI persona")
    def ai_persona(self, prompt: Prompt) -> str:
        return str(prompt.sfl_tenor["ai_persona"])

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Prompt) -> None:
        prompt_delete(prompt=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Prompt]) -> None:
        for prompt in queryset:
            prompt_delete(prompt=prompt)
