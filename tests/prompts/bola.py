"""BOLA matrix entries for every prompts route that takes an object id."""

from __future__ import annotations

from typing import Any

from tests.bola import BolaCase
from tests.prompts.factories import PromptFactory


def _prompt(owner: Any) -> Any:
    return PromptFactory(owner=owner, title="Owner's prompt")


def _untouched(prompt: Any) -> bool:
    prompt.refresh_from_db()
    return bool(prompt.title == "Owner's prompt" and prompt.version == 1)


def _never_tested(prompt: Any) -> bool:
    return _untouched(prompt) and prompt.last_test is None


def _version_kwargs(prompt: Any) -> dict[str, Any]:
    return {"pk": prompt.pk, "version": 1}


BOLA_CASES: dict[str, BolaCase] = {
    "prompt-detail": BolaCase(
        make_object=_prompt,
        methods=("get", "put", "patch", "delete"),
        body={"title": "Taken over", "promptText": "Mine now"},
        unchanged=_untouched,
    ),
    "prompt-version-list": BolaCase(make_object=_prompt, methods=("get",)),
    "prompt-version-detail": BolaCase(
        make_object=_prompt, methods=("get",), url_kwargs=_version_kwargs
    ),
    "prompt-version-restore": BolaCase(
        make_object=_prompt, methods=("post",), url_kwargs=_version_kwargs, unchanged=_untouched
    ),
    "prompt-export": BolaCase(make_object=_prompt, methods=("get",)),
    "prompt-test": BolaCase(
        make_object=_prompt,
        methods=("post",),
        unchanged=lambda p: _untouched(p) and not p.last_test,
    ),
}
