"""Heading-aware chunking by token count, with overlap.

A token here is a word or a single punctuation mark (`\\w+|[^\\w\\s]`): the pre-tokenisation step
of BERT-style tokenisers, so it counts slightly fewer tokens than the model's wordpieces. With the
default 200 tokens a chunk stays under all-MiniLM-L6-v2's 256-wordpiece window for ordinary prose,
and no tokenizer has to be loaded to chunk. Chunks never cross a section (heading) boundary, and a
chunk prefers to end at a paragraph or sentence end in its last third.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from documents.parsers.base import Section

_TOKEN = re.compile(r"\w+|[^\w\s]")
_SENTENCE_END = frozenset(".!?;:")


@dataclass(frozen=True)
class ChunkDraft:
    """A chunk before it is embedded and stored."""

    index: int
    text: str
    headings: tuple[str, ...] = ()
    page: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def embedding_input(self) -> str:
        return embedding_input(self.text, self.headings)


def embedding_input(text: str, headings: Sequence[str]) -> str:
    """The text the embedder sees: the heading path gives a short chunk its context."""
    return " > ".join(headings) + "\n\n" + text if headings else text


def token_count(text: str) -> int:
    """Tokens in `text`, counted the way chunk sizes are."""
    return sum(1 for _ in _TOKEN.finditer(text))


def _windows(text: str, size: int, overlap: int) -> Iterable[str]:
    spans = [m.span() for m in _TOKEN.finditer(text)]
    if not spans:
        return
    start = 0
    while start < len(spans):
        end = min(start + size, len(spans))
        if end < len(spans):
            # Prefer a paragraph break, then a sentence end, in the last third of the window.
            floor = start + max(1, (size * 2) // 3)
            best = None
            for i in range(end - 1, floor - 1, -1):
                gap = text[spans[i][1] : spans[i + 1][0]]
                if "\n\n" in gap:
                    best = i + 1
                    break
                if best is None and text[spans[i][0] : spans[i][1]] in _SENTENCE_END:
                    best = i + 1
            end = best or end
        yield text[spans[start][0] : spans[end - 1][1]]
        if end >= len(spans):
            return
        start = max(end - overlap, start + 1)


def sections_chunk(
    sections: Iterable[Section], *, size_tokens: int, overlap_tokens: int
) -> list[ChunkDraft]:
    """Split every section into windows of at most `size_tokens`, numbered from 0."""
    if size_tokens < 1 or not 0 <= overlap_tokens < size_tokens:
        raise ValueError("chunk size must be positive and the overlap smaller than it")
    drafts: list[ChunkDraft] = []
    for section in sections:
        for piece in _windows(section.text, size_tokens, overlap_tokens):
            drafts.append(
                ChunkDraft(
                    index=len(drafts),
                    text=piece,
                    headings=section.headings,
                    page=section.page,
                    metadata={"page": section.page, "heading_path": list(section.headings)},
                )
            )
    return drafts
