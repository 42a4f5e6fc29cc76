"""Reading server-sent events in tests: from a real server (httpx2) or Django's async client."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Event:
    """One SSE event: its name, id (None when it had none) and JSON data."""

    name: str
    id: str | None
    data: dict[str, Any]


def events_parse(text: str) -> list[Event]:
    """Every event in `text` (comment-only blocks such as keep-alives are skipped)."""
    events = []
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        for line in block.splitlines():
            if not line or line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")
        if "event" in fields:
            events.append(Event(fields["event"], fields.get("id"), json.loads(fields["data"])))
    return events


async def events_read(chunks: AsyncIterator[bytes], count: int) -> list[Event]:
    """Read chunks until `count` events have arrived (or the stream ends)."""
    buffer = ""
    while True:
        complete, _, _ = buffer.rpartition("\n\n")
        events = events_parse(complete)
        if len(events) >= count:
            return events[:count]
        try:
            chunk = await anext(chunks)
        except StopAsyncIteration:
            return events_parse(buffer)
        buffer += chunk.decode()
