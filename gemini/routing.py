"""Which provider serves a model, and which provider and model are the defaults.

The models catalogue answers first (routing by catalogue is the gateway's job, so gemini reads
`models_catalog` directly); for names it does not list, settings (`LLM_MODEL_PROVIDERS`) and the
providers' well-known name prefixes decide.
"""

from __future__ import annotations

import re

from django.conf import settings

from gemini.providers import Provider, provider_get, provider_names
from models_catalog.selectors import ai_model_provider

_PREFIX_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(models/)?(gemini|gemma|imagen|embedding-|text-embedding-0)"), "gemini"),
    (re.compile(r"^(gpt-|chatgpt-|o\d|text-embedding-3|text-embedding-ada|dall-e)"), "openai"),
    (re.compile(r"^claude-"), "anthropic"),
    (re.compile(r"^(sentence-transformers/)?all-minilm", re.IGNORECASE), "local"),
)


def default_provider_name() -> str:
    """LLM_PROVIDER when set, else the first provider with a key, else the local model."""
    if settings.LLM_PROVIDER:
        return str(settings.LLM_PROVIDER).strip().lower()
    for name in provider_names():
        if name != "local" and provider_get(name).is_configured():
            return name
    return "local"


def provider_for_model(name: str) -> str:
    """The provider that serves the model called `name`."""
    model = name.strip()
    catalogued = ai_model_provider(model)
    if catalogued:
        return catalogued
    routes: dict[str, str] = dict(settings.LLM_MODEL_PROVIDERS or {})
    if model in routes:
        return routes[model].strip().lower()
    if model in {settings.LOCAL_LLM_MODEL, "local"}:
        return "local"
    for pattern, provider in _PREFIX_RULES:
        if pattern.match(model):
            return provider
    # An unknown name goes to the default provider (e.g. an Ollama model behind OPENAI_BASE_URL).
    return default_provider_name()


def route(model: str | None) -> tuple[Provider, str]:
    """The provider and model name for a request's optional `model`."""
    if model and model.strip() and model.strip() != "local":
        return provider_get(provider_for_model(model)), model.strip()
    provider = provider_get("local" if model == "local" else default_provider_name())
    return provider, provider.default_model()
