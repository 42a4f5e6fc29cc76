"""What the engine needs from the outside world, as protocols and plain data.

The Django side (`workflows/adapters.py`) implements them; the engine's own tests use fakes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class TaskFailed(Exception):
    """A task could not produce its result; `retryable` when the same call may succeed later."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class DataFence:
    """How a value from the data store enters a prompt: as data, never as instructions.

    `fence(label, text)` wraps the text between markers it cannot close itself; `rule` is added to
    the system instruction of every call whose prompt holds a fence, saying what the markers mean.
    """

    fence: Callable[[str, str], str]
    rule: str


@dataclass(frozen=True)
class Image:
    """An image from the data store, `{base64, type}` decoded."""

    mime_type: str
    data: bytes


@dataclass(frozen=True)
class Generation:
    """The text a model produced (and its sources when grounded)."""

    text: str
    sources: Sequence[Mapping[str, str]] = ()


@dataclass(frozen=True)
class LinkedPrompt:
    """A library prompt as a task runs it: its text and its Tenor/Mode as system instruction."""

    text: str
    system_instruction: str = ""


@dataclass(frozen=True)
class GenerationRequest:
    """One model call of a task."""

    prompt: str
    system_instruction: str | None = None
    model: str | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    images: Sequence[Image] = ()
    grounded: bool = False


class Services(Protocol):
    """The model and the document index, for one user. Errors are raised as TaskFailed."""

    def generate(self, request: GenerationRequest) -> Generation: ...

    def documents_search(self, *, query: str, top_k: int) -> list[dict[str, Any]]: ...
