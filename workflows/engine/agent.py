"""A task's `agentConfig`: the model settings a prompt task may override, with their ranges.

The one definition of the ranges: validation checks them, the API schema documents them and the
executors pass them on to the gateway under its own names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class AgentParameter:
    """One sampling parameter: its key in `agentConfig`, its gateway name and its range."""

    key: str
    gateway_name: str
    low: float
    high: float
    whole: bool = False


AGENT_PARAMETERS: Final = (
    AgentParameter("temperature", "temperature", 0, 2),
    AgentParameter("topK", "top_k", 1, 40, whole=True),
    AgentParameter("topP", "top_p", 0, 1),
)
AGENT_TEXT_KEYS: Final = ("model", "systemInstruction")
AGENT_KEYS: Final = ("model", *(p.key for p in AGENT_PARAMETERS), "systemInstruction")
