"""What the models must produce for the prompt wizard and refinement.

Every string and list is bounded: the bounds go into the JSON Schema the providers (and the local
model's grammar) receive, and validation enforces them.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)
from pydantic.alias_generators import to_camel

from core import sfl

Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Medium = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=6000)]
Example = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class _Draft(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class SflFieldDraft(_Draft):
    """Field: what is happening."""

    topic: Short
    task_type: Short
    domain_specifics: Medium
    keywords: Short = Field(description="Comma-separated keywords.")


class SflTenorDraft(_Draft):
    """Tenor: who is taking part."""

    ai_persona: Short
    target_audience: list[Short] = Field(min_length=1, max_length=5)
    desired_tone: Short
    interpersonal_stance: Medium

    @field_validator("target_audience", mode="before")
    @classmethod
    def _one_audience_as_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part for part in (value.strip(),) if part]
        return value


class SflModeDraft(_Draft):
    """Mode: what part language plays."""

    output_format: Short
    rhetorical_structure: Medium
    length_constraint: Short
    textual_directives: Medium


class PromptDraftOutput(_Draft):
    """A complete prompt as the model must return it (the wizard and refinement)."""

    title: Title
    prompt_text: Long
    sfl_field: SflFieldDraft
    sfl_tenor: SflTenorDraft
    sfl_mode: SflModeDraft
    example_output: Example
    notes: Notes


def _one_of(values: tuple[str, ...]) -> Any:
    """A string field whose JSON Schema (and so the local model's grammar) lists `values`."""
    return Field(json_schema_extra={"enum": list(values)})


class LocalSflFieldDraft(SflFieldDraft):
    task_type: Short = _one_of(sfl.TASK_TYPES)


class LocalSflTenorDraft(SflTenorDraft):
    ai_persona: Short = _one_of(sfl.AI_PERSONAS)
    target_audience: list[Short] = Field(
        min_length=1,
        max_length=3,
        json_schema_extra={"items": {"enum": list(sfl.TARGET_AUDIENCES)}},
    )
    desired_tone: Short = _one_of(sfl.DESIRED_TONES)


class LocalSflModeDraft(SflModeDraft):
    output_format: Short = _one_of(sfl.OUTPUT_FORMATS)
    length_constraint: Short = _one_of(sfl.LENGTH_CONSTRAINTS)


class LocalPromptDraftOutput(PromptDraftOutput):
    """The draft for the small local model: its categorical choices held to SFL.md's options.

    A 135M-parameter model cannot pick a sensible persona or format unaided (it fills free strings
    with noise); held to the predefined lists by its grammar, those fields at least stay meaningful.
    Capable providers get `PromptDraftOutput`, where users' own values are welcome.
    """

    sfl_field: LocalSflFieldDraft
    sfl_tenor: LocalSflTenorDraft
    sfl_mode: LocalSflModeDraft


def prompt_draft_schema(provider: str) -> type[PromptDraftOutput]:
    """The draft schema to ask `provider` for."""
    return LocalPromptDraftOutput if provider == "local" else PromptDraftOutput
