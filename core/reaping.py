"""What a periodic reaper of stuck jobs (documents, workflow runs) did in one pass."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReapOutcome:
    """How many stuck rows one pass queued again, and how many it gave up on."""

    requeued: int
    failed: int

    def as_dict(self) -> dict[str, int]:
        """The outcome as a task result (JSON)."""
        return {"requeued": self.requeued, "failed": self.failed}
