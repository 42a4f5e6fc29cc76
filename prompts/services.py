"""Writes to the prompt library: every change is versioned and invalidates the cache on commit."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError, NotFound, ValidationFailed
from core.placeholders import placeholders_fill
from gemini.services import text_generate
from prompts.cache import prompt_cache_delete_on_commit
from prompts.models import Prompt, PromptVersion
from prompts.rendering import prompt_system_instruction

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


class LastTestResult(TypedDict, total=False):
    """What the AI gateway reports about one test run of a prompt."""

    response: str | None
    error: str | None
    model: str | None
    tested_at: datetime | str
    latency_ms: int | None


@dataclass
class PromptImportReport:
    """Counts and per-item errors of one import."""

    created: int = 0
    updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def _locked(prompt: Prompt) -> Prompt:
    # Two concurrent writers would both compute version n+1; the row lock serialises them.
    return Prompt.objects.select_for_update().get(pk=prompt.pk)


def prompt_create(*, owner: User, data: Mapping[str, Any]) -> Prompt:
    """Create a prompt (version 1) from validated input and record its first version row."""
    prompt = Prompt(owner=owner, title="", body="")
    prompt.apply_changes(data)
    with transaction.atomic():
        prompt.save()
        prompt.snapshot().save()
    logger.info("prompt created", extra={"prompt_id": str(prompt.pk)})
    return prompt


def _versions_prune(prompt: Prompt) -> None:
    """Keep at most PROMPT_MAX_VERSIONS version rows: the oldest go, except version 1.

    There is no pinning of versions; the original (version 1) is kept as the one fixed point of the
    history, the current one and the newest others fill the rest. A pruned version can no longer be
    restored (404). Runs under the prompt's row lock, so concurrent writers prune in turn.
    """
    keep = max(settings.PROMPT_MAX_VERSIONS, 2)
    newest = (
        PromptVersion.objects.filter(prompt=prompt)
        .exclude(version=1)
        .order_by("-version")
        .values_list("version", flat=True)[: keep - 1]
    )
    kept = list(newest)
    if len(kept) < keep - 1:
        return
    PromptVersion.objects.filter(prompt=prompt, version__gt=1, version__lt=min(kept)).delete()


def prompt_update(*, prompt: Prompt, data: Mapping[str, Any]) -> Prompt:
    """Merge validated, possibly partial input; a real change becomes a new version."""
    with transaction.atomic():
        prompt = _locked(prompt)
        if not prompt.apply_changes(data):
            return prompt
        version = prompt.next_version()
        prompt.save()
        version.save()
        _versions_prune(prompt)
        prompt_cache_delete_on_commit(prompt_id=prompt.pk)
    logger.info("prompt updated", extra={"prompt_id": str(prompt.pk), "version": prompt.version})
    return prompt


def prompt_delete(*, prompt: Prompt) -> None:
    """Delete a prompt and its history."""
    prompt_id = prompt.pk
    with transaction.atomic():
        prompt.delete()
        prompt_cache_delete_on_commit(prompt_id=prompt_id)
    logger.info("prompt deleted", extra={"prompt_id": str(prompt_id)})


def prompt_version_restore(*, prompt: Prompt, version: int) -> Prompt:
    """Make an older version's content current again, as a new version (history is kept)."""
    with transaction.atomic():
        prompt = _locked(prompt)
        old = PromptVersion.objects.filter(prompt=prompt, version=version).first()
        if old is None:
            raise NotFound("This prompt has no such version.")
        prompt.restore_from(old)
        new_version = prompt.next_version()
        prompt.save()
        new_version.save()
        _versions_prune(prompt)
        prompt_cache_delete_on_commit(prompt_id=prompt.pk)
    logger.info(
        "prompt version restored",
        extra={"prompt_id": str(prompt.pk), "from_version": version, "version": prompt.version},
    )
    return prompt


def prompt_last_test_record(*, prompt: Prompt, result: LastTestResult) -> Prompt:
    """Store the outcome of a test run as `lastTest`; not a content change, so no new version."""
    tested_at = result.get("tested_at") or timezone.now()
    prompt.last_test = {
        "response": result.get("response"),
        "error": result.get("error"),
        "model": result.get("model"),
        "tested_at": tested_at.isoformat() if isinstance(tested_at, datetime) else tested_at,
        "latency_ms": result.get("latency_ms"),
    }
    with transaction.atomic():
        # `updated_at` is left alone too: the prompt's content did not change.
        Prompt.objects.filter(pk=prompt.pk).update(last_test=prompt.last_test)
        prompt_cache_delete_on_commit(prompt_id=prompt.pk)
    return prompt


def prompt_test_run(
    *,
    prompt: Prompt,
    user: User,
    variables: Mapping[str, str],
    model: str | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> Prompt:
    """Send the prompt, variables filled in and Tenor/Mode as system instruction; keep `lastTest`.

    A provider failure is stored as the test's error and then raised, so the client sees the
    gateway's status (429, 502, 504...) and the prompt remembers what happened.
    """
    try:
        result = text_generate(
            user=user,
            prompt=placeholders_fill(prompt.body, variables),
            system_instruction=prompt_system_instruction(prompt.sfl_tenor, prompt.sfl_mode) or None,
            model=model or None,
            parameters=parameters,
            purpose="prompt_test",
        )
    except ValidationFailed:
        raise  # the request itself was wrong (e.g. parameters out of range): nothing was tested
    except ApplicationError as exc:
        prompt_last_test_record(
            prompt=prompt,
            result={"response": None, "error": exc.message_text, "model": model or None},
        )
        logger.info("prompt test failed", extra={"prompt_id": str(prompt.pk), "code": exc.code})
        raise
    logger.info("prompt tested", extra={"prompt_id": str(prompt.pk), "model": result.model})
    return prompt_last_test_record(
        prompt=prompt,
        result={
            "response": result.text,
            "error": None,
            "model": result.model,
            "latency_ms": result.latency_ms,
        },
    )


def prompt_import(
    *,
    owner: User,
    items: Sequence[Mapping[str, Any]],
    rejected: Sequence[Mapping[str, Any]] = (),
) -> PromptImportReport:
    """Save every validated item (an own id updates, any other id creates); report `rejected`.

    `rejected` are the `{index, message}` of the items that failed validation.
    """
    report = PromptImportReport(errors=[dict(error) for error in rejected])
    for item in items:
        data = dict(item)
        prompt_id: uuid.UUID | None = data.pop("id", None)
        existing = (
            Prompt.objects.owned_by(owner).filter(pk=prompt_id).first() if prompt_id else None
        )
        if existing is not None:
            prompt_update(prompt=existing, data=data)
            report.updated += 1
        else:
            prompt_create(owner=owner, data=data)
            report.created += 1
    logger.info(
        "prompts imported",
        extra={
            "created_count": report.created,
            "updated_count": report.updated,
            "failed_count": len(report.errors),
        },
    )
    return report
