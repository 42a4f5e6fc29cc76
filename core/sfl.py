"""The SFL vocabulary of SFL.md: the keys of Field, Tenor and Mode and their predefined options.

`SECTIONS` is the one key map: the prompt model, its serializers, the export and the wizard derive
their keys from it (snake_case in Python and `Prompt.metadata`, camelCase on the wire).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

TASK_TYPES: Final = (
    "Explanation",
    "Summarization",
    "Code Generation",
    "Creative Writing",
    "Translation",
    "Brainstorming",
    "Question Answering",
    "Data Analysis",
    "Comparison",
    "Instruction",
    "Dialogue Generation",
    "Outline Creation",
)

AI_PERSONAS: Final = (
    "Expert",
    "Friendly Assistant",
    "Sarcastic Bot",
    "Neutral Reporter",
    "Creative Muse",
    "Teacher/Tutor",
    "Devil's Advocate",
    "Philosopher",
    "Historian",
)

TARGET_AUDIENCES: Final = (
    "General Public",
    "Beginners",
    "Intermediates",
    "Experts",
    "Children (5-7 years)",
    "Teenagers (13-17 years)",
    "Software Developers",
    "Academic Researchers",
    "Business Professionals",
    "Policy Makers",
)

DESIRED_TONES: Final = (
    "Formal",
    "Informal",
    "Humorous",
    "Serious",
    "Empathetic",
    "Concise",
    "Detailed",
    "Persuasive",
    "Objective",
    "Enthusiastic",
    "Critical",
    "Neutral",
)

OUTPUT_FORMATS: Final = (
    "Plain Text",
    "Markdown",
    "JSON",
    "XML",
    "Python Code",
    "JavaScript Code",
    "HTML",
    "Bullet Points",
    "Numbered List",
    "Poem",
    "Short Story",
    "Email",
    "Report",
    "Spreadsheet (CSV-like)",
    "Slide Presentation Outline",
)

LENGTH_CONSTRAINTS: Final = (
    "Single Sentence",
    "Short Paragraph (~50 words)",
    "Medium Paragraph (~150 words)",
    "Long Paragraph (~300 words)",
    "Multiple Paragraphs (~500+ words)",
    "Concise (as needed)",
    "Detailed (as needed)",
    "No Specific Limit",
)


def camel(name: str) -> str:
    """The wire (camelCase) name of a snake_case name: `target_audience` → `targetAudience`."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@dataclass(frozen=True)
class SflKey:
    """One key of a section: its name, its label, and what kind of value it holds."""

    name: str
    label: str
    options: tuple[str, ...] = ()  # SFL.md's predefined values; users may add their own
    many: bool = False  # a list of values (the audiences), not one
    prose: bool = False  # a sentence or more, not a short phrase
    hint: str = ""

    @property
    def camel(self) -> str:
        """The key on the wire."""
        return camel(self.name)

    @property
    def phrase(self) -> str:
        """The label inside a sentence: "task type", "AI persona"."""
        return self.label if self.label[:2].isupper() else self.label[:1].lower() + self.label[1:]


@dataclass(frozen=True)
class SflSection:
    """Field, Tenor or Mode: its keys, in the order SFL.md lists them."""

    name: str
    label: str
    meaning: str
    keys: tuple[SflKey, ...]

    @property
    def camel(self) -> str:
        """The section on the wire."""
        return camel(self.name)

    @property
    def key_names(self) -> tuple[str, ...]:
        """The snake_case names of the keys."""
        return tuple(key.name for key in self.keys)


FIELD: Final = SflSection(
    "sfl_field",
    "Field",
    "what is happening",
    (
        SflKey("topic", "Topic"),
        SflKey("task_type", "Task type", options=TASK_TYPES),
        SflKey("domain_specifics", "Domain specifics", prose=True),
        SflKey("keywords", "Keywords", hint="Comma-separated."),
    ),
)
TENOR: Final = SflSection(
    "sfl_tenor",
    "Tenor",
    "who is taking part",
    (
        SflKey("ai_persona", "AI persona", options=AI_PERSONAS),
        SflKey("target_audience", "Target audience", options=TARGET_AUDIENCES, many=True),
        SflKey("desired_tone", "Desired tone", options=DESIRED_TONES),
        SflKey("interpersonal_stance", "Interpersonal stance", prose=True),
    ),
)
MODE: Final = SflSection(
    "sfl_mode",
    "Mode",
    "what part language plays",
    (
        SflKey("output_format", "Output format", options=OUTPUT_FORMATS),
        SflKey("rhetorical_structure", "Rhetorical structure", prose=True),
        SflKey("length_constraint", "Length constraint", options=LENGTH_CONSTRAINTS),
        SflKey("textual_directives", "Textual directives", prose=True),
    ),
)
SECTIONS: Final = (FIELD, TENOR, MODE)
KEYS: Final = tuple(key for section in SECTIONS for key in section.keys)


def audiences_as_list(value: object) -> list[str]:
    """`target_audience` as a list of non-blank strings (a lone string becomes one item)."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list | tuple) else []
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]
