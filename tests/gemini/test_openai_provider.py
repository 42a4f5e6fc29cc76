"""The OpenAI-compatible provider: the real `openai` SDK against the fake server on loopback."""

import json

import pytest

from gemini import services
from gemini.embeddings import embed_texts
from gemini.exceptions import (
    ProviderError,
    ProviderNotConfigured,
    ProviderRateLimited,
    ProviderTimeout,
)
from prompts.wizard_schemas import PromptDraftOutput

from .drafts import prompt_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _openai_is_the_default(settings):
    settings.LLM_PROVIDER = "openai"


def test_text_request_body(openai_llm):
    openai_llm.reply("Hello!", input_tokens=5, output_tokens=2)
    result = services.text_generate(
        user=None,
        prompt="Greet me",
        system_instruction="Be warm.",
        parameters={"temperature": 1.2, "topP": 0.5, "topK": 40, "maxOutputTokens": 30},
        purpose="t",
    )
    assert (result.text, result.provider, result.model) == ("Hello!", "openai", "gpt-4o-mini")
    assert (result.input_tokens, result.output_tokens) == (5, 2)
    request = openai_llm.last
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer test-openai-key"
    assert request.body["model"] == "gpt-4o-mini"
    assert request.body["messages"] == [
        {"role": "system", "content": "Be warm."},
        {"role": "user", "content": "Greet me"},
    ]
    assert request.body["temperature"] == 1.2
    assert request.body["top_p"] == 0.5
    assert request.body["max_tokens"] == 30
    assert "top_k" not in request.body  # not part of the protocol: dropped, not an error


def test_json_uses_a_json_schema_response_format(openai_llm):
    openai_llm.reply_json(prompt_draft())
    result = services.json_generate(user=None, prompt="p", schema=PromptDraftOutput, purpose="t")
    assert result.data["sflMode"]["outputFormat"] == "Markdown"
    response_format = openai_llm.last.body["response_format"]
    assert response_format["type"] == "json_schema"
    schema = response_format["json_schema"]["schema"]
    assert schema["properties"]["sflTenor"]["required"] == [
        "aiPersona",
        "targetAudience",
        "desiredTone",
        "interpersonalStance",
    ]


def test_json_falls_back_to_json_object_when_json_schema_is_refused(openai_llm):
    openai_llm.fail(400)
    openai_llm.reply("Sure: " + json.dumps(prompt_draft()))
    result = services.json_generate(
        user=None, prompt="p", schema=PromptDraftOutput, system_instruction="Sys.", purpose="t"
    )
    assert result.data["title"] == prompt_draft()["title"]
    fallback = openai_llm.last.body
    assert fallback["response_format"] == {"type": "json_object"}
    system = fallback["messages"][0]["content"]
    assert system.startswith("Sys.") and '"sflTenor"' in system


def test_rate_limit_keeps_retry_after_and_is_not_retried(openai_llm):
    openai_llm.fail(429, headers={"Retry-After": "9"})
    with pytest.raises(ProviderRateLimited) as info:
        services.text_generate(user=None, prompt="p", purpose="t")
    assert info.value.headers["Retry-After"] == "9"
    assert len(openai_llm.requests) == 1  # the SDK's own retries are off


def test_server_error_then_success(openai_llm):
    openai_llm.fail(502)
    openai_llm.reply("ok")
    assert services.text_generate(user=None, prompt="p", purpose="t").text == "ok"
    assert len(openai_llm.requests) == 2


def test_server_errors_give_up_after_two_retries(openai_llm):
    for _ in range(3):
        openai_llm.fail(500)
    with pytest.raises(ProviderError):
        services.text_generate(user=None, prompt="p", purpose="t")
    assert len(openai_llm.requests) == 3


def test_timeout(openai_llm, settings):
    settings.LLM_TIMEOUT_SECONDS = 1
    openai_llm.reply("late", delay=3)
    with pytest.raises(ProviderTimeout):
        services.text_generate(user=None, prompt="p", purpose="t")
    assert len(openai_llm.requests) == 1


def test_rejected_key(openai_llm):
    openai_llm.fail(401)
    with pytest.raises(ProviderNotConfigured) as info:
        services.text_generate(user=None, prompt="p", purpose="t")
    assert "OPENAI_API_KEY was rejected" in info.value.message_text


def test_images_are_data_urls(openai_llm):
    from gemini.providers.base import ImageInput

    openai_llm.reply("a dog")
    services.text_generate(
        user=None, prompt="What is it?", images=[ImageInput("image/jpeg", b"jpeg")], purpose="t"
    )
    content = openai_llm.last.body["messages"][0]["content"]
    assert content[0] == {"type": "text", "text": "What is it?"}
    assert content[1]["image_url"]["url"] == "data:image/jpeg;base64,anBlZw=="


def test_embeddings(openai_llm, settings):
    settings.EMBEDDING_DIMENSIONS = 12
    result = embed_texts(texts=["a", "b"], model="text-embedding-3-small")
    assert (result.provider, result.dimensions, len(result.vectors)) == ("openai", 12, 2)
    assert result.vectors[1][0] == pytest.approx(0.2)
    assert result.input_tokens == 6
    assert openai_llm.last.body["dimensions"] == 12
    assert openai_llm.last.body["input"] == ["a", "b"]


def test_an_ollama_model_routes_through_settings(openai_llm, settings):
    settings.LLM_PROVIDER = "gemini"
    settings.LLM_MODEL_PROVIDERS = {"llama3.2": "openai"}
    openai_llm.reply("from llama")
    result = services.text_generate(user=None, prompt="p", model="llama3.2", purpose="t")
    assert (result.provider, result.model) == ("openai", "llama3.2")
    assert openai_llm.last.body["model"] == "llama3.2"
