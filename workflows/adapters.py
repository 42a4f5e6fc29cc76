"""The engine's ports implemented by the rest of the product: the AI gateway, documents, prompts.

The only module of workflows that calls into those apps for a run; tests replace nothing here but
the LLM behind the gateway (a fake provider on loopback, reached through the real SDK).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

from core.exceptions import ApplicationError
from documents.services import document_search
from gemini.instructions import DATA_RULE, fence
from gemini.services import ImageInput, text_generate
from prompts.models import Prompt
from prompts.rendering import prompt_system_instruction
from workflows.engine.ports import (
    DataFence,
    Generation,
    GenerationRequest,
    LinkedPrompt,
    TaskFailed,
)

if TYPE_CHECKING:
    from accounts.models import User


def _fence_whole(label: str, text: str) -> str:
    # Never cut: the rendering budget (WORKFLOW_MAX_RENDERED_CHARS) bounds a prompt's size.
    return fence(label, text, limit=len(text))


# The gateway's data fence, for the values a workflow puts into its prompts.
DATA_FENCE = DataFence(fence=_fence_whole, rule=DATA_RULE)


def _task_failed(exc: ApplicationError) -> TaskFailed:
    return TaskFailed(
        f"{exc.code}: {exc.message_text}", retryable=bool(getattr(exc, "retryable", False))
    )


class GatewayServices:
    """The engine's `Services` for one user: `text_generate` and `document_search`."""

    def __init__(self, user: User) -> None:
        self.user = user

    def generate(self, request: GenerationRequest) -> Generation:
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
            raise _task_failed(exc) from exc
        sources = [{"title": s.title, "uri": s.uri} for s in result.sources]
        return Generation(text=result.text, sources=sources)

    def documents_search(self, *, query: str, top_k: int) -> list[dict[str, Any]]:
        try:
            hits = document_search(owner=self.user, query=query, top_k=top_k)
        except ApplicationError as exc:
            raise _task_failed(exc) from exc
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


def linked_prompts_load(*, owner: User, prompt_ids: Iterable[str]) -> dict[str, LinkedPrompt]:
    """The owner's prompts among `prompt_ids`, in one query, as the engine runs them."""
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


def owned_prompt_ids(*, owner: User, prompt_ids: Collection[str]) -> set[str]:
    """Which of `prompt_ids` are the owner's prompts (one query)."""
    rows = Prompt.objects.owned_by(owner).filter(pk__in=list(prompt_ids))
    return {str(pk) for pk in rows.values_list("pk", flat=True)}
