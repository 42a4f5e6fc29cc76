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


def workflow_draft() -> dict[str, Any]:
    def task(id_: str, type_: str, deps: list[str], keys: list[str]) -> dict[str, Any]:
        return {
            "id": id_,
            "name": id_.title(),
            "description": f"The {id_} step.",
            "type": type_,
            "dependencies": deps,
            "inputKeys": keys,
            "outputKey": f"{id_}Result",
            "promptTemplate": "Work on {{text}}" if type_ == "GEMINI_PROMPT" else "",
            "positionX": 0,
            "positionY": 0,
        }

    return {
        "name": "Analyze and summarize",
        "description": "Sentiment and summary in parallel, then a report.",
        "tasks": [
            task("input", "DATA_INPUT", [], ["userInput.text"]),
            task("sentiment", "GEMINI_PROMPT", ["input"], ["inputResult"]),
            task("summary", "GEMINI_PROMPT", ["input"], ["inputResult"]),
            task(
                "report",
                "GEMINI_PROMPT",
                ["sentiment", "summary"],
                ["sentimentResult", "summaryResult"],
            ),
        ],
    }
