"""The ASGI side of the request-body guard.

Django's ASGI handler reads the whole body into a temporary file before any middleware runs, so
`RequestBodyLimitMiddleware` alone would judge a 10 GB upload only after spooling it to disk. This
wrapper applies the same limits (`core.middleware.body_limit_for`) as the bytes arrive: a declared
Content-Length over the limit is refused unread, and a body without one is cut off as soon as it
passes the limit.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from core.exceptions import PayloadTooLarge, envelope
from core.middleware import body_limit_for

Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or ():
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    error = PayloadTooLarge(
        f"The request body is larger than this route accepts ({limit:,} bytes).",
        details={"limitBytes": limit},
    )
    if str(scope.get("path", "")).startswith("/api/"):
        body = json.dumps(envelope(error.code, error.message_text, error.details)).encode()
        content_type = b"application/json"
    else:
        body = error.message_text.encode()
        content_type = b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestBodyLimitASGI:
    """Refuse an HTTP request body over its route's limit before the application reads it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit_for(str(scope.get("path", "")))
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _refuse(scope, send, limit)
            return
        received = 0
        overflowed = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, overflowed
            if overflowed:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # To the application the client left: Django stops reading and answers nothing.
                    overflowed = True
                    return {"type": "http.disconnect"}
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, tracked_send)
        if overflowed and not started:
            await _refuse(scope, send, limit)
