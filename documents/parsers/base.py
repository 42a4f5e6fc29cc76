"""The plain data that crosses the parser interface."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings

from documents.exceptions import DocumentTooLarge


class DocumentKind(StrEnum):
    """What a file is, judged by its content."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"

    @property
    def content_type(self) -> str:
        return _CONTENT_TYPES[self]

    @classmethod
    def from_content_type(cls, content_type: str) -> DocumentKind:
        for kind, known in _CONTENT_TYPES.items():
            if known == content_type:
                return kind
        raise ValueError(f"unknown document content type {content_type!r}")


_CONTENT_TYPES: dict[DocumentKind, str] = {
    DocumentKind.TEXT: "text/plain",
    DocumentKind.MARKDOWN: "text/markdown",
    DocumentKind.HTML: "text/html",
    DocumentKind.PDF: "application/pdf",
    DocumentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class Section:
    """A run of text under one heading path (and on one page, when the format has pages)."""

    text: str
    headings: tuple[str, ...] = ()
    page: int | None = None


@dataclass(frozen=True)
class ParseLimits:
    """The defence caps every parser enforces."""

    zip_max_uncompressed_bytes: int
    zip_max_entries: int
    pdf_max_pages: int
    max_text_chars: int

    @classmethod
    def from_settings(cls) -> ParseLimits:
        return cls(
            zip_max_uncompressed_bytes=settings.DOCUMENT_ZIP_MAX_UNCOMPRESSED_BYTES,
            zip_max_entries=settings.DOCUMENT_ZIP_MAX_ENTRIES,
            pdf_max_pages=settings.DOCUMENT_PDF_MAX_PAGES,
            max_text_chars=settings.DOCUMENT_MAX_TEXT_CHARS,
        )


class TextBudget:
    """Counts extracted characters and stops a parser as soon as the text cap is passed."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self, text: str) -> str:
        self.used += len(text)
        if self.used > self.limit:
            raise DocumentTooLarge(
                f"The document has more than {self.limit:,} characters of text, the limit."
            )
        return text


Parser = Callable[[bytes, ParseLimits], list[Section]]
"""A backend for one kind: the file's bytes and the caps in, the sections in reading order out."""
