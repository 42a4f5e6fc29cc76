"""Django admin: workflows, and runs with their task states."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.utils.html import format_html_join

from workflows.models import Workflow, WorkflowRun


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin[Workflow]):
    list_display = ("name", "owner", "task_count", "updated_at")
    search_fields = ("name", "description", "owner__email")
    readonly_fields = ("id", "owner", "created_at", "updated_at")
    list_select_related = ("owner",)

    @admin.display(description="tasks")
    def task_count(self, workflow: Workflow) -> int:
        return len(workflow.tasks)


@admin.register(WorkflowRun)
class WorkflowRunAdmin(admin.ModelAdmin[WorkflowRun]):
    list_display = ("id", "workflow", "owner", "status", "created_at", "finished_at")
    list_filter = ("status",)
    search_fields = ("id", "workflow__name", "owner__email")
    list_select_related = ("workflow", "owner")
    readonly_fields = (
        "id",
        "owner",
        "workflow",
        "status",
        "task_state_table",
        "error",
        "user_input",
        "data_store",
        "task_states",
        "graph_data",
        "attempts",
        "claimed_by",
        "heartbeat_at",
        "started_at",
        "finished_at",
        "created_at",
        "updated_at",
    )
    exclude = ()

    @admin.display(description="task states")
    def task_state_table(self, run: WorkflowRun) -> Any:
        rows = [
            (
                task_id,
                state.get("status", ""),
                state.get("error") or "",
                json.dumps(state.get("result"), default=str)[:200],
            )
            for task_id, state in (run.task_states or {}).items()
        ]
        return format_html_join("", "<div><b>{}</b> — {} {} <code>{}</code></div>", rows)

    def has_add_permission(self, request: Any) -> bool:
        return False
