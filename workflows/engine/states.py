"""The state of one task within a run, in the API's shape.

`TaskState` is a `StrEnum` rather than Django's `TextChoices` because the engine imports no Django;
its members are plain strings, so the JSON in `task_states` and the API keep the upper-case values
of API.md (`PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `SKIPPED`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class TaskState(StrEnum):
    """Where a task of a run stands."""

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    SKIPPED = "SKIPPED"


def task_state_new() -> dict[str, Any]:
    """The state of a task that has not run."""
    return {
        "status": TaskState.PENDING,
        "result": None,
        "error": None,
        "warnings": [],
        "startedAt": None,
        "finishedAt": None,
        "attempts": 0,
    }


def now_iso() -> str:
    """The current UTC time as the API writes it (`...Z`)."""
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")
