"""Errors of the AI gateway: every provider SDK exception is translated into one of these, once.

`retryable` says whether the same call may succeed later (a queue may try again); the gateway's own
immediate retry applies only to `ProviderError`s that are retryable (5xx, network).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import status as http

from core.exceptions import ApplicationError


class GatewayError(ApplicationError):
    """Base of the gateway's errors."""

    retryable: bool = False

    def __init__(
        self,
        message: str | None = None,
        *,
        details: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        retryable: bool | None = None,
    ) -> None:
        super().__init__(message, details=details, headers=headers)
        if retryable is not None:
            self.retryable = retryable


class ProviderTimeout(GatewayError):
    """The provider did not answer within LLM_TIMEOUT_SECONDS."""

    code = "provider_timeout"
    status = http.HTTP_504_GATEWAY_TIMEOUT
    message = "The AI provider did not answer in time."
    retryable = True


class ProviderRateLimited(GatewayError):
    """The provider refused the call for its own rate limit or quota."""

    code = "rate_limited"
    status = http.HTTP_429_TOO_MANY_REQUESTS
    message = "The AI provider is rate limiting requests; try again later."
    retryable = True

    def __init__(self, message: str | None = None, *, retry_after: int | None = None) -> None:
        seconds = max(1, int(retry_after)) if retry_after else 30
        super().__init__(
            message,
            details={"retryAfter": seconds},
            headers={"Retry-After": str(seconds)},
        )
        self.retry_after = seconds


class ProviderNotConfigured(GatewayError):
    """No usable provider: a key is missing or rejected, or the local model is unavailable."""

    code = "provider_not_configured"
    status = http.HTTP_503_SERVICE_UNAVAILABLE
    message = "No AI provider is configured; set GEMINI_API_KEY (or another provider's key)."


class ProviderError(GatewayError):
    """The provider failed (5xx, network, an unexpected answer)."""

    code = "provider_error"
    status = http.HTTP_502_BAD_GATEWAY
    message = "The AI provider failed to answer."


class AIOutputInvalid(GatewayError):
    """The model's answer could not be turned into the requested structure."""

    code = "ai_output_invalid"
    status = http.HTTP_502_BAD_GATEWAY
    message = "The AI returned output that does not match the expected structure."
