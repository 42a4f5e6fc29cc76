"""The one seam between the engine and the rest of the product: gemini, documents and prompts.

`services_for(user)` gives the engine its model and document index. With the setting
`WORKFLOW_PROVIDER=fake` (tests and benchmarks only; never the default, ignored unless
DJANGO_ENV=test) it
gives `FakeServices`, scripted through the prompt text and counting its calls in Redis so a test
can see what a separate worker process did.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Collection, Iterable
from typing import Any, Final

from django.conf import settings
from django_redis import get_redis_connection  # type: ignore[import-untyped]

from core.exceptions import ApplicationError
from workflows.engine.ports import (
    Generation,
    GenerationRequest,
    LinkedPrompt,
    Services,
    TaskFailed,
)

FAKE_CALLS_KEY: Final = "workflows:fake:calls"
FAKE_REQUESTS_KEY: Final = "workflows:fake:requests"


class GatewayServices:
    """The real thing: `gemini.services.text_generate` and `documents.services.document_search`."""

    def __init__(self, user: Any) -> None:
        self.user = user

    def generate(self, request: GenerationRequest) -> Generation:
        from gemini.services import ImageInput, text_generate

        try:
            result = text_generate(
                user=self.user,
                prompt=request.prompt,
                system_instruction=request.system_instruction,
                model=request.model,
                parameters=dict(request.parameters),
                images=[ImageInput(mime_type=i.mime_type, data=i.data) for i in request.images],
                grounded=request.grounded,
                purpose="workflow_task",
            )
        except ApplicationError as exc:
            raise TaskFailed(
                f"{exc.code}: {exc.message_text}", retryable=bool(getattr(exc, "retryable", False))
            ) from exc
        sources = [{"title": s.title, "uri": s.uri} for s in result.sources]
        return Generation(text=result.text, sources=sources)

    def documents_search(self, *, query: str, top_k: int) -> list[dict[str, Any]]:
        from documents.services import document_search

        try:
            hits = document_search(owner=self.user, query=query, top_k=top_k)
        except ApplicationError as exc:
            raise TaskFailed(
                f"{exc.code}: {exc.message_text}", retryable=bool(getattr(exc, "retryable", False))
            ) from exc
        return [
            {
                "chunkId": str(hit.chunk_id),
                "documentId": str(hit.document_id),
                "fileName": hit.file_name,
                "chunkIndex": hit.chunk_index,
                "text": hit.text,
                "score": hit.score,
            }
            for hit in hits
        ]


class FakeServices:
    """An instant, scripted provider for tests. Markers in the prompt text:

    `[[fail]]` a permanent error; `[[retryable:N]]` a retryable error on the first N calls of that
    prompt; `[[sleep:S]]` answer after S seconds; `[[sleep-once:S]]` only the first call sleeps.
    The answer is `fake: <prompt>`; every call is counted and recorded in Redis.
    """

    def __init__(self, user: Any) -> None:
        self.user = user

    def generate(self, request: GenerationRequest) -> Generation:
        redis = get_redis_connection("default")
        redis.incr(FAKE_CALLS_KEY)
        record = {
            "prompt": request.prompt,
            "systemInstruction": request.system_instruction,
            "model": request.model,
            "parameters": dict(request.parameters),
            "images": [i.mime_type for i in request.images],
            "grounded": request.grounded,
        }
        redis.rpush(FAKE_REQUESTS_KEY, json.dumps(record))
        prompt = request.prompt
        digest = hashlib.sha256(prompt.encode()).hexdigest()[:16]
        if "[[fail]]" in prompt:
            raise TaskFailed("provider_error: the fake provider failed as scripted")
        if "[[retryable:" in prompt:
            allowed = int(prompt.split("[[retryable:", 1)[1].split("]]", 1)[0])
            if redis.incr(f"workflows:fake:retryable:{digest}") <= allowed:
                raise TaskFailed("provider_timeout: scripted transient failure", retryable=True)
        if "[[sleep:" in prompt:
            time.sleep(float(prompt.split("[[sleep:", 1)[1].split("]]", 1)[0]))
        if "[[sleep-once:" in prompt and redis.set(f"workflows:fake:slept:{digest}", 1, nx=True):
            time.sleep(float(prompt.split("[[sleep-once:", 1)[1].split("]]", 1)[0]))
        sources = [{"title": "Fake source", "uri": "https://example.com/fake"}]
        return Generation(text=f"fake: {prompt}", sources=sources if request.grounded else [])

    def documents_search(self, *, query: str, top_k: int) -> list[dict[str, Any]]:
        get_redis_connection("default").incr(FAKE_CALLS_KEY)
        return [
            {
                "fileName": "fake.txt",
                "chunkIndex": i,
                "text": f"{query} #{i}",
                "score": 1.0 / (i + 1),
            }
            for i in range(min(top_k, 2))
        ]


def services_for(user: Any) -> Services:
    """The engine's services for `user` (the gateway unless WORKFLOW_PROVIDER=fake)."""
    if settings.WORKFLOW_PROVIDER == "fake":
        return FakeServices(user)
    return GatewayServices(user)


def fake_calls_count() -> int:
    """How many calls FakeServices received (in any process) since the last reset."""
    return int(get_redis_connection("default").get(FAKE_CALLS_KEY) or 0)


def fake_requests() -> list[dict[str, Any]]:
    """The requests FakeServices received, oldest first."""
    return [json.loads(r) for r in get_redis_connection("default").lrange(FAKE_REQUESTS_KEY, 0, -1)]


def fake_reset() -> None:
    """Forget the fake provider's calls and scripted state."""
    redis = get_redis_connection("default")
    keys = list(redis.scan_iter("workflows:fake:*"))
    if keys:
        redis.delete(*keys)


def linked_prompts_load(*, owner: Any, prompt_ids: Iterable[str]) -> dict[str, LinkedPrompt]:
    """The owner's prompts among `prompt_ids`, in one query, as the engine runs them."""
    from prompts.models import Prompt
    from prompts.rendering import prompt_system_instruction

    ids = sorted({str(i) for i in prompt_ids})
    if not ids:
        return {}
    rows = Prompt.objects.owned_by(owner).filter(pk__in=ids).only("id", "body", "metadata")
    return {
        str(p.pk): LinkedPrompt(
            text=p.body, system_instruction=prompt_system_instruction(p.sfl_tenor, p.sfl_mode)
        )
        for p in rows
    }


def owned_prompt_ids(*, owner: Any, prompt_ids: Collection[str]) -> set[str]:
    """Which of `prompt_ids` are the owner's prompts (one query)."""
    from prompts.models import Prompt

    rows = Prompt.objects.owned_by(owner).filter(pk__in=list(prompt_ids))
    return {str(pk) for pk in rows.values_list("pk", flat=True)}
