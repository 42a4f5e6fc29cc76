"""Factories for prompts, saved through `prompt_create` so version 1 exists as in production."""

from __future__ import annotations

from typing import Any

import factory

from prompts.models import Prompt
from prompts.services import prompt_create
from tests.accounts.factories import UserFactory


class PromptFactory(factory.django.DjangoModelFactory):
    """A complete prompt; keyword arguments use the write serializer's snake_case names."""

    class Meta:
        model = Prompt

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Explain recursion {n}")
    prompt_text = "Explain {{ concept }} to {{audience}} using one {{concept}} example."
    sfl_field = factory.LazyFunction(
        lambda: {
            "topic": "Recursion",
            "task_type": "Explanation",
            "domain_specifics": "Computer science fundamentals",
            "keywords": "recursion, base case, call stack",
        }
    )
    sfl_tenor = factory.LazyFunction(
        lambda: {
            "ai_persona": "Teacher/Tutor",
            "target_audience": ["Beginners"],
            "desired_tone": "Empathetic",
            "interpersonal_stance": "Encouraging mentor",
        }
    )
    sfl_mode = factory.LazyFunction(
        lambda: {
            "output_format": "Markdown",
            "rhetorical_structure": "Definition, example, pitfalls",
            "length_constraint": "Short Paragraph (~50 words)",
            "textual_directives": "Avoid jargon.",
        }
    )
    example_output = "Recursion is when a function calls itself until a base case stops it."
    notes = "Works best with a concrete example."
    source_document = None

    @classmethod
    def _create(cls, model_class: type[Prompt], *args: Any, **kwargs: Any) -> Prompt:
        owner = kwargs.pop("owner")
        return prompt_create(owner=owner, data=kwargs)


def prompt_payload(**overrides: Any) -> dict[str, Any]:
    """A valid camelCase request body for POST /api/prompts."""
    body: dict[str, Any] = {
        "title": "Summarise a paper",
        "promptText": "Summarise {{paper}} for {{ audience }}.",
        "sflField": {
            "topic": "Research papers",
            "taskType": "Summarization",
            "domainSpecifics": "Machine learning",
            "keywords": "summary, abstract",
        },
        "sflTenor": {
            "aiPersona": "Expert",
            "targetAudience": ["Academic Researchers"],
            "desiredTone": "Objective",
            "interpersonalStance": "Peer reviewer",
        },
        "sflMode": {
            "outputFormat": "Bullet Points",
            "rhetoricalStructure": "Problem, method, result",
            "lengthConstraint": "Concise (as needed)",
            "textualDirectives": "Cite section numbers.",
        },
        "exampleOutput": "- Problem: ...",
        "notes": "",
        "sourceDocument": None,
    }
    body.update(overrides)
    return body
