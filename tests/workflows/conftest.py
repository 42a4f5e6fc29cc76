"""Workflows tests run against the real gateway with a scripted fake LLM behind it.

The fake (`tests/workflows/llm.py`) is started when this conftest is loaded, before the session's
Celery worker subprocess, which copies `os.environ` and so reaches the same server through the
real Gemini SDK. Document search is the real one (pgvector and the local embedder).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.workflows.llm import ScriptedLLM

LLM = ScriptedLLM()
# The gateway's own retries are off, so one provider call is one attempt of the engine's.
LLM_ENV = {
    "GEMINI_API_KEY": "test-workflows-key",
    "GEMINI_BASE_URL": LLM.url,
    "LLM_MAX_RETRIES": "0",
    "LLM_RETRY_BACKOFF_SECONDS": "0",
}


def pytest_configure(config: pytest.Config) -> None:
    LLM.start()
    os.environ.update(LLM_ENV)
    os.environ["WORKFLOW_SIMULATE_SECONDS"] = "0"
    os.environ["WORKFLOW_TASK_RETRY_BACKOFF_SECONDS"] = "0.01"


def pytest_unconfigure(config: pytest.Config) -> None:
    LLM.release()
    LLM.stop()


@pytest.fixture(autouse=True)
def llm(settings: Any, _no_real_provider: None) -> Iterator[ScriptedLLM]:
    """The fake LLM, fresh for each test, as this process's (and the worker's) Gemini provider."""
    settings.GEMINI_API_KEY = LLM_ENV["GEMINI_API_KEY"]
    settings.GEMINI_BASE_URL = LLM.url
    settings.LLM_MAX_RETRIES = 0
    settings.WORKFLOW_SIMULATE_SECONDS = 0
    settings.WORKFLOW_TASK_RETRY_BACKOFF_SECONDS = 0.01
    LLM.reset()
    yield LLM
    LLM.reset()
