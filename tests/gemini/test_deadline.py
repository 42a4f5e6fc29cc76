"""Synchronous AI calls stop at the request's deadline (504), before the server's own timeout.

Without it, a request could wait 150 s for the local model and retry twice (≈ 456 s in all)
while the server gives up after 120 s.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from core.deadlines import deadline_set
from gemini import services
from gemini.exceptions import ProviderTimeout
from gemini.providers import local_provider, provider_get
from gemini.providers.base import TextRequest

pytestmark = pytest.mark.django_db


def test_retries_stop_when_the_deadline_leaves_no_room_for_another_call(
    api_client, gemini_llm, settings
):
    # Each call may take LLM_TIMEOUT_SECONDS: after the first (slow, failed) one, 8 - 4 < 5 s is
    # left, so no retry starts. Without the deadline all six attempts run and answer 502.
    settings.AI_REQUEST_DEADLINE_SECONDS = 8
    settings.LLM_TIMEOUT_SECONDS = 5
    settings.LLM_MAX_RETRIES = 5
    settings.LLM_RETRY_BACKOFF_SECONDS = 0
    # The first call of a process imports and builds the SDK client: not on the clock below.
    gemini_llm.reply("warm")
    services.text_generate(user=None, prompt="p", purpose="warm-up")
    for _ in range(6):
        gemini_llm.fail(500, delay=4)
    response = api_client.post("/api/gemini/test-prompt", {"promptText": "x"}, format="json")
    body = response.json()
    assert response.status_code == 504, body
    assert body["code"] == "provider_timeout"
    assert "8-second deadline" in body["message"]
    assert body["details"] == {"deadlineSeconds": 8}
    assert len(gemini_llm.generation_requests) == 2  # the warm-up, then one attempt


def test_a_deadline_shorter_than_one_call_starts_none(api_client, gemini_llm, settings):
    settings.AI_REQUEST_DEADLINE_SECONDS = 30
    settings.LLM_TIMEOUT_SECONDS = 60
    gemini_llm.reply("never asked")
    response = api_client.post("/api/gemini/test-prompt", {"promptText": "x"}, format="json")
    assert (response.status_code, response.json()["code"]) == (504, "provider_timeout")
    assert gemini_llm.generation_requests == []


def test_outside_a_request_there_is_no_deadline(gemini_llm, settings):
    # A Celery task (a workflow run) keeps the plain retry policy.
    settings.AI_REQUEST_DEADLINE_SECONDS = 1
    settings.LLM_TIMEOUT_SECONDS = 60
    settings.LLM_RETRY_BACKOFF_SECONDS = 0
    gemini_llm.fail(500)
    gemini_llm.reply("recovered")
    result = services.text_generate(user=None, prompt="p", purpose="test")
    assert result.text == "recovered"
    assert len(gemini_llm.generation_requests) == 2


def test_a_busy_local_model_is_waited_for_only_until_the_deadline(settings):
    settings.LOCAL_LLM_ENABLED = True
    settings.LOCAL_LLM_GGUF = ""  # the bundled model (it never runs: the lock is taken)
    local = provider_get("local")
    if not local.is_configured():
        pytest.fail(local.not_configured_message())
    outcome: dict[str, Any] = {}

    def call() -> None:
        with deadline_set(0.5):
            try:
                local.generate_text(TextRequest(model="", prompt="p"))
            except ProviderTimeout as exc:
                outcome["error"] = exc

    # Another request holds the model: without the deadline this call would wait for it, then
    # take up to LOCAL_LLM_TIMEOUT_SECONDS more, whatever the server's timeout.
    assert local_provider._model_lock.acquire(timeout=5)
    try:
        caller = threading.Thread(target=call)
        caller.start()
        caller.join(timeout=30)
        waiting = caller.is_alive()
    finally:
        local_provider._model_lock.release()
    caller.join()
    assert not waiting, "the call was still waiting for the model after its deadline"
    assert "busy" in outcome["error"].message_text
