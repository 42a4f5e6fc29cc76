"""The catalogue of AI models, managed by operators in the admin."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models


class AIModelQuerySet(models.QuerySet["AIModel"]):
    """Reads of the catalogue."""

    def active(self) -> AIModelQuerySet:
        """Models that requests may be routed to."""
        return self.filter(is_active=True)


class AIModel(models.Model):
    """A model of one provider, for text, images or embeddings."""

    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        IMAGE = "image", "Image"
        EMBEDDING = "embedding", "Embedding"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True, help_text="The provider's model id.")
    provider = models.CharField(max_length=50, help_text="gemini, openai, anthropic or local.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TEXT)
    description = models.TextField(blank=True, default="")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AIModelQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["kind", "provider", "name"]
        verbose_name = "AI model"

    def __str__(self) -> str:
        return f"{self.name} ({self.provider})"
