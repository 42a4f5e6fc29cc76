"""Reads of the models catalogue."""

from __future__ import annotations

from models_catalog.models import AIModel


def ai_model_list_active() -> list[AIModel]:
    """The active models, text first."""
    return list(AIModel.objects.active())
