"""What the model must return for the prompt wizard and refinement: a complete prompt.

The SFL sections are built from `core.sfl.SECTIONS`, so a new SFL key is asked for without an edit
here. Every string and list is bounded (see `gemini.structured`).
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from pydantic import BeforeValidator, Field, StringConstraints, create_model
from pydantic.config import JsonDict

from core import sfl
from gemini.structured import MediumText, OutputModel, ShortText

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=6000)]
Example = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]

MAX_AUDIENCES: Final = 5
# The local model picks from the predefined audiences; more than three of them is noise.
LOCAL_MAX_AUDIENCES: Final = 3


def _one_as_list(value: Any) -> Any:
    """A lone string where a list is expected becomes a one-item list (blank: none)."""
    if isinstance(value, str):
        return [part for part in (value.strip(),) if part]
    return value


def _field(key: sfl.SflKey, *, choices: bool) -> tuple[Any, Any]:
    """The annotation and default of `key`; with `choices`, held to SFL.md's options."""
    if key.many:
        items: JsonDict | None = (
            {"items": {"enum": list(key.options)}} if choices and key.options else None
        )
        return (
            Annotated[list[ShortText], BeforeValidator(_one_as_list)],
            Field(
                min_length=1,
                max_length=LOCAL_MAX_AUDIENCES if items else MAX_AUDIENCES,
                json_schema_extra=items,
            ),
        )
    if choices and key.options:
        return ShortText, Field(json_schema_extra={"enum": list(key.options)})
    return (MediumText if key.prose else ShortText), Field(description=key.hint or None)


def _section_model(section: sfl.SflSection, *, choices: bool) -> type[OutputModel]:
    keys: dict[str, Any] = {key.name: _field(key, choices=choices) for key in section.keys}
    return create_model(
        f"{'Local' if choices else ''}Sfl{section.label}Draft",
        __base__=OutputModel,
        __doc__=f"{section.label}: {section.meaning}.",
        **keys,
    )


def _draft_model(*, choices: bool) -> type[OutputModel]:
    sections: dict[str, Any] = {
        section.name: (_section_model(section, choices=choices), ...) for section in sfl.SECTIONS
    }
    return create_model(
        f"{'Local' if choices else ''}PromptDraftOutput",
        __base__=OutputModel,
        __doc__="A complete prompt as the model must return it (the wizard and refinement).",
        title=(Title, ...),
        prompt_text=(Long, ...),
        **sections,
        example_output=(Example, ...),
        notes=(Notes, ...),
    )


PromptDraftOutput: Final = _draft_model(choices=False)
# A 135M-parameter model cannot pick a sensible persona or format unaided (it fills free strings
# with noise); held to the predefined lists by its grammar, those fields at least stay meaningful.
# Capable providers get `PromptDraftOutput`, where users' own values are welcome.
LocalPromptDraftOutput: Final = _draft_model(choices=True)


def prompt_draft_schema(provider: str) -> type[OutputModel]:
    """The draft schema to ask `provider` for."""
    return LocalPromptDraftOutput if provider == "local" else PromptDraftOutput
