"""POST /api/prompts/{id}/test: the prompt goes through the real SDK to the fake provider."""

import pytest

from gemini.models import ProviderCall
from prompts.models import Prompt
from tests.prompts.factories import PromptFactory

pytestmark = pytest.mark.django_db


def _prompt(user):
    return PromptFactory(
        owner=user,
        prompt_text="Explain {{ topic }} to {{audience}} in {{ topic }} terms. Keep {{missing}}.",
    )


def test_test_substitutes_variables_sends_tenor_and_mode_and_stores_last_test(
    api_client, user, gemini_llm
):
    prompt = _prompt(user)
    version_before = prompt.version
    gemini_llm.reply("Recursion is a function calling itself.", input_tokens=12, output_tokens=7)

    response = api_client.post(
        f"/api/prompts/{prompt.pk}/test",
        {"variables": {"topic": "recursion", "audience": ""}, "parameters": {"temperature": 0.2}},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["response"] == "Recursion is a function calling itself."
    assert body["error"] is None
    assert body["model"] == "gemini-2.5-flash"
    assert isinstance(body["latencyMs"], int)
    sent = gemini_llm.last.body
    assert sent["contents"][0]["parts"][0]["text"] == (
        "Explain recursion to  in recursion terms. Keep {{missing}}."
    )
    instruction = sent["systemInstruction"]["parts"][0]["text"]
    assert "You will act as a Teacher/Tutor." in instruction
    assert "Your tone should be Empathetic." in instruction
    assert "You are writing for Beginners." in instruction
    assert "Format the answer as Markdown" in instruction
    assert sent["generationConfig"]["temperature"] == 0.2

    detail = api_client.get(f"/api/prompts/{prompt.pk}").json()
    assert detail["lastTest"]["response"] == "Recursion is a function calling itself."
    assert detail["version"] == version_before, "a test run is not a content change"
    call = ProviderCall.objects.get()
    assert call.purpose == "prompt_test"
    assert call.status == "ok"


def test_provider_failure_is_returned_and_remembered_as_the_last_test(api_client, user, gemini_llm):
    prompt = _prompt(user)
    gemini_llm.fail(429, headers={"Retry-After": "7"})

    response = api_client.post(f"/api/prompts/{prompt.pk}/test", {}, format="json")

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert response["Retry-After"] == "7"
    last_test = Prompt.objects.get(pk=prompt.pk).last_test
    assert last_test is not None
    assert last_test["response"] is None
    assert last_test["error"]


def test_out_of_range_parameters_are_a_400_and_nothing_is_recorded(api_client, user, gemini_llm):
    prompt = _prompt(user)
    response = api_client.post(
        f"/api/prompts/{prompt.pk}/test", {"parameters": {"topP": 3}}, format="json"
    )
    assert response.status_code == 400
    assert "parameters.topP" in response.json()["details"]["fields"]
    assert Prompt.objects.get(pk=prompt.pk).last_test is None
    assert gemini_llm.requests == []


def test_no_provider_configured_is_503(api_client, user):
    prompt = _prompt(user)
    response = api_client.post(f"/api/prompts/{prompt.pk}/test", {}, format="json")
    assert response.status_code == 503
    assert response.json()["code"] == "provider_not_configured"


def test_another_users_prompt_cannot_be_tested(other_client, user, gemini_llm):
    prompt = _prompt(user)
    response = other_client.post(f"/api/prompts/{prompt.pk}/test", {}, format="json")
    assert response.status_code == 404
    assert gemini_llm.requests == []
