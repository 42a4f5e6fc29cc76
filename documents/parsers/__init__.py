"""The parsers: one per (backend, kind), the backend chosen by DOCUMENT_PARSER_BACKEND.

The default backend is offline and light (pypdf + pdfminer.six, python-docx, BeautifulSoup/lxml,
markdown-it-py, charset-normalizer). Every backend honours the same `ParseLimits`.
"""

from __future__ import annotations

from typing import Final

from django.conf import settings

from documents.exceptions import ParserUnavailable
from documents.parsers.base import DocumentKind, ParseLimits, Parser, Section
from documents.parsers.markup import parse_html
from documents.parsers.pdf import parse_pdf
from documents.parsers.plain import parse_markdown, parse_text
from documents.parsers.unstructured_backend import make_unstructured_parser
from documents.parsers.word import parse_docx

_PARSERS: Final[dict[tuple[str, DocumentKind], Parser]] = {
    ("default", DocumentKind.TEXT): parse_text,
    ("default", DocumentKind.MARKDOWN): parse_markdown,
    ("default", DocumentKind.HTML): parse_html,
    ("default", DocumentKind.PDF): parse_pdf,
    ("default", DocumentKind.DOCX): parse_docx,
    **{("unstructured", kind): make_unstructured_parser(kind) for kind in DocumentKind},
}


def parser_get(kind: DocumentKind, backend: str | None = None) -> Parser:
    """The parser of `kind` in `backend` (default: the DOCUMENT_PARSER_BACKEND setting)."""
    name = (backend or settings.DOCUMENT_PARSER_BACKEND).strip().lower()
    try:
        return _PARSERS[(name, kind)]
    except KeyError:
        raise ParserUnavailable(
            f"No {kind.value} parser in the {name!r} backend; DOCUMENT_PARSER_BACKEND must be "
            "default or unstructured."
        ) from None


def document_bytes_parse(
    *,
    data: bytes,
    kind: DocumentKind,
    limits: ParseLimits | None = None,
    backend: str | None = None,
) -> list[Section]:
    """Parse a file's bytes into sections with the configured backend and caps."""
    return parser_get(kind, backend)(data, limits or ParseLimits.from_settings())


__all__ = [
    "DocumentKind",
    "ParseLimits",
    "Parser",
    "Section",
    "document_bytes_parse",
    "parser_get",
]
