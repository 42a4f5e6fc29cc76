"""Reads of the gateway: which providers exist, whether each is usable, which is the default."""

from __future__ import annotations

from typing import Any

from gemini.providers import provider_get, provider_names
from gemini.routing import default_provider_name

LOCAL_DESCRIPTION = (
    "Low-quality offline model running on this server's CPU; set a provider key for real results."
)


def providers_list() -> list[dict[str, Any]]:
    """Every provider, whether it is usable and its default model (never a key)."""
    default = default_provider_name()
    out: list[dict[str, Any]] = []
    for name in provider_names():
        provider = provider_get(name)
        out.append(
            {
                "provider": name,
                "configured": provider.is_configured(),
                "defaultModel": provider.default_model(),
                "isDefault": name == default,
                "description": LOCAL_DESCRIPTION if name == "local" else "",
            }
        )
    return out
