"""A valid generated workflow, as a model would answer the drafter."""

from typing import Any


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
