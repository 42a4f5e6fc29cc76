"""The /api/gemini/ routes end to end: real SDK → fake provider on loopback."""

import pytest

from gemini.models import ProviderCall
from tests.conftest import bearer_client

pytestmark = pytest.mark.django_db

SECRET = "explain the secret plan zebra-42"


def test_test_prompt_substitutes_variables_and_reports_usage(api_client, gemini_llm, user):
    gemini_llm.reply("Paris is lovely.", input_tokens=9, output_tokens=4)
    response = api_client.post(
        "/api/gemini/test-prompt",
        {
            "promptText": "Describe {{ city }} for {{audience}}; {{city}}. Keep {{missing}}.",
            "variables": {"city": "Paris", "audience": ""},
            "systemInstruction": "Be brief.",
            "parameters": {"temperature": 0.3, "maxOutputTokens": 50},
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "text": "Paris is lovely.",
        "model": "gemini-2.5-flash",
        "provider": "gemini",
        "usage": {"inputTokens": 9, "outputTokens": 4},
        "latencyMs": response.json()["latencyMs"],
    }
    body = gemini_llm.last.body
    assert (
        body["contents"][0]["parts"][0]["text"] == "Describe Paris for ; Paris. Keep {{missing}}."
    )
    assert body["systemInstruction"]["parts"][0]["text"] == "Be brief."
    assert body["generationConfig"] == {"temperature": 0.3, "maxOutputTokens": 50}
    call = ProviderCall.objects.get()
    assert (call.user_id, call.provider, call.purpose, call.status) == (
        user.pk,
        "gemini",
        "test_prompt",
        "ok",
    )
    assert (call.input_tokens, call.output_tokens) == (9, 4)


def test_variable_names_keep_their_case(api_client, gemini_llm):
    gemini_llm.reply("ok")
    response = api_client.post(
        "/api/gemini/test-prompt",
        {
            "promptText": "Hi {{userName}} and {{user_name}}",
            "variables": {"userName": "A", "user_name": "B"},
        },
        format="json",
    )
    assert response.status_code == 200
    assert gemini_llm.last.body["contents"][0]["parts"][0]["text"] == "Hi A and B"


@pytest.mark.parametrize(
    ("parameters", "field"),
    [
        ({"temperature": 2.5}, "parameters.temperature"),
        ({"topP": 1.5}, "parameters.topP"),
        ({"topK": 0}, "parameters.topK"),
        ({"maxOutputTokens": 0}, "parameters.maxOutputTokens"),
    ],
)
def test_parameters_out_of_range_are_rejected(api_client, gemini_llm, parameters, field):
    response = api_client.post(
        "/api/gemini/test-prompt", {"promptText": "x", "parameters": parameters}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert field in response.json()["details"]["fields"]
    assert gemini_llm.requests == []


def test_parameters_are_validated_against_the_models_provider(api_client, anthropic_llm):
    response = api_client.post(
        "/api/gemini/test-prompt",
        {"promptText": "x", "model": "claude-haiku-4-5", "parameters": {"temperature": 1.5}},
        format="json",
    )
    assert response.status_code == 400
    assert "parameters.temperature" in response.json()["details"]["fields"]


def test_test_prompt_needs_authentication(anon_client):
    response = anon_client.post("/api/gemini/test-prompt", {"promptText": "x"}, format="json")
    assert response.status_code == 401


def test_blank_prompt_text_is_a_validation_error(api_client):
    response = api_client.post("/api/gemini/test-prompt", {"promptText": ""}, format="json")
    assert response.status_code == 400
    assert "promptText" in response.json()["details"]["fields"]


def test_provider_rate_limit_is_429_with_retry_after(api_client, gemini_llm):
    gemini_llm.fail(429, headers={"Retry-After": "12"})
    response = api_client.post("/api/gemini/test-prompt", {"promptText": "x"}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert response["Retry-After"] == "12"


def test_provider_500_then_success(api_client, gemini_llm):
    gemini_llm.fail(500)
    gemini_llm.reply("recovered")
    response = api_client.post("/api/gemini/test-prompt", {"promptText": "x"}, format="json")
    assert response.status_code == 200
    assert response.json()["text"] == "recovered"


def test_provider_timeout_is_504(api_client, gemini_llm, settings):
    settings.LLM_TIMEOUT_SECONDS = 1
    gemini_llm.reply("late", delay=3)
    response = api_client.post("/api/gemini/test-prompt", {"promptText": "x"}, format="json")
    assert response.status_code == 504
    assert response.json()["code"] == "provider_timeout"


def test_rejected_key_is_503_naming_the_setting(api_client, gemini_llm):
    gemini_llm.fail(401)
    response = api_client.post("/api/gemini/test-prompt", {"promptText": "x"}, format="json")
    assert response.status_code == 503
    assert response.json()["code"] == "provider_not_configured"
    assert "GEMINI_API_KEY was rejected" in response.json()["message"]
    assert "test-gemini-key" not in response.content.decode()


def test_no_provider_configured_is_503(api_client):
    response = api_client.post("/api/gemini/test-prompt", {"promptText": "x"}, format="json")
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "provider_not_configured"
    assert "GEMINI_API_KEY" in body["message"]
    assert "LOCAL_LLM_GGUF" in body["message"]
    call = ProviderCall.objects.get()
    assert (call.provider, call.status, call.error_code) == (
        "local",
        "error",
        "provider_not_configured",
    )


def test_local_disabled_is_503(api_client, settings):
    settings.LOCAL_LLM_ENABLED = False
    response = api_client.post("/api/gemini/test-prompt", {"promptText": "x"}, format="json")
    assert response.status_code == 503
    assert "LOCAL_LLM_ENABLED" in response.json()["message"]


def test_model_of_an_unconfigured_provider_is_503(api_client, gemini_llm):
    response = api_client.post(
        "/api/gemini/test-prompt", {"promptText": "x", "model": "gpt-4o"}, format="json"
    )
    assert response.status_code == 503
    assert "OPENAI_API_KEY" in response.json()["message"]
    assert gemini_llm.requests == []


def test_ai_routes_are_throttled_per_user(gemini_llm, make_user, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "ai": "2/min"},
    }
    first, second = bearer_client(make_user()), bearer_client(make_user())
    for _ in range(2):
        gemini_llm.reply("ok")
        assert (
            first.post("/api/gemini/test-prompt", {"promptText": "x"}, format="json").status_code
            == 200
        )
    response = first.post("/api/gemini/test-prompt", {"promptText": "x"}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0
    assert first.get("/api/gemini/providers").status_code == 429
    gemini_llm.reply("ok")
    assert (
        second.post("/api/gemini/test-prompt", {"promptText": "x"}, format="json").status_code
        == 200
    )


def test_providers_lists_status_and_never_a_key(api_client, gemini_llm, settings):
    settings.OPENAI_API_KEY = "sk-very-secret"
    response = api_client.get("/api/gemini/providers")
    assert response.status_code == 200
    body = response.json()
    by_name = {item["provider"]: item for item in body}
    assert set(by_name) == {"gemini", "openai", "anthropic", "local"}
    assert by_name["gemini"] == {
        "provider": "gemini",
        "configured": True,
        "defaultModel": "gemini-2.5-flash",
        "isDefault": True,
        "description": "",
    }
    assert by_name["anthropic"]["configured"] is False
    assert by_name["local"]["configured"] is False
    assert "low-quality" in by_name["local"]["description"].lower()
    text = response.content.decode()
    assert "sk-very-secret" not in text and "test-gemini-key" not in text


def test_usage_log_never_holds_prompt_text(api_client, gemini_llm, caplog):
    gemini_llm.reply("A plan.")
    caplog.set_level("DEBUG")
    response = api_client.post("/api/gemini/test-prompt", {"promptText": SECRET}, format="json")
    assert response.status_code == 200
    row = ProviderCall.objects.values().get()
    assert row["purpose"] == "test_prompt"
    assert row["latency_ms"] >= 0 and row["input_tokens"] == 11 and row["output_tokens"] == 22
    assert all("zebra-42" not in str(value) for value in row.values())
    assert "zebra-42" not in caplog.text
    assert "test-gemini-key" not in caplog.text
