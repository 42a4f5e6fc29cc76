"""The Gemini provider: the real google-genai SDK against the fake server on loopback."""

import json

import pytest

from gemini import services
from gemini.embeddings import embed_texts
from gemini.exceptions import (
    AIOutputInvalid,
    ProviderError,
    ProviderNotConfigured,
    ProviderRateLimited,
    ProviderTimeout,
)
from gemini.models import ProviderCall
from gemini.providers.base import ImageInput
from prompts.wizard_schemas import PromptDraftOutput

from .drafts import prompt_draft

pytestmark = pytest.mark.django_db


def test_text_request_carries_model_system_instruction_and_parameters(gemini_llm, user):
    gemini_llm.reply("Bonjour", input_tokens=7, output_tokens=3)
    result = services.text_generate(
        user=user,
        prompt="Say hello in French",
        system_instruction="You are terse.",
        model="gemini-2.5-pro",
        parameters={"temperature": 0.2, "topP": 0.9, "topK": 5, "maxOutputTokens": 64},
        purpose="test",
    )
    assert (result.text, result.provider, result.model) == ("Bonjour", "gemini", "gemini-2.5-pro")
    assert (result.input_tokens, result.output_tokens) == (7, 3)
    request = gemini_llm.last
    assert request.path.endswith("/models/gemini-2.5-pro:generateContent")
    assert request.headers["x-goog-api-key"] == "test-gemini-key"
    assert request.body["contents"][0]["parts"] == [{"text": "Say hello in French"}]
    assert request.body["systemInstruction"]["parts"] == [{"text": "You are terse."}]
    config = request.body["generationConfig"]
    assert config["temperature"] == 0.2
    assert config["topP"] == 0.9
    assert config["topK"] == 5
    assert config["maxOutputTokens"] == 64


