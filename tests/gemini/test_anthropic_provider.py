"""The Anthropic provider: the real `anthropic` SDK against the fake server on loopback."""

import json

import pytest

from gemini import services
from gemini.embeddings import embed_texts
from gemini.exceptions import ProviderError, ProviderNotConfigured, ProviderRateLimited
from prompts.wizard_schemas import PromptDraftOutput

from .drafts import prompt_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _anthropic_is_the_default(settings):
    settings.LLM_PROVIDER = "anthropic"


def test_text_request_body(anthropic_llm):
    anthropic_llm.reply("Hi there", input_tokens=8, output_tokens=2)
    result = services.text_generate(
        user=None,
        prompt="Say hi",
        system_instruction="Be kind.",
        parameters={"temperature": 0.4, "topK": 10, "maxOutputTokens": 100},
        purpose="t",
    )
    assert (result.text, result.provider, result.model) == (
        "Hi there",
        "anthropic",
        "claude-haiku-4-5",
    )
    assert (result.input_tokens, result.output_tokens) == (8, 2)
    request = anthropic_llm.last
    assert request.path == "/v1/messages"
    # Recent SDKs send the key as a bearer token, older ones as x-api-key.
    sent = request.headers.get("x-api-key", "") + request.headers.get("authorization", "")
    assert "test-anthropic-key" in sent
    assert request.body["model"] == "claude-haiku-4-5"
    assert request.body["system"] == "Be kind."
    assert request.body["messages"] == [{"role": "user", "content": "Say hi"}]
    assert request.body["max_tokens"] == 100
    assert request.body["temperature"] == 0.4
    assert request.body["top_k"] == 10


def test_json_is_prompted_and_repaired(anthropic_llm):
    answer = "Here it is:\n```json\n" + json.dumps(prompt_draft())[:-1] + ",}\n```"
    anthropic_llm.reply(answer)
    result = services.json_generate(
        user=None, prompt="p", schema=PromptDraftOutput, system_instruction="Sys.", purpose="t"
    )
    assert result.data["notes"] == prompt_draft()["notes"]
    system = anthropic_llm.last.body["system"]
    assert system.startswith("Sys.")
    assert "JSON Schema" in system and '"targetAudience"' in system


def test_rate_limit(anthropic_llm):
    anthropic_llm.fail(429, headers={"retry-after": "30"})
    with pytest.raises(ProviderRateLimited) as info:
        services.text_generate(user=None, prompt="p", purpose="t")
    assert info.value.headers["Retry-After"] == "30"
    assert len(anthropic_llm.requests) == 1


def test_overloaded_is_retried(anthropic_llm):
    anthropic_llm.fail(529)
    anthropic_llm.reply("ok")
    assert services.text_generate(user=None, prompt="p", purpose="t").text == "ok"
    assert len(anthropic_llm.requests) == 2


def test_rejected_key(anthropic_llm):
    anthropic_llm.fail(401)
    with pytest.raises(ProviderNotConfigured) as info:
        services.text_generate(user=None, prompt="p", purpose="t")
    assert "ANTHROPIC_API_KEY was rejected" in info.value.message_text


def test_no_embeddings(anthropic_llm):
    with pytest.raises(ProviderNotConfigured) as info:
        embed_texts(texts=["a"], model="claude-haiku-4-5")
    assert "no embeddings" in info.value.message_text


def test_persistent_server_errors(anthropic_llm):
    for _ in range(3):
        anthropic_llm.fail(500)
    with pytest.raises(ProviderError):
        services.text_generate(user=None, prompt="p", purpose="t")
    assert len(anthropic_llm.requests) == 3
