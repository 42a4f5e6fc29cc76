"""Composed reads of the prompt library: filtered and ranked lists, options, the cached detail."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Func, QuerySet
from django.db.models.fields.json import KT

from core.exceptions import NotFound
from prompts import options
from prompts.cache import prompt_cache_get, prompt_cache_set
from prompts.models import SEARCH_CONFIG, Prompt, PromptVersion
from prompts.serializers import PromptOutputSerializer

if TYPE_CHECKING:
    from accounts.models import User

# Query parameter → (metadata section, key); the value is matched exactly.
_METADATA_FILTERS = {
    "topic": ("sfl_field", "topic"),
    "task_type": ("sfl_field", "task_type"),
    "ai_persona": ("sfl_tenor", "ai_persona"),
    "desired_tone": ("sfl_tenor", "desired_tone"),
    "output_format": ("sfl_mode", "output_format"),
}
_ORDERINGS = {
    "updatedAt": ("updated_at", "id"),
    "-updatedAt": ("-updated_at", "-id"),
    "createdAt": ("created_at", "id"),
    "-createdAt": ("-created_at", "-id"),
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
}


def prompt_list(*, owner: User, filters: Mapping[str, Any]) -> QuerySet[Prompt]:
    """The owner's prompts matching validated list filters, ordered (relevance when searching)."""
    queryset: QuerySet[Prompt] = Prompt.objects.owned_by(owner)
    containment: dict[str, dict[str, Any]] = {}
    for name, (section, key) in _METADATA_FILTERS.items():
        if filters.get(name):
            containment.setdefault(section, {})[key] = filters[name]
    if filters.get("target_audience"):
        containment.setdefault("sfl_tenor", {})["target_audience"] = [filters["target_audience"]]
    if containment:
        # One `@>` over all filters, so the GIN index (jsonb_path_ops) answers them together.
        queryset = queryset.filter(metadata__contains=containment)

    ordering = filters.get("ordering")
    search = (filters.get("search") or "").strip()
    if search:
        query = SearchQuery(search, search_type="websearch", config=SEARCH_CONFIG)
        queryset = queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
        if not ordering:
            return queryset.order_by(F("rank").desc(), "-updated_at", "-id")
    return queryset.order_by(*_ORDERINGS[ordering or "-updatedAt"])


def prompt_get(*, owner: User, prompt_id: uuid.UUID) -> Prompt:
    """One of the owner's prompts; NotFound for a missing one or someone else's."""
    prompt = Prompt.objects.owned_by(owner).filter(pk=prompt_id).first()
    if prompt is None:
        raise NotFound("Prompt not found.")
    return prompt


def prompt_detail_data(*, owner: User, prompt_id: uuid.UUID) -> dict[str, Any]:
    """The prompt's representation, cache-aside under `prompt:<id>` (only the owner's entry)."""
    data = prompt_cache_get(prompt_id=prompt_id, owner_id=owner.pk)
    if data is None:
        prompt = prompt_get(owner=owner, prompt_id=prompt_id)
        data = dict(PromptOutputSerializer(prompt).data)
        prompt_cache_set(prompt_id=prompt.pk, owner_id=owner.pk, data=data)
    return data


def prompt_version_list(*, prompt: Prompt) -> QuerySet[PromptVersion]:
    """The prompt's versions, newest first."""
    return PromptVersion.objects.filter(prompt=prompt).order_by("-version")


def prompt_version_get(*, prompt: Prompt, version: int) -> PromptVersion:
    """One version of the prompt; NotFound when it has no such version."""
    found = PromptVersion.objects.filter(prompt=prompt, version=version).first()
    if found is None:
        raise NotFound("This prompt has no such version.")
    return found


def prompt_export_list(*, owner: User, ids: Iterable[uuid.UUID] | None = None) -> QuerySet[Prompt]:
    """The owner's prompts to export (all, or those of `ids`), oldest first."""
    queryset: QuerySet[Prompt] = Prompt.objects.owned_by(owner)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.order_by("created_at", "id")


def _merged(predefined: Iterable[str], used: Iterable[str]) -> list[str]:
    """The predefined values in their order, then the user's own values alphabetically."""
    merged = list(predefined)
    known = {value.casefold() for value in merged}
    extra: dict[str, str] = {}
    for value in used:
        if isinstance(value, str) and value.strip() and value.casefold() not in known:
            extra.setdefault(value.casefold(), value.strip())
    return merged + sorted(extra.values(), key=str.casefold)


def prompt_options(*, owner: User) -> dict[str, Any]:
    """The SFL option lists merged with the distinct values the owner saved (two queries)."""
    owned = Prompt.objects.owned_by(owner)
    scalar_rows = (
        owned.values_list(
            KT("metadata__sfl_field__task_type"),
            KT("metadata__sfl_tenor__ai_persona"),
            KT("metadata__sfl_tenor__desired_tone"),
            KT("metadata__sfl_mode__output_format"),
            KT("metadata__sfl_mode__length_constraint"),
        )
        .order_by()
        .distinct()
    )
    columns: list[list[str]] = [[], [], [], [], []]
    for row in scalar_rows:
        for column, value in zip(columns, row, strict=True):
            if value:
                column.append(value)
    audiences = (
        owned.annotate(
            audience=Func(
                F("metadata__sfl_tenor__target_audience"),
                function="jsonb_array_elements_text",
            )
        )
        .values_list("audience", flat=True)
        .order_by()
        .distinct()
    )
    return {
        "task_types": _merged(options.TASK_TYPES, columns[0]),
        "ai_personas": _merged(options.AI_PERSONAS, columns[1]),
        "target_audiences": _merged(options.TARGET_AUDIENCES, audiences),
        "desired_tones": _merged(options.DESIRED_TONES, columns[2]),
        "output_formats": _merged(options.OUTPUT_FORMATS, columns[3]),
        "length_constraints": _merged(options.LENGTH_CONSTRAINTS, columns[4]),
        "defaults": dict(options.NEW_PROMPT_DEFAULTS),
    }
