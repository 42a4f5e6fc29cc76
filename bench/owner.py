"""A throwaway owner for the benchmarks, removed with raw SQL (no cascade through other apps)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction


def bench_owner_create() -> Any:
    return get_user_model().objects.create_user(
        email=f"bench-{uuid.uuid4().hex[:8]}@example.invalid", password=uuid.uuid4().hex
    )


def bench_owner_delete(owner: Any) -> None:
    users = get_user_model()._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM document_chunks WHERE document_id IN "
            "(SELECT id FROM documents WHERE owner_id = %s)",
            [owner.pk],
        )
        cursor.execute("DELETE FROM documents WHERE owner_id = %s", [owner.pk])
        cursor.execute(f"DELETE FROM {users} WHERE id = %s", [owner.pk])  # noqa: S608
