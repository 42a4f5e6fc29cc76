"""Under ASGI, sync views still run in parallel: each request gets a thread of its own.

Django's ASGI handler gives every request its own ThreadSensitiveContext, so the sync views of
concurrent requests do not queue behind each other in one thread.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from tests.core import urls_barrier
from tests.core.asgi import asgi_call

pytestmark = [pytest.mark.urls("tests.core.urls_barrier"), pytest.mark.django_db]


async def _get(path: str) -> tuple[int, Any]:
    requested = False

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if requested:
            await asyncio.sleep(3600)  # the client stays until it has its answer
        requested = True
        return {"type": "http.request", "body": b"", "more_body": False}

    status, body = await asgi_call("GET", path, receive)
    return status, json.loads(body) if status == 200 else body


def test_concurrent_sync_views_each_run_in_a_thread_of_their_own():
    urls_barrier.BARRIER.reset()

    async def scenario() -> list[tuple[int, Any]]:
        requests = (_get("/barrier") for _ in range(urls_barrier.PARALLEL))
        return await asyncio.wait_for(asyncio.gather(*requests), timeout=60)

    answers = asyncio.run(scenario())
    assert [status for status, _ in answers] == [200] * urls_barrier.PARALLEL
    assert len({body["thread"] for _, body in answers}) == urls_barrier.PARALLEL
