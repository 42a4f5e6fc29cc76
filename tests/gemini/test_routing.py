"""Which provider serves a model, and the defaults."""

import pytest

from gemini import routing
from models_catalog.models import AIModel

# The models catalogue answers first, so routing reads the database; these rules apply to names
# the catalogue does not list.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "provider"),
    [
        ("gemini-2.5-flash", "gemini"),
        ("gemini-embedding-001", "gemini"),
        ("imagen-3.0-generate-002", "gemini"),
        ("gpt-4o-mini", "openai"),
        ("o3-mini", "openai"),
        ("text-embedding-3-small", "openai"),
        ("claude-haiku-4-5", "anthropic"),
        ("smollm2-135m-instruct", "local"),
        ("all-MiniLM-L6-v2", "local"),
    ],
)
def test_models_route_by_name(model, provider):
    assert routing.provider_for_model(model) == provider


def test_settings_route_other_names(settings):
    settings.LLM_MODEL_PROVIDERS = {"llama3.2": "openai"}
    assert routing.provider_for_model("llama3.2") == "openai"


def test_unknown_names_go_to_the_default_provider(settings):
    settings.LLM_PROVIDER = "openai"
    assert routing.provider_for_model("mistral-small") == "openai"


def test_default_is_the_first_provider_with_a_key(settings):
    assert routing.default_provider_name() == "local"
    settings.ANTHROPIC_API_KEY = "k"
    assert routing.default_provider_name() == "anthropic"
    settings.OPENAI_API_KEY = "k"
    assert routing.default_provider_name() == "openai"
    settings.LLM_PROVIDER = "anthropic"
    assert routing.default_provider_name() == "anthropic"


def test_the_catalogue_wins_over_name_prefixes_and_settings(settings):
    settings.LLM_MODEL_PROVIDERS = {"gpt-house": "openai"}
    AIModel.objects.create(name="gpt-house", provider="anthropic", kind="text", is_active=False)
    assert routing.provider_for_model("gpt-house") == "anthropic"
    assert routing.provider_for_model("gpt-4o") == "openai"


def test_route_without_a_model_uses_the_default_providers_default_model(settings):
    settings.GEMINI_API_KEY = "k"
    provider, model = routing.route(None)
    assert (provider.name, model) == ("gemini", "gemini-2.5-flash")


def test_local_embeddings_are_the_sentence_transformers_model():
    from gemini.providers import embedder_get

    embedder = embedder_get("local")
    assert (embedder.name, embedder.default_model()) == ("local", "all-MiniLM-L6-v2")
