"""PDF: pypdf page by page (page numbers kept), pdfminer.six when pypdf cannot read the file."""

from __future__ import annotations

import io
import logging

from documents.exceptions import (
    DocumentEmpty,
    DocumentParseError,
    DocumentRejected,
    DocumentTooLarge,
)
from documents.parsers.base import ParseLimits, Section, TextBudget

logger = logging.getLogger(__name__)


def _too_many_pages(pages: int, limits: ParseLimits) -> DocumentTooLarge:
    return DocumentTooLarge(
        f"The PDF has {pages:,} pages; the limit is {limits.pdf_max_pages:,}."
        if pages
        else f"The PDF has more than {limits.pdf_max_pages:,} pages, the limit."
    )


def _with_pypdf(data: bytes, limits: ParseLimits) -> list[Section]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise DocumentParseError("The PDF is encrypted with a password.")
    count = len(reader.pages)
    if count > limits.pdf_max_pages:
        raise _too_many_pages(count, limits)
    budget = TextBudget(limits.max_text_chars)
    sections: list[Section] = []
    for number, page in enumerate(reader.pages, start=1):
        text = budget.take(page.extract_text() or "")
        if text.strip():
            sections.append(Section(text=text, page=number))
    return sections


def _with_pdfminer(data: bytes, limits: ParseLimits) -> list[Section]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    budget = TextBudget(limits.max_text_chars)
    sections: list[Section] = []
    pages = extract_pages(io.BytesIO(data), maxpages=limits.pdf_max_pages + 1)
    for number, layout in enumerate(pages, start=1):
        if number > limits.pdf_max_pages:
            raise _too_many_pages(0, limits)
        parts = [item.get_text() for item in layout if isinstance(item, LTTextContainer)]
        text = budget.take("".join(parts))
        if text.strip():
            sections.append(Section(text=text, page=number))
    return sections


def parse_pdf(data: bytes, limits: ParseLimits) -> list[Section]:
    """Text per page; a file pypdf cannot read, or finds no text in, gets a second try."""
    try:
        sections = _with_pypdf(data, limits)
    except DocumentRejected:
        raise
    except Exception as exc:
        logger.info("pypdf could not read a pdf", extra={"error": type(exc).__name__})
        sections = []
    if sections:
        return sections
    try:
        sections = _with_pdfminer(data, limits)
    except DocumentRejected:
        raise
    except Exception as exc:
        raise DocumentParseError(
            "The PDF could not be read; the file is damaged or not really a PDF."
        ) from exc
    if not sections:
        raise DocumentEmpty(
            "No text was found in the PDF (a scanned document without a text layer?)."
        )
    return sections
