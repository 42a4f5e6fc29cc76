"""The prompt wizard: a goal (or a change request) → a complete, unsaved SFL prompt draft.

The model is asked through the AI gateway's structured output (`gemini.services.json_generate`)
for `prompts.wizard_schemas`; a style document and a prompt being refined reach it only as fenced
data. Drafts use the snake_case names of `Prompt.metadata` (the renderer camelizes them).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from core import sfl
from core.placeholders import placeholders_find
from gemini.instructions import DATA_RULE, fence
from gemini.routing import default_provider_name
from gemini.services import JsonResult, json_generate
from prompts.wizard_schemas import PromptDraftOutput, prompt_draft_schema

if TYPE_CHECKING:
    from accounts.models import User

TEXT_PARTS: Final = ("title", "prompt_text", "example_output", "notes")


def _section_phrase(section: sfl.SflSection) -> str:
    keys = ", ".join(key.phrase for key in section.keys)
    return f"{section.label} is {section.meaning} ({keys})"


SFL_WIZARD_SYSTEM: Final = (
    "You are an expert prompt engineer who designs prompts with Systemic Functional Linguistics. "
    + ", ".join(_section_phrase(section) for section in sfl.SECTIONS)
    + ". Return one JSON object with every field filled: a concise title, a ready-to-send "
    "promptText that realises all the SFL choices (use {{placeholders}} for inputs the user will "
    "supply), targetAudience as a list, a short exampleOutput and notes with suggestions. "
    + DATA_RULE
)


def _style_lines(source_document: Mapping[str, str] | None, lead: str) -> list[str]:
    if not source_document or not source_document.get("content"):
        return []
    label = source_document.get("name") or "style document"
    return [lead, fence(label, source_document["content"])]


def sfl_draft_prompt(goal: str, source_document: Mapping[str, str] | None) -> str:
    """The wizard's request: a goal, optionally a style document to imitate."""
    return "\n\n".join(
        [
            f"Goal of the prompt: {goal.strip()}",
            f"Typical task types: {', '.join(sfl.TASK_TYPES)}.",
            *_style_lines(
                source_document,
                "Style reference: reflect the tone, vocabulary, sentence structure and complexity "
                "of the document below in the persona, tone, textual directives and the prompt "
                "text.",
            ),
            "Return the complete prompt as JSON.",
        ]
    )


def sfl_refine_prompt(
    current: Mapping[str, Any], suggestion: str, source_document: Mapping[str, str] | None
) -> str:
    """Refinement: the current prompt (as data, camelCase JSON) plus the user's change request."""
    return "\n\n".join(
        [
            f"Change request: {suggestion.strip()}",
            "Revise the whole prompt below consistently: first the promptText, then every SFL "
            "field it implies. Keep what the change request does not touch.",
            fence("current prompt (JSON)", json.dumps(current, ensure_ascii=False, indent=2)),
            *_style_lines(
                source_document,
                "The style document below stays attached and still decides the style of the "
                "prompt.",
            ),
            "Return the complete revised prompt as JSON.",
        ]
    )


def _prompt_for_model(prompt: Mapping[str, Any]) -> dict[str, Any]:
    """The text and SFL parts of a prompt, every key present, camelCase as the model answers."""
    out: dict[str, Any] = {sfl.camel(part): prompt.get(part) or "" for part in TEXT_PARTS}
    for section in sfl.SECTIONS:
        values: Mapping[str, Any] = prompt.get(section.name) or {}
        out[section.camel] = {
            key.camel: sfl.audiences_as_list(values.get(key.name))
            if key.many
            else values.get(key.name) or ""
            for key in section.keys
        }
    return out


def _source_document(value: Mapping[str, Any] | None) -> dict[str, str] | None:
    if not value or not value.get("content"):
        return None
    return {"name": str(value.get("name") or ""), "content": str(value["content"])}


def _draft(result: JsonResult, source_document: dict[str, str] | None) -> dict[str, Any]:
    # Already validated by the gateway (camelCase); read back into the Python names.
    draft = PromptDraftOutput.model_validate(result.data).model_dump()
    draft["source_document"] = source_document
    draft["variables"] = placeholders_find(draft["prompt_text"])
    draft["generated_by"] = {"provider": result.provider, "model": result.model}
    return draft


def prompt_draft_generate(
    *, user: User | None, goal: str, source_document: Mapping[str, str] | None
) -> dict[str, Any]:
    """The prompt wizard: a goal (and optionally a style document) → a complete, unsaved prompt."""
    document = _source_document(source_document)
    result = json_generate(
        user=user,
        prompt=sfl_draft_prompt(goal, document),
        schema=prompt_draft_schema(default_provider_name()),
        system_instruction=SFL_WIZARD_SYSTEM,
        purpose="generate_sfl",
    )
    return _draft(result, document)


def prompt_draft_refine(
    *, user: User | None, current_prompt: Mapping[str, Any], suggestion: str
) -> dict[str, Any]:
    """Refinement: the whole prompt revised for a change request; its style document kept as is."""
    kept = current_prompt.get("source_document")
    document = _source_document(kept)
    result = json_generate(
        user=user,
        prompt=sfl_refine_prompt(_prompt_for_model(current_prompt), suggestion, document),
        schema=prompt_draft_schema(default_provider_name()),
        system_instruction=SFL_WIZARD_SYSTEM,
        purpose="regenerate_sfl",
    )
    draft = _draft(result, document)
    draft["source_document"] = dict(kept) if isinstance(kept, Mapping) else None
    return draft
