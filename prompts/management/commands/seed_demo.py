"""`manage.py seed_demo`: the demo account of `make run` and its example prompts (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from prompts.models import Prompt
from prompts.services import prompt_create

# Each realises all three SFL variables, so the demo shows what a register-aware prompt looks like.
EXAMPLE_PROMPTS: list[dict[str, Any]] = [
    {
        "title": "Explain a concept to a beginner",
        "prompt_text": (
            "Explain {{concept}} to someone meeting it for the first time. Start with an everyday "
            "analogy, then give the precise definition, then one worked example. End with the "
            "single most common misconception about {{concept}} and why it is wrong."
        ),
        "sfl_field": {
            "topic": "Computer science concepts",
            "task_type": "Explanation",
            "domain_specifics": "Introductory programming; no prior knowledge assumed",
            "keywords": "analogy, definition, example, misconception",
        },
        "sfl_tenor": {
            "ai_persona": "Teacher/Tutor",
            "target_audience": ["Beginners"],
            "desired_tone": "Empathetic",
            "interpersonal_stance": "A patient mentor who never talks down to the learner",
        },
        "sfl_mode": {
            "output_format": "Markdown",
            "rhetorical_structure": "Analogy, definition, example, misconception",
            "length_constraint": "Medium Paragraph (~150 words)",
            "textual_directives": "Use at most one technical term per sentence; bold the term.",
        },
        "example_output": (
            "**Recursion** is like a set of Russian dolls: each doll contains a smaller one..."
        ),
        "notes": "Try concept = recursion, closures or hash tables.",
    },
    {
        "title": "Executive summary of a report",
        "prompt_text": (
            "Summarise the following report for a busy executive.\n\n{{report}}\n\n"
            "Lead with the decision it asks for, then the three facts that support it, then the "
            "main risk."
        ),
        "sfl_field": {
            "topic": "Business reporting",
            "task_type": "Summarization",
            "domain_specifics": "Quarterly operations and finance reports",
            "keywords": "decision, evidence, risk",
        },
        "sfl_tenor": {
            "ai_persona": "Neutral Reporter",
            "target_audience": ["Business Professionals", "Policy Makers"],
            "desired_tone": "Concise",
            "interpersonal_stance": "A trusted adviser who respects the reader's time",
        },
        "sfl_mode": {
            "output_format": "Bullet Points",
            "rhetorical_structure": "Bottom line up front",
            "length_constraint": "Short Paragraph (~50 words)",
            "textual_directives": "No adjectives without numbers; five bullets at most.",
        },
        "example_output": "- Decision: approve the Q3 hiring plan...",
        "notes": "Paste the report into the {{report}} variable when testing.",
    },
    {
        "title": "Python function from a specification",
        "prompt_text": (
            "Write a Python function named {{function_name}} that {{behaviour}}. Include type "
            "hints, a one-line docstring and three pytest tests, one of them for an edge case."
        ),
        "sfl_field": {
            "topic": "Software development",
            "task_type": "Code Generation",
            "domain_specifics": "Python 3.11, standard library only",
            "keywords": "python, type hints, pytest, edge cases",
        },
        "sfl_tenor": {
            "ai_persona": "Expert",
            "target_audience": ["Software Developers"],
            "desired_tone": "Formal",
            "interpersonal_stance": "A senior colleague doing a careful code review",
        },
        "sfl_mode": {
            "output_format": "Python Code",
            "rhetorical_structure": "Function, then tests",
            "length_constraint": "Concise (as needed)",
            "textual_directives": "No prose outside code comments.",
        },
        "example_output": 'def slugify(text: str) -> str:\n    """A URL-safe slug."""\n    ...',
        "notes": "",
    },
    {
        "title": "A short story for young children",
        "prompt_text": (
            "Tell a bedtime story about {{animal}} who learns to {{lesson}}. Use simple words, "
            "repeat one friendly phrase three times, and end calmly."
        ),
        "sfl_field": {
            "topic": "Children's stories",
            "task_type": "Creative Writing",
            "domain_specifics": "Bedtime stories with a gentle moral",
            "keywords": "animals, repetition, kindness",
        },
        "sfl_tenor": {
            "ai_persona": "Creative Muse",
            "target_audience": ["Children (5-7 years)"],
            "desired_tone": "Informal",
            "interpersonal_stance": "A warm storyteller reading aloud",
        },
        "sfl_mode": {
            "output_format": "Short Story",
            "rhetorical_structure": "Beginning, problem, resolution",
            "length_constraint": "Long Paragraph (~300 words)",
            "textual_directives": "Sentences of ten words or fewer.",
        },
        "example_output": "Once upon a time, a little hedgehog named Pip...",
        "notes": "The repeated phrase makes it easy to read aloud.",
    },
    {
        "title": "Compare two approaches",
        "prompt_text": (
            "Compare {{option_a}} and {{option_b}} for {{use_case}}. Cover cost, complexity, "
            "performance and risk, then recommend one and say what would change your mind."
        ),
        "sfl_field": {
            "topic": "Technology choices",
            "task_type": "Comparison",
            "domain_specifics": "Architecture decisions for small teams",
            "keywords": "trade-offs, cost, complexity, recommendation",
        },
        "sfl_tenor": {
            "ai_persona": "Devil's Advocate",
            "target_audience": ["Software Developers", "Business Professionals"],
            "desired_tone": "Objective",
            "interpersonal_stance": "A critical friend who argues both sides fairly",
        },
        "sfl_mode": {
            "output_format": "Markdown",
            "rhetorical_structure": "Table of criteria, then recommendation",
            "length_constraint": "Multiple Paragraphs (~500+ words)",
            "textual_directives": "Put the comparison in a Markdown table.",
        },
        "example_output": "| Criterion | PostgreSQL | MongoDB |\n|---|---|---|\n| Cost | ...",
        "notes": "",
    },
]


class Command(BaseCommand):
    help = (
        "Create the demo user (DEMO_USER_EMAIL / DEMO_USER_PASSWORD) and its example prompts "
        "if they do not exist."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", default=settings.DEMO_USER_EMAIL)
        parser.add_argument("--password", default=settings.DEMO_USER_PASSWORD)

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        user = user_model.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            user = user_model.objects.create_user(
                email=options["email"], password=options["password"]
            )
            self.stdout.write(f"Created the demo user {user.email}.")
        else:
            self.stdout.write(f"The demo user {user.email} exists.")

        existing = set(Prompt.objects.owned_by(user).values_list("title", flat=True))
        created = 0
        for example in EXAMPLE_PROMPTS:
            if example["title"] not in existing:
                prompt_create(owner=user, data=example)
                created += 1
        self.stdout.write(f"Added {created} example prompts for {user.email}.")
