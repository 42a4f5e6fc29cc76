"""docx through python-docx, after the zip container passed the bomb checks."""

from __future__ import annotations

import io
import re
import zipfile

from documents.exceptions import DocumentParseError, DocumentTooLarge
from documents.parsers.base import ParseLimits, Section, TextBudget

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def zip_entry_count(data: bytes) -> int | None:
    """The entry count in the end-of-central-directory record, read without parsing the archive.

    None when there is no record; 0xFFFF (a ZIP64 archive) counts as "too many" for our caps.
    """
    tail = data[-(22 + 0xFFFF) :]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    return int.from_bytes(tail[at + 10 : at + 12], "little")


def check_zip_container(data: bytes, limits: ParseLimits) -> None:
    """Refuse a zip bomb before anything decompresses it: entry count, then the declared sizes.

    zipfile never inflates an entry past its declared size (and fails on a CRC mismatch), so
    capping the declared sizes bounds the memory python-docx can use.
    """
    entries = zip_entry_count(data)
    if entries is None:
        raise DocumentParseError("The file is not a valid docx (zip) archive.")
    if entries > limits.zip_max_entries:
        raise DocumentTooLarge(
            f"The docx archive has {entries:,} entries; the limit is {limits.zip_max_entries:,}."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentParseError("The docx archive is damaged.") from exc
    if len(infos) > limits.zip_max_entries:
        raise DocumentTooLarge(
            f"The docx archive has {len(infos):,} entries; the limit is {limits.zip_max_entries:,}."
        )
    total = sum(info.file_size for info in infos)
    if total > limits.zip_max_uncompressed_bytes:
        raise DocumentTooLarge(
            f"The docx would expand to {total:,} bytes; the limit is "
            f"{limits.zip_max_uncompressed_bytes:,} (a zip bomb?)."
        )


def parse_docx(data: bytes, limits: ParseLimits) -> list[Section]:
    """Paragraphs and tables in body order; "Heading N" and "Title" styles give the path."""
    check_zip_container(data, limits)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise DocumentParseError("The docx file is damaged or not a Word document.") from exc

    budget = TextBudget(limits.max_text_chars)
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    blocks: list[str] = []

    def flush() -> None:
        text = "\n\n".join(blocks)
        if text.strip():
            sections.append(Section(text=text, headings=tuple(t for _, t in path)))
        blocks.clear()

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = budget.take(block.text)
            style = (block.style.name if block.style is not None else "") or ""
            match = _HEADING_STYLE.match(style)
            level = 0 if style.lower() == "title" else int(match.group(1)) if match else None
            if level is not None and text.strip():
                flush()
                while path and path[-1][0] >= level:
                    path.pop()
                path.append((level, text.strip()))
            elif text.strip():
                blocks.append(text)
        elif isinstance(block, Table):
            rows = []
            for row in block.rows:
                cells = [budget.take(cell.text.strip()) for cell in row.cells]
                rows.append(" | ".join(c for c in cells if c))
            blocks.append("\n".join(r for r in rows if r))
    flush()
    return sections
