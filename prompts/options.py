"""The predefined SFL option lists of SFL.md; users may add their own values beside them."""

from __future__ import annotations

from typing import Final

from core.sfl import (
    AI_PERSONAS,
    DESIRED_TONES,
    LENGTH_CONSTRAINTS,
    OUTPUT_FORMATS,
    TARGET_AUDIENCES,
    TASK_TYPES,
)

__all__ = [
    "AI_PERSONAS",
    "DESIRED_TONES",
    "LENGTH_CONSTRAINTS",
    "NEW_PROMPT_DEFAULTS",
    "OUTPUT_FORMATS",
    "TARGET_AUDIENCES",
    "TASK_TYPES",
]

# What the frontend pre-fills for a new, empty prompt (the API itself stores "" when absent).
NEW_PROMPT_DEFAULTS: Final = {
    "task_type": "Explanation",
    "ai_persona": "Expert",
    "desired_tone": "Formal",
    "output_format": "Plain Text",
    "length_constraint": "Single Sentence",
    "target_audience": [],
}
