"""Reads of the models catalogue."""

from __future__ import annotations

from models_catalog.models import AIModel


def ai_model_list_active() -> list[AIModel]:
    """The active models, text first."""
    return list(AIModel.objects.active())


def ai_model_provider(name: str) -> str | None:
    """The provider of the catalogued model `name` (active or not), or None when not catalogued."""
    return AIModel.objects.filter(name=name).values_list("provider", flat=True).first()
