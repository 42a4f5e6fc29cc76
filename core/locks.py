"""Serialising a check-then-write per key across processes: a PostgreSQL advisory lock."""

from __future__ import annotations

from django.db import connection


def advisory_lock(*key: object) -> None:
    """Hold a lock on `key` until the surrounding transaction ends (call inside `atomic`).

    Two requests that count a user's rows and then add one would otherwise both see room for
    the last slot; with the lock the second counts after the first has written.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [":".join(map(str, key))]
        )
