"""The optional `unstructured` backend (DOCUMENT_PARSER_BACKEND=unstructured).

Offline limits: `unstructured` is not a hard dependency (`pip install -e '.[unstructured]'`), and
its text partitioners need NLTK data (`punkt_tab`, `averaged_perceptron_tagger_eng`) that it tries
to download on first use. Without a network that download would stall or fail deep inside a parse,
so this backend checks for the data first and fails the document with that reason instead. Install
the data ahead of time with `python -m nltk.downloader punkt_tab averaged_perceptron_tagger_eng`
on a connected machine (or point NLTK_DATA at a copy).
"""

from __future__ import annotations

import importlib
import io
from typing import Any

from documents.exceptions import DocumentParseError, ParserUnavailable
from documents.parsers.base import DocumentKind, ParseLimits, Section, TextBudget
from documents.parsers.word import check_zip_container

_NLTK_DATA = ("tokenizers/punkt_tab", "taggers/averaged_perceptron_tagger_eng")


def _require_unstructured() -> Any:
    try:
        partition = importlib.import_module("unstructured.partition.auto")
        nltk = importlib.import_module("nltk")
    except ImportError as exc:
        raise ParserUnavailable(
            "The unstructured parser backend is not installed (pip install -e '.[unstructured]'); "
            "set DOCUMENT_PARSER_BACKEND=default or install it."
        ) from exc
    for resource in _NLTK_DATA:
        try:
            nltk.data.find(resource)
        except LookupError as exc:
            raise ParserUnavailable(
                f"The unstructured parser needs the NLTK data {resource!r}, which it would "
                "download on first use; this server is offline. Install it ahead of time or set "
                "DOCUMENT_PARSER_BACKEND=default."
            ) from exc
    return partition


def make_unstructured_parser(kind: DocumentKind) -> Any:
    """A parser for `kind` that runs `unstructured.partition.auto.partition`."""

    def parse(data: bytes, limits: ParseLimits) -> list[Section]:
        partition = _require_unstructured()
        if kind is DocumentKind.DOCX:
            check_zip_container(data, limits)
        try:
            elements = partition.partition(
                file=io.BytesIO(data), content_type=kind.content_type, strategy="fast"
            )
        except Exception as exc:
            raise DocumentParseError(
                f"The unstructured parser could not read the file: {exc}"
            ) from exc
        budget = TextBudget(limits.max_text_chars)
        sections: list[Section] = []
        path: list[tuple[int, str]] = []
        blocks: list[str] = []
        page: int | None = None

        def flush() -> None:
            text = "\n\n".join(blocks)
            if text.strip():
                sections.append(Section(text=text, headings=tuple(t for _, t in path), page=page))
            blocks.clear()

        for element in elements:
            text = budget.take(str(element))
            meta = getattr(element, "metadata", None)
            element_page = getattr(meta, "page_number", None)
            if element_page != page:
                flush()
                page = element_page
            if getattr(element, "category", "") == "Title" and text.strip():
                flush()
                level = int(getattr(meta, "category_depth", 0) or 0) + 1
                while path and path[-1][0] >= level:
                    path.pop()
                path.append((level, text.strip()))
            elif text.strip():
                blocks.append(text)
        flush()
        return sections

    return parse
