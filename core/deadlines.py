"""The deadline of the current request: synchronous work that could outlast the server's own
timeout (an AI call and its retries, a wait for the local model) stops at it instead.

`RequestDeadlineMiddleware` sets it for every request (AI_REQUEST_DEADLINE_SECONDS from the
start); work outside a request (a Celery task) has none. A context variable, so it follows the
request into the thread Django runs a sync view in.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_deadline: ContextVar[float | None] = ContextVar("request_deadline", default=None)


def deadline_remaining() -> float | None:
    """Seconds left before the current request's deadline (maybe negative); None without one."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def deadline_seconds() -> float:
    """The deadline every request gets, in seconds (for messages)."""
    return float(settings.AI_REQUEST_DEADLINE_SECONDS)


@contextmanager
def deadline_set(seconds: float) -> Iterator[None]:
    """Work in this block must end within `seconds` (an earlier deadline already set wins)."""
    deadline = time.monotonic() + seconds
    current = _deadline.get()
    token = _deadline.set(deadline if current is None else min(current, deadline))
    try:
        yield
    finally:
        _deadline.reset(token)


class RequestDeadlineMiddleware:
    """Give each request its deadline: AI_REQUEST_DEADLINE_SECONDS from its start."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with deadline_set(deadline_seconds()):
            return self.get_response(request)
