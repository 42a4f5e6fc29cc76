"""Workflows tests run on the fake provider, also inside the real worker subprocess."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

# Read by the session's celery worker subprocess, which copies os.environ when it starts.
os.environ["WORKFLOW_PROVIDER"] = "fake"
os.environ["WORKFLOW_SIMULATE_SECONDS"] = "0"
os.environ["WORKFLOW_TASK_RETRY_BACKOFF_SECONDS"] = "0.01"


@pytest.fixture(autouse=True)
def _fake_provider(settings: Any) -> Iterator[None]:
    from workflows.providers import fake_reset

    settings.WORKFLOW_PROVIDER = "fake"
    settings.WORKFLOW_SIMULATE_SECONDS = 0
    settings.WORKFLOW_TASK_RETRY_BACKOFF_SECONDS = 0.01
    fake_reset()
    yield
    fake_reset()
