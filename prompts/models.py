"""A user's library of SFL-structured prompts and their immutable version history.

`Prompt.metadata` stores the SFL register (the keys of `core.sfl.SECTIONS`) and the other optional
parts in snake_case, like every Python-side name (the API's camelCase is the renderer's job):

    {"sfl_field": {"topic", "task_type", "domain_specifics", "keywords"},
     "sfl_tenor": {"ai_persona", "target_audience": [str], "desired_tone", "interpersonal_stance"},
     "sfl_mode": {"output_format", "rhetorical_structure", "length_constraint",
                  "textual_directives"},
     "example_output": str, "notes": str, "source_document": {"name", "content"} | null}
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, ClassVar, Final

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.fields.json import KT

from core import sfl
from core.models import OwnedModel, OwnedQuerySet
from core.placeholders import placeholders_find

SFL_SECTIONS: Final = {section.name: section.key_names for section in sfl.SECTIONS}
TEXT_PARTS: Final = ("example_output", "notes")
SEARCH_CONFIG: Final = "english"


def metadata_complete(metadata: Mapping[str, Any] | None) -> dict[str, Any]:
    """`metadata` with every section and key present (a copy; missing strings become "")."""
    source = metadata or {}
    complete: dict[str, Any] = {}
    for section, keys in SFL_SECTIONS.items():
        stored = source.get(section) or {}
        complete[section] = {key: stored.get(key, "") for key in keys}
    audience = complete["sfl_tenor"]["target_audience"]
    complete["sfl_tenor"]["target_audience"] = (
        list(audience) if isinstance(audience, list) else ([audience] if audience else [])
    )
    for key in TEXT_PARTS:
        complete[key] = source.get(key) or ""
    document = source.get("source_document")
    complete["source_document"] = (
        {"name": document.get("name", ""), "content": document.get("content", "")}
        if document
        else None
    )
    return copy.deepcopy(complete)


class PromptContent:
    """Read access to the parts of `metadata`, complete and typed, for prompts and versions."""

    body: str
    metadata: dict[str, Any]

    @property
    def sfl_field(self) -> dict[str, Any]:
        return metadata_complete(self.metadata)["sfl_field"]  # type: ignore[no-any-return]

    @property
    def sfl_tenor(self) -> dict[str, Any]:
        return metadata_complete(self.metadata)["sfl_tenor"]  # type: ignore[no-any-return]

    @property
    def sfl_mode(self) -> dict[str, Any]:
        return metadata_complete(self.metadata)["sfl_mode"]  # type: ignore[no-any-return]

    @property
    def example_output(self) -> str:
        return str(self.metadata.get("example_output") or "")

    @property
    def notes(self) -> str:
        return str(self.metadata.get("notes") or "")

    @property
    def source_document(self) -> dict[str, str] | None:
        return metadata_complete(self.metadata)["source_document"]  # type: ignore[no-any-return]

    @property
    def variables(self) -> list[str]:
        return placeholders_find(self.body)


class PromptQuerySet(OwnedQuerySet["Prompt"]):
    """Reads of the prompt library."""


class Prompt(PromptContent, OwnedModel):
    """One SFL-structured prompt; `version` counts its changes and names its latest version row."""

    title = models.CharField(max_length=255)
    body = models.TextField(help_text="The prompt text; may hold {{variable}} placeholders.")
    metadata = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    last_test = models.JSONField(null=True, blank=True, editable=False)
    # Title weighs most, then keywords and topic, then the text, then the remaining SFL choices.
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector(
                KT("metadata__sfl_field__keywords"),
                KT("metadata__sfl_field__topic"),
                weight="B",
                config=SEARCH_CONFIG,
            )
            + SearchVector("body", weight="C", config=SEARCH_CONFIG)
            + SearchVector(
                KT("metadata__sfl_field__domain_specifics"),
                KT("metadata__sfl_tenor__ai_persona"),
                KT("metadata__sfl_tenor__target_audience"),
                KT("metadata__sfl_mode__output_format"),
                weight="D",
                config=SEARCH_CONFIG,
            )
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects: ClassVar[Any] = PromptQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-updated_at"]
        indexes: ClassVar = [
            GinIndex(fields=["metadata"], opclasses=["jsonb_path_ops"], name="prompt_metadata_gin"),
            GinIndex(fields=["search_vector"], name="prompt_search_gin"),
            models.Index(fields=["owner", "-updated_at"], name="prompt_owner_updated"),
        ]

    def __str__(self) -> str:
        return self.title

    def apply_changes(self, changes: Mapping[str, Any]) -> bool:
        """Merge validated `changes` (SFL sections key by key); True when anything changed.

        `changes` uses the write serializer's names: `title`, `prompt_text`, the three SFL
        sections, `example_output`, `notes`, `source_document` (replaced whole, or None).
        """
        metadata = metadata_complete(self.metadata)
        for section in SFL_SECTIONS:
            metadata[section].update(changes.get(section) or {})
        for key in TEXT_PARTS:
            if key in changes:
                metadata[key] = changes[key] or ""
        if "source_document" in changes:
            document = changes["source_document"]
            metadata["source_document"] = (
                {"name": document.get("name", ""), "content": document.get("content", "")}
                if document
                else None
            )
        title = changes.get("title", self.title)
        body = changes.get("prompt_text", self.body)
        if (title, body, metadata) == (self.title, self.body, self.metadata):
            return False
        self.title, self.body, self.metadata = title, body, metadata
        return True

    def restore_from(self, version: PromptVersion) -> None:
        """Take the content of an older version (the caller bumps the version)."""
        self.title = version.title
        self.body = version.body
        self.metadata = metadata_complete(version.metadata)

    def next_version(self) -> PromptVersion:
        """Count one more change and return its (unsaved) immutable version row."""
        self.version += 1
        return self.snapshot()

    def snapshot(self) -> PromptVersion:
        """The current content as an unsaved version row numbered `self.version`."""
        return PromptVersion(
            prompt=self,
            version=self.version,
            title=self.title,
            body=self.body,
            metadata=copy.deepcopy(self.metadata),
        )


class PromptVersion(PromptContent, models.Model):
    """The full content of a prompt at one version; written once, never changed."""

    id = models.BigAutoField(primary_key=True)
    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=255)
    body = models.TextField()
    metadata = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["prompt", "version"], name="prompt_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prompt_id} v{self.version}"
