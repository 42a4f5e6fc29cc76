"""Valid model answers to script the fake provider with."""

from typing import Any


def prompt_draft(**overrides: Any) -> dict[str, Any]:
    draft: dict[str, Any] = {
        "title": "Explain recursion to beginners",
        "promptText": "Explain {{concept}} to a beginner using one everyday analogy.",
        "sflField": {
            "topic": "Recursion",
            "taskType": "Explanation",
            "domainSpecifics": "Introductory computer science",
            "keywords": "recursion, base case, call stack",
        },
        "sflTenor": {
            "aiPersona": "Teacher/Tutor",
            "targetAudience": ["Beginners"],
            "desiredTone": "Friendly",
            "interpersonalStance": "Encouraging and patient",
        },
        "sflMode": {
            "outputFormat": "Markdown",
            "rhetoricalStructure": "Analogy, then definition, then example",
            "lengthConstraint": "Short Paragraph (~50 words)",
            "textualDirectives": "Avoid jargon; define every term.",
        },
        "exampleOutput": "Recursion is like Russian dolls...",
        "notes": "Try adding an example in Python.",
    }
    draft.update(overrides)
    return draft
