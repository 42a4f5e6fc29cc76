"""The default workflows every user sees as read-only templates and can clone."""

from __future__ import annotations

from typing import Any, Final


def _task(
    task_id: str,
    name: str,
    task_type: str,
    output_key: str,
    *,
    dependencies: list[str] | None = None,
    input_keys: list[str] | None = None,
    column: int,
    row: int = 0,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": task_id,
        "name": name,
        "description": extra.pop("description", ""),
        "type": task_type,
        "dependencies": dependencies or [],
        "inputKeys": input_keys or [],
        "outputKey": output_key,
        "positionX": 80 + column * 320,
        "positionY": 80 + row * 200,
        **extra,
    }


WORKFLOW_TEMPLATES: Final[dict[str, dict[str, Any]]] = {
    "analyze-and-summarize-article": {
        "name": "Analyze and Summarize Article",
        "description": "The input text → its sentiment and a three-sentence summary in parallel → "
        "a report combining both.",
        "tasks": [
            _task(
                "input",
                "Article text",
                "DATA_INPUT",
                "article",
                staticValue="{{ userInput.text }}",
                column=0,
                description="The article pasted as the run's input.",
            ),
            _task(
                "sentiment",
                "Sentiment",
                "GEMINI_PROMPT",
                "sentiment",
                dependencies=["input"],
                input_keys=["article"],
                column=1,
                row=0,
                promptTemplate="Classify the overall sentiment of this text. Answer with exactly "
                "one word: POSITIVE, NEGATIVE or NEUTRAL.\n\n{{article}}",
                agentConfig={"temperature": 0.1},
            ),
            _task(
                "summary",
                "Summary",
                "GEMINI_PROMPT",
                "summary",
                dependencies=["input"],
                input_keys=["article"],
                column=1,
                row=1,
                promptTemplate="Summarize this text in exactly three sentences.\n\n{{article}}",
                agentConfig={"temperature": 0.7},
            ),
            _task(
                "report",
                "Report",
                "GEMINI_PROMPT",
                "report",
                dependencies=["sentiment", "summary"],
                input_keys=["sentiment", "summary"],
                column=2,
                promptTemplate="Write a short report on an article for a busy reader: one line "
                "stating its sentiment, then its summary.\n\nSentiment: {{sentiment}}\n\n"
                "Summary: {{summary}}",
            ),
        ],
    },
    "image-content-description": {
        "name": "Image Content Description",
        "description": "An input image → a detailed description → three social-media captions.",
        "tasks": [
            _task(
                "image",
                "Image",
                "DATA_INPUT",
                "image",
                staticValue="{{ userInput.image }}",
                column=0,
                description="The image uploaded as the run's input.",
            ),
            _task(
                "describe",
                "Describe the image",
                "IMAGE_ANALYSIS",
                "description",
                dependencies=["image"],
                input_keys=["image"],
                column=1,
                promptTemplate="Describe this image in detail: the subjects, the setting, the "
                "colours and the mood.",
            ),
            _task(
                "captions",
                "Captions",
                "GEMINI_PROMPT",
                "captions",
                dependencies=["describe"],
                input_keys=["description"],
                column=2,
                promptTemplate="Write three different short social-media captions for an image "
                "described as follows, one per line.\n\n{{description}}",
                agentConfig={"temperature": 0.8},
            ),
        ],
    },
    "answer-from-my-documents": {
        "name": "Answer from My Documents",
        "description": "A question → the best passages of your uploaded documents → an answer "
        "that cites them.",
        "tasks": [
            _task(
                "question",
                "Question",
                "DATA_INPUT",
                "question",
                staticValue="{{ userInput.text }}",
                column=0,
            ),
            _task(
                "search",
                "Search my documents",
                "DOCUMENT_SEARCH",
                "passages",
                dependencies=["question"],
                input_keys=["question"],
                column=1,
                promptTemplate="{{question}}",
                agentConfig={"topK": 5},
            ),
            _task(
                "context",
                "Number the passages",
                "TEXT_MANIPULATION",
                "context",
                dependencies=["search"],
                input_keys=["passages"],
                column=2,
                functionBody="return inputs.passages.results\n"
                "  .map((r, i) => `[${i + 1}] ${r.fileName}: ${r.text}`)\n"
                '  .join("\\n\\n");',
            ),
            _task(
                "answer",
                "Answer",
                "GEMINI_PROMPT",
                "answer",
                dependencies=["question", "context"],
                input_keys=["question", "context"],
                column=3,
                promptTemplate="Answer the question using only the numbered passages; cite them "
                "as [n]. Say so when they do not contain the answer.\n\nQuestion: {{question}}"
                "\n\nPassages:\n{{context}}",
                agentConfig={"temperature": 0.2},
            ),
        ],
    },
}
