"""Fakes of the engine's ports, for the pure engine's tests (the engine imports no Django)."""

from __future__ import annotations

from typing import Any

from workflows.engine.ports import Generation, GenerationRequest, TaskFailed


class Services:
    def __init__(self, fail: dict[str, int] | None = None, retryable: bool = False) -> None:
        self.requests: list[GenerationRequest] = []
        self.searches: list[tuple[str, int]] = []
        self.fail = dict(fail or {})
        self.retryable = retryable

    def generate(self, request: GenerationRequest) -> Generation:
        self.requests.append(request)
        for marker, remaining in self.fail.items():
            if marker in request.prompt and remaining:
                self.fail[marker] -= 1
                raise TaskFailed(f"failed on {marker}", retryable=self.retryable)
        sources = [{"title": "S", "uri": "https://s"}] if request.grounded else []
        return Generation(text=f"<{request.prompt}>", sources=sources)

    def documents_search(self, *, query: str, top_k: int) -> list[dict[str, Any]]:
        self.searches.append((query, top_k))
        return [{"fileName": "a.txt", "text": f"about {query}", "score": 0.9}]


class Hooks:
    def __init__(self, stop_after: int | None = None) -> None:
        self.events: list[tuple[str, str]] = []
        self.stop_after = stop_after

    def checkpoint(self, *, store, states, event) -> bool:
        self.events.append((event.type, event.task_id))
        return self.stop_after is None or len(self.events) < self.stop_after
