"""Ownership as one mechanism: every owned resource's viewset scopes itself to the caller."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework.serializers import BaseSerializer


class OwnedViewSetMixin:
    """Scope `get_queryset()` to `request.user` and set the owner on create.

    Another user's object is simply not in the queryset, so it answers 404 like a missing one.
    The owner never comes from the request body.
    """

    request: Any
    queryset: QuerySet[Any] | None

    def get_queryset(self) -> QuerySet[Any]:
        base = super().get_queryset()  # type: ignore[misc]
        return base.owned_by(self.request.user)  # type: ignore[no-any-return]

    def perform_create(self, serializer: BaseSerializer[Model]) -> None:
        serializer.save(owner=self.request.user)
