"""Abstract base models shared by every domain app."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

_M = TypeVar("_M", bound=models.Model)


class TimeStampedModel(models.Model):
    """A UUID primary key plus creation and update timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OwnedQuerySet(models.QuerySet[_M]):
    """Rows scoped to the user who owns them."""

    def owned_by(self, user: AbstractBaseUser | AnonymousUser | Any) -> OwnedQuerySet[_M]:
        """Only the rows of `user`; nothing at all for an anonymous user."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner_id=user.pk)


class OwnedModel(TimeStampedModel):
    """A row that belongs to exactly one user; the owner is set by the server, never the body."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=True,
        editable=False,
    )

    objects: Any = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True
