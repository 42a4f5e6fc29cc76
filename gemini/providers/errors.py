"""HTTP outcomes of any provider mapped onto the gateway's errors (one table for all SDKs)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from gemini.exceptions import (
    GatewayError,
    ProviderError,
    ProviderNotConfigured,
    ProviderRateLimited,
    ProviderTimeout,
)

_SECONDS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*s?\s*$")


def retry_after_seconds(headers: Mapping[str, str] | None, body: Any = None) -> int | None:
    """Seconds to wait from `Retry-After` or a Google `RetryInfo.retryDelay` ("30s")."""
    if headers:
        for name in ("retry-after", "Retry-After"):
            value = headers.get(name)
            if value and _SECONDS.match(value):
                return max(1, round(float(_SECONDS.match(value).group(1))))  # type: ignore[union-attr]
    details = body.get("error", {}).get("details", []) if isinstance(body, Mapping) else []
    for item in details if isinstance(details, list) else []:
        delay = item.get("retryDelay") if isinstance(item, Mapping) else None
        match = _SECONDS.match(str(delay)) if delay else None
        if match:
            return max(1, round(float(match.group(1))))
    return None


def error_for_status(
    status: int,
    *,
    label: str,
    key_setting: str,
    retry_after: int | None = None,
) -> GatewayError:
    """The gateway error for a provider's HTTP error status."""
    if status in (401, 403):
        return ProviderNotConfigured(f"{key_setting} was rejected by {label}; set a valid key.")
    if status == 429:
        return ProviderRateLimited(
            f"{label} is rate limiting requests; try again later.", retry_after=retry_after
        )
    if status == 408:
        return ProviderTimeout(f"{label} did not answer in time.")
    if status >= 500:
        return ProviderError(
            f"{label} failed to answer (HTTP {status}).",
            details={"providerStatus": status},
            retryable=True,
        )
    if status == 404:
        return ProviderError(
            f"{label} does not know the requested model.",
            details={"providerStatus": status},
        )
    return ProviderError(
        f"{label} refused the request (HTTP {status}).", details={"providerStatus": status}
    )


def timeout_error(label: str, seconds: float) -> ProviderTimeout:
    """The provider did not answer in `seconds`."""
    return ProviderTimeout(f"{label} did not answer within {seconds:g} seconds.")


def network_error(label: str) -> ProviderError:
    """The provider could not be reached."""
    return ProviderError(f"{label} could not be reached.", retryable=True)


def stainless_error(exc: Exception, sdk: Any, *, label: str, key_setting: str) -> GatewayError:
    """An `openai`/`anthropic` SDK exception as a gateway error (both SDKs share one hierarchy)."""
    if isinstance(exc, sdk.APITimeoutError):
        return timeout_error(label, float(settings.LLM_TIMEOUT_SECONDS))
    if isinstance(exc, sdk.APIStatusError):
        return error_for_status(
            exc.status_code,
            label=label,
            key_setting=key_setting,
            retry_after=retry_after_seconds(dict(exc.response.headers), exc.body),
        )
    if isinstance(exc, sdk.APIConnectionError):
        return network_error(label)
    return ProviderError(f"{label} returned an answer that could not be read.")