def test_json_request_sends_the_response_schema(gemini_llm):
    gemini_llm.reply_json(prompt_draft())
    result = services.json_generate(
        user=None, prompt="Make a prompt", schema=PromptDraftOutput, purpose="test"
    )
    assert result.data["sflField"]["topic"] == "Recursion"
    config = gemini_llm.last.body["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    schema = config["responseJsonSchema"]
    assert schema["properties"]["sflTenor"]["properties"]["targetAudience"]["type"] == "array"
    assert "$ref" not in json.dumps(schema)


@pytest.mark.parametrize(
    "answer",
    [
        "Here you go:\n```json\n" + json.dumps(prompt_draft()) + "\n```\nAnything else?",
        json.dumps(prompt_draft())[:-1] + ",}",  # a trailing comma
        json.dumps(prompt_draft())[:-12],  # truncated inside the last string
    ],
    ids=["fence-with-prose", "trailing-comma", "truncated"],
)
def test_imperfect_json_is_repaired(gemini_llm, answer):
    gemini_llm.reply(answer)
    result = services.json_generate(user=None, prompt="p", schema=PromptDraftOutput, purpose="t")
    assert result.data["title"] == prompt_draft()["title"]
    assert result.data["notes"].startswith("Try adding")
    assert result.attempts == 1


def test_truncated_json_missing_fields_is_retried_with_the_error(gemini_llm):
    gemini_llm.reply(json.dumps(prompt_draft())[:200])
    gemini_llm.reply_json(prompt_draft())
    result = services.json_generate(user=None, prompt="p", schema=PromptDraftOutput, purpose="t")
    assert result.attempts == 2
    retry_text = gemini_llm.requests[1].body["contents"][0]["parts"][0]["text"]
    assert "previous answer could not be used" in retry_text
    assert "sflMode" in retry_text


def test_schema_invalid_output_twice_is_ai_output_invalid(gemini_llm):
    bad = prompt_draft()
    del bad["sflField"]
    gemini_llm.reply_json(bad)
    gemini_llm.reply_json(bad)
    with pytest.raises(AIOutputInvalid) as info:
        services.json_generate(user=None, prompt="p", schema=PromptDraftOutput, purpose="t")
    assert info.value.status == 502
    assert any(e["path"] == "sflField" for e in info.value.details["errors"])
    assert len(gemini_llm.requests) == 2
    assert set(ProviderCall.objects.values_list("error_code", flat=True)) == {"ai_output_invalid"}


def test_rate_limit_is_not_retried_and_keeps_retry_after(gemini_llm):
    gemini_llm.fail(429, headers={"Retry-After": "17"})
    with pytest.raises(ProviderRateLimited) as info:
        services.text_generate(user=None, prompt="p", purpose="t")
    assert info.value.headers["Retry-After"] == "17"
    assert len(gemini_llm.requests) == 1


def test_rate_limit_delay_from_google_retry_info(gemini_llm):
    body = {
        "error": {
            "code": 429,
            "status": "RESOURCE_EXHAUSTED",
            "message": "quota",
            "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "42s"}],
        }
    }
    gemini_llm.raw(429, body)
    with pytest.raises(ProviderRateLimited) as info:
        services.text_generate(user=None, prompt="p", purpose="t")
    assert info.value.headers["Retry-After"] == "42"


def test_server_error_then_success_is_retried(gemini_llm):
    gemini_llm.fail(500)
    gemini_llm.fail(503)
    gemini_llm.reply("finally")
    result = services.text_generate(user=None, prompt="p", purpose="t")
    assert result.text == "finally"
    assert len(gemini_llm.requests) == 3
    statuses = list(ProviderCall.objects.order_by("id").values_list("status", "error_code"))
    assert statuses == [("error", "provider_error"), ("error", "provider_error"), ("ok", "")]


def test_server_errors_stop_after_two_retries(gemini_llm):
    for _ in range(4):
        gemini_llm.fail(500)
    with pytest.raises(ProviderError) as info:
        services.text_generate(user=None, prompt="p", purpose="t")
    assert info.value.status == 502
    assert len(gemini_llm.requests) == 3


def test_client_errors_are_not_retried(gemini_llm):
    gemini_llm.fail(400)
    with pytest.raises(ProviderError):
        services.text_generate(user=None, prompt="p", purpose="t")
    assert len(gemini_llm.requests) == 1


def test_timeout_is_504_and_not_retried(gemini_llm, settings):
    settings.LLM_TIMEOUT_SECONDS = 1
    gemini_llm.reply("too late", delay=3)
    with pytest.raises(ProviderTimeout) as info:
        services.text_generate(user=None, prompt="p", purpose="t")
    assert info.value.status == 504
    assert len(gemini_llm.requests) == 1


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_key_is_provider_not_configured(gemini_llm, status):
    gemini_llm.fail(status)
    with pytest.raises(ProviderNotConfigured) as info:
        services.text_generate(user=None, prompt="p", purpose="t")
    assert info.value.status == 503
    assert "GEMINI_API_KEY was rejected" in info.value.message_text
    assert "test-gemini-key" not in info.value.message_text


def test_unreachable_provider_is_a_retried_provider_error(settings):
    settings.GEMINI_API_KEY = "k"
    settings.GEMINI_BASE_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(ProviderError) as info:
        services.text_generate(user=None, prompt="p", purpose="t")
    assert info.value.retryable
    assert ProviderCall.objects.count() == 3


def test_grounded_answer_returns_sources(gemini_llm):
    gemini_llm.reply(
        "It rained.",
        sources=[("Weather", "https://example.com/w"), ("News", "https://example.com/n")],
    )
    result = services.text_generate(user=None, prompt="Weather?", grounded=True, purpose="t")
    assert result.grounded
    assert [(s.title, s.uri) for s in result.sources] == [
        ("Weather", "https://example.com/w"),
        ("News", "https://example.com/n"),
    ]
    assert gemini_llm.last.body["tools"] == [{"googleSearch": {}}]


def test_images_are_sent_as_inline_parts(gemini_llm):
    gemini_llm.reply("A cat.")
    image = ImageInput(mime_type="image/png", data=b"\x89PNG fake")
    services.text_generate(user=None, prompt="Describe", images=[image], purpose="t")
    parts = gemini_llm.last.body["contents"][0]["parts"]
    assert parts[0]["inlineData"]["mime_type"] == "image/png"
    assert parts[1] == {"text": "Describe"}


def test_embeddings_set_the_output_dimensionality(gemini_llm, settings):
    settings.EMBEDDING_DIMENSIONS = 16
    result = embed_texts(texts=["one", "two", "three"])
    assert (result.provider, result.model, result.dimensions) == (
        "gemini",
        "gemini-embedding-001",
        16,
    )
    assert len(result.vectors) == 3
    request = gemini_llm.last
    assert request.path.endswith("/models/gemini-embedding-001:batchEmbedContents")
    assert [r["outputDimensionality"] for r in request.body["requests"]] == [16, 16, 16]


def test_embeddings_are_sent_in_batches_of_one_hundred(gemini_llm, settings):
    settings.EMBEDDING_DIMENSIONS = 4
    result = embed_texts(texts=[f"t{i}" for i in range(150)])
    assert len(result.vectors) == 150
    assert [len(r.body["requests"]) for r in gemini_llm.requests] == [100, 50]
