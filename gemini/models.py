"""The usage log of the AI gateway: one row per provider call, never the prompt or answer text."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models


class ProviderCall(models.Model):
    """One call to an LLM provider (each retry is its own row), for cost and failure reports."""

    class Status(models.TextChoices):
        OK = "ok", "OK"
        ERROR = "error", "Error"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    provider = models.CharField(max_length=50)
    model = models.CharField(max_length=200)
    purpose = models.CharField(max_length=100)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    latency_ms = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices)
    error_code = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [models.Index(fields=["user", "created_at"])]
        verbose_name = "provider call"

    def __str__(self) -> str:
        return f"{self.provider}/{self.model} {self.purpose} {self.status}"
