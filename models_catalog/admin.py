from django.contrib import admin

from models_catalog.models import AIModel


@admin.register(AIModel)
class AIModelAdmin(admin.ModelAdmin[AIModel]):
    list_display = ("name", "provider", "kind", "is_active", "created_at")
    list_filter = ("provider", "kind", "is_active")
    list_editable = ("is_active",)
    search_fields = ("name", "description")
