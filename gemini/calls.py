"""One provider call under the gateway's retry policy, every attempt written to the usage log.

Text, JSON and embedding calls all go through `call_with_retries`: the one place that decides what
is retried, records a `ProviderCall` row per attempt (never the prompt text) and logs it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings

from core.deadlines import deadline_remaining, deadline_seconds
from gemini.exceptions import GatewayError, ProviderError, ProviderNotConfigured, ProviderTimeout
from gemini.models import ProviderCall
from gemini.providers.base import Embedder, Provider, elapsed_ms

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

logger = logging.getLogger(__name__)

ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class Usage:
    """What one successful call cost, as the provider reported it."""

    model: str
    input_tokens: int = 0
    output_tokens: int = 0


def provider_call_record(
    *,
    user: AbstractBaseUser | None,
    provider: str,
    model: str,
    purpose: str,
    latency_ms: int,
    usage: Usage | None = None,
    error_code: str = "",
) -> ProviderCall:
    """Write one attempt to the usage log."""
    user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    return ProviderCall.objects.create(
        user_id=user_id,
        provider=provider,
        model=(usage.model if usage is not None and usage.model else model)[:200],
        purpose=purpose[:100],
        input_tokens=usage.input_tokens if usage else 0,
        output_tokens=usage.output_tokens if usage else 0,
        latency_ms=latency_ms,
        status=ProviderCall.Status.ERROR if error_code else ProviderCall.Status.OK,
        error_code=error_code,
    )


def provider_call_mark_invalid(row: ProviderCall, code: str) -> None:
    """A call that answered, but with output the gateway could not use."""
    ProviderCall.objects.filter(pk=row.pk).update(status=ProviderCall.Status.ERROR, error_code=code)


def deadline_exceeded() -> ProviderTimeout:
    """The 504 of an AI call stopped by the request's deadline."""
    seconds = deadline_seconds()
    return ProviderTimeout(
        f"The AI call could not finish within this request's {seconds:g}-second deadline "
        "(AI_REQUEST_DEADLINE_SECONDS); try again in a moment, or run it as part of a workflow, "
        "which has no such deadline.",
        details={"deadlineSeconds": seconds},
    )


def _deadline_check(backend: Provider | Embedder, *, after: float = 0.0) -> None:
    """504 when the request's deadline leaves no room for one more call (after `after` seconds).

    A remote call may take LLM_TIMEOUT_SECONDS, so it starts only with that much left; a provider
    that stops at the deadline itself (the local model) needs only some time left.
    """
    remaining = deadline_remaining()
    if remaining is None:
        return
    stops_itself = bool(getattr(backend, "stops_at_deadline", False))
    needed = after + (0.0 if stops_itself else float(settings.LLM_TIMEOUT_SECONDS))
    if remaining <= needed:
        raise deadline_exceeded()


def _retry_or_raise(
    exc: GatewayError, attempt: int, attempts: int, backend: Provider | Embedder
) -> None:
    # Only transient provider failures are retried at once: a 429 must not be hammered and a
    # timeout has already cost the whole time budget.
    if isinstance(exc, ProviderError) and exc.retryable and attempt < attempts:
        backoff = float(settings.LLM_RETRY_BACKOFF_SECONDS) * 2 ** (attempt - 1)
        _deadline_check(backend, after=backoff)
        time.sleep(backoff)
        return
    raise exc


def call_with_retries(
    *,
    user: AbstractBaseUser | None,
    backend: Provider | Embedder,
    model: str,
    purpose: str,
    call: Callable[[], ResultT],
    usage: Callable[[ResultT], Usage],
) -> tuple[ResultT, ProviderCall]:
    """Run `call` (one request to `backend`) under the retry policy, recording every attempt."""

    def record(latency_ms: int, *, cost: Usage | None = None, error_code: str = "") -> ProviderCall:
        return provider_call_record(
            user=user,
            provider=backend.name,
            model=model,
            purpose=purpose,
            latency_ms=latency_ms,
            usage=cost,
            error_code=error_code,
        )

    if not backend.is_configured():
        record(0, error_code=ProviderNotConfigured.code)
        raise ProviderNotConfigured(backend.not_configured_message())
    fields = {"provider": backend.name, "model": model, "purpose": purpose}
    attempts = 1 + max(0, int(settings.LLM_MAX_RETRIES))
    for attempt in range(1, attempts + 1):
        _deadline_check(backend)
        started = time.monotonic()
        try:
            result = call()
        except GatewayError as exc:
            record(elapsed_ms(started), error_code=exc.code)
            logger.warning(
                "provider call failed", extra={**fields, "code": exc.code, "attempt": attempt}
            )
            _retry_or_raise(exc, attempt, attempts, backend)
            continue
        cost = usage(result)
        row = record(elapsed_ms(started), cost=cost)
        logger.info(
            "provider call",
            extra={
                **fields,
                "model": row.model,
                "input_tokens": cost.input_tokens,
                "output_tokens": cost.output_tokens,
                "latency_ms": row.latency_ms,
            },
        )
        return result, row
    raise AssertionError("unreachable")  # pragma: no cover
