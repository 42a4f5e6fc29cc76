"""Factories and payloads for workflows (tasks in the API's camelCase shape)."""

from __future__ import annotations

from typing import Any

import factory

from tests.accounts.factories import UserFactory
from workflows.models import Workflow


def task(task_id: str, task_type: str = "GEMINI_PROMPT", **fields: Any) -> dict[str, Any]:
    """A valid task of `task_type`; `fields` override (camelCase keys)."""
    base: dict[str, Any] = {
        "id": task_id,
        "name": f"Task {task_id}",
        "description": "",
        "type": task_type,
        "dependencies": [],
        "inputKeys": [],
        "outputKey": f"{task_id}Out",
    }
    defaults: dict[str, dict[str, Any]] = {
        "GEMINI_PROMPT": {"promptTemplate": f"Work on {{{{userInput.text}}}} as {task_id}"},
        "GEMINI_GROUNDED": {"promptTemplate": "Find {{userInput.text}}"},
        "IMAGE_ANALYSIS": {"promptTemplate": "Describe it"},
        "TEXT_MANIPULATION": {"functionBody": "return inputs;"},
        "DATA_INPUT": {"staticValue": "{{ userInput.text }}"},
        "DISPLAY_CHART": {"dataKey": "userInput.text"},
        "DOCUMENT_SEARCH": {"promptTemplate": "{{userInput.text}}"},
        "SIMULATE_PROCESS": {},
    }
    return {**base, **defaults[task_type], **fields}


def chain(n: int, task_type: str = "GEMINI_PROMPT", **fields: Any) -> list[dict[str, Any]]:
    """`n` tasks, each depending on the one before."""
    return [
        task(f"t{i}", task_type, dependencies=[f"t{i - 1}"] if i else [], **fields)
        for i in range(n)
    ]


class WorkflowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workflow

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Pipeline number {n}")
    description = "Turns an article into a report."
    graph_data = factory.LazyFunction(
        lambda: {"tasks": [task("input", "DATA_INPUT"), task("summary", dependencies=["input"])]}
    )


def workflow_payload(**overrides: Any) -> dict[str, Any]:
    """A valid body for POST /api/workflows."""
    body: dict[str, Any] = {
        "name": "Analyze article",
        "description": "Sentiment and summary",
        "tasks": [
            task("input", "DATA_INPUT"),
            task("sentiment", dependencies=["input"], inputKeys=["inputOut"]),
            task("summary", dependencies=["input"], agentConfig={"temperature": 0.7}),
        ],
    }
    body.update(overrides)
    return body
