"""What a reaper of stale background work did (documents stuck in processing, silent runs)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReapOutcome:
    """How many stale items a reaper queued again, and how many it gave up on."""

    requeued: int
    failed: int
