"""Plain text and Markdown (markdown-it-py finds the headings)."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from markdown_it import MarkdownIt

from documents.exceptions import DocumentParseError
from documents.parsers.base import ParseLimits, Section, TextBudget

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> str:
    """Bytes → str: a BOM or valid UTF-8 first, else charset-normalizer's best guess."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DocumentParseError("The text encoding of the file could not be recognised.")
    return str(best)


def parse_text(data: bytes, limits: ParseLimits) -> list[Section]:
    """One section: plain text has no headings."""
    text = TextBudget(limits.max_text_chars).take(decode_text(data))
    return [Section(text=text)] if text.strip() else []


def parse_markdown(data: bytes, limits: ParseLimits) -> list[Section]:
    """Sections split at ATX/setext headings, each with its heading path."""
    source = TextBudget(limits.max_text_chars).take(decode_text(data))
    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    blocks: list[str] = []

    def flush() -> None:
        text = "\n\n".join(b for b in blocks if b.strip())
        if text.strip():
            sections.append(Section(text=text, headings=tuple(title for _, title in path)))
        blocks.clear()

    in_heading = 0
    for token in tokens:
        if token.type == "heading_open":
            flush()
            in_heading = int(token.tag[1:])
        elif token.type == "heading_close":
            in_heading = 0
        elif token.type == "inline" and in_heading:
            while path and path[-1][0] >= in_heading:
                path.pop()
            path.append((in_heading, token.content.strip()))
        elif token.type in {"inline", "fence", "code_block", "html_block"}:
            blocks.append(token.content)
    flush()
    return sections
