"""The usage log in the admin: every provider call, with totals per user for the filtered rows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from gemini.models import ProviderCall

TOTALS_LIMIT = 50


@admin.register(ProviderCall)
class ProviderCallAdmin(admin.ModelAdmin[ProviderCall]):
    list_display = (
        "created_at",
        "user",
        "provider",
        "model",
        "purpose",
        "status",
        "error_code",
        "input_tokens",
        "output_tokens",
        "latency_ms",
    )
    list_filter = ("status", "provider", "purpose", "model", "created_at")
    search_fields = ("user__email", "model", "purpose", "error_code")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    readonly_fields = [f.name for f in ProviderCall._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ProviderCall | None = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            changelist = response.context_data.get("cl")
            if changelist is not None:
                response.context_data["totals_per_user"] = (
                    changelist.queryset.order_by()
                    .values("user__email")
                    .annotate(
                        calls=Count("id"),
                        errors=Count("id", filter=Q(status=ProviderCall.Status.ERROR)),
                        input_tokens=Sum("input_tokens"),
                        output_tokens=Sum("output_tokens"),
                        latency_ms=Sum("latency_ms"),
                    )
                    .order_by("-calls")[:TOTALS_LIMIT]
                )
        return response
