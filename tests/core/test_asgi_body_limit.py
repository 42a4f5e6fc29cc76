"""Under ASGI too, a body over its route's limit is refused as it arrives, not after spooling.

Django's ASGI handler reads the whole body before any middleware runs; the server's application
(`config.asgi.application`) must stop reading at the limit.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from tests.core.asgi import asgi_call

pytestmark = pytest.mark.django_db(transaction=True)

CHUNK = 64 * 1024
# What a client could send if nothing stopped it: 64 MB, in 64 KB messages.
OFFERED_CHUNKS = 1024


def _call(
    path: str, headers: list[tuple[bytes, bytes]], chunks: int, size: int = CHUNK
) -> tuple[int, Any, int]:
    """POST `chunks` messages of `size` bytes to `path`: (status, JSON body, bytes read)."""
    read = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read >= chunks * size:
            await asyncio.sleep(3600)  # a client that sent everything waits for the answer
        read += size
        return {"type": "http.request", "body": b"a" * size, "more_body": read < chunks * size}

    call = asgi_call("POST", path, receive, [(b"content-type", b"application/json"), *headers])
    status, body = asyncio.run(asyncio.wait_for(call, timeout=60))
    return status, json.loads(body), read


def test_a_body_without_length_is_cut_off_at_the_limit(settings):
    status, body, read = _call("/api/auth/login", [], OFFERED_CHUNKS)
    assert status == 413
    assert body["code"] == "payload_too_large"
    assert body["details"] == {"limitBytes": settings.AUTH_MAX_BODY_BYTES}
    assert read <= settings.AUTH_MAX_BODY_BYTES + CHUNK


def test_a_declared_length_over_the_limit_is_refused_unread(settings):
    declared = [(b"content-length", str(OFFERED_CHUNKS * CHUNK).encode())]
    status, body, read = _call("/api/prompts", declared, OFFERED_CHUNKS)
    assert (status, body["code"], read) == (413, "payload_too_large", 0)
    assert body["details"] == {"limitBytes": settings.REQUEST_MAX_BODY_BYTES}


def test_a_body_within_the_limit_reaches_the_view():
    status, body, read = _call("/api/auth/login", [(b"content-length", b"4096")], 1, size=4096)
    # 4 KB of "a" is no JSON: the parser read it and said so.
    assert (status, body["code"], read) == (400, "parse_error", 4096)
