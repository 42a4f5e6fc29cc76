"""What an upload is, judged by its bytes; the file name's extension is never trusted."""

from __future__ import annotations

import codecs
import re
import zipfile
from typing import IO

from charset_normalizer import from_bytes

from core.exceptions import UnsupportedMediaType
from documents.parsers.base import DocumentKind
from documents.parsers.plain import BOMS
from documents.parsers.word import zip_entry_count

SNIFF_BYTES = 64 * 1024
_ZIP_TAIL_BYTES = 22 + 0xFFFF
_SUPPORTED = "Supported types: plain text, Markdown, HTML, PDF and Word (.docx)."

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"MZ\x90\x00", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file"),
    (b"RIFF", "a media file"),
    (b"OggS", "a media file"),
    (b"ID3", "an audio file"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
)
# Every pattern below runs on user bytes, so none may backtrack: the HTML prologue and the
# Markdown cues are scanned line by line with anchored, linear checks (no nested or adjacent
# unbounded repeats), and the whole sniff reads at most SNIFF_BYTES.
_HTML_ROOT = re.compile(rb"<(!doctype[ \t\r\n\f\v]+html|html|head|body)\b", re.I)
_HTML_TAGS = re.compile(r"</(html|body|p|div|h[1-6]|span|a|li|ul|ol|table|section|article)>", re.I)
_SPACE = re.compile(rb"[ \t\r\n\f\v]*")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_MD_HEADING = re.compile(r"#{1,6}[ \t]+\S")
_MD_SETEXT_UNDERLINE = re.compile(r"(=+|-+)[ \t]*")
_MD_LIST_ITEM = re.compile(r"[ \t]*[-*+][ \t]+\S")


def _space_end(data: bytes, pos: int) -> int:
    match = _SPACE.match(data, pos)
    return match.end() if match else pos


def _html_start(head: bytes) -> bool:
    """`<?xml …?>`, comments and white space, then an html/head/body tag or an HTML doctype."""
    pos = _space_end(head, 0)
    if head.startswith(b"<?xml", pos):
        end = head.find(b">", pos)
        if end < 0:
            return False
        pos = end + 1
    while True:
        pos = _space_end(head, pos)
        if not head.startswith(b"<!--", pos):
            return _HTML_ROOT.match(head, pos) is not None
        end = head.find(b"-->", pos + 4)
        if end < 0:
            return False
        pos = end + 3


def _has_markdown_link(line: str) -> bool:
    """`[text](target)` somewhere in one line, found in one pass (no rescans of the line)."""
    opened = -1  # the earliest `[` since the last `]`
    scanned_to = -1  # a failed target scan stopped here; later starts before it fail too
    for i, ch in enumerate(line):
        if ch == "[" and opened < 0:
            opened = i
        elif ch == "]":
            start = i + 2
            has_text = opened >= 0 and i - opened >= 2
            if has_text and line.startswith("(", i + 1) and start > scanned_to:
                end = start
                while end < len(line) and line[end] != ")" and not line[end].isspace():
                    end += 1
                if end > start and end < len(line) and line[end] == ")":
                    return True
                scanned_to = end
            opened = -1
    return False


def _looks_like_markdown(text: str) -> bool:
    """A heading, a fence, a setext underline, a link, or two list items in a row."""
    previous = ""
    list_item_before = False
    for line in text.splitlines():
        if not line or line.isspace():
            previous = ""
            continue
        if line.startswith("```") or _MD_HEADING.match(line):
            return True
        if "](" in line and _has_markdown_link(line):
            return True
        if previous[:1].strip() and _MD_SETEXT_UNDERLINE.fullmatch(line):
            return True
        is_item = _MD_LIST_ITEM.match(line) is not None
        if is_item and list_item_before:
            return True
        list_item_before = is_item
        previous = line
    return False


def _unsupported(what: str) -> UnsupportedMediaType:
    return UnsupportedMediaType(f"This file looks like {what}, which is not accepted. {_SUPPORTED}")


def _sample_text(sample: bytes) -> str | None:
    """The decoded sample, or None when it is binary (its end may cut a character in two)."""
    for bom, encoding in BOMS:
        if sample.startswith(bom):
            decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
            try:
                return str(decoder.decode(sample, final=False))
            except UnicodeDecodeError:
                return None
    if b"\x00" in sample:
        return None
    try:
        text = str(codecs.getincrementaldecoder("utf-8")().decode(sample, final=False))
    except UnicodeDecodeError:
        best = from_bytes(sample).best()
        if best is None:
            return None
        text = str(best)
    controls = len(_CONTROL_CHARS.findall(text))
    return None if controls > max(2, len(text) // 100) else text


def _zip_kind(file: IO[bytes], size: int) -> DocumentKind:
    file.seek(max(0, size - _ZIP_TAIL_BYTES))
    entries = zip_entry_count(file.read())
    if entries is None:
        raise _unsupported("a damaged zip archive")
    if entries > 10_000:
        raise _unsupported(f"a zip archive with {entries:,} entries")
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _unsupported("a damaged zip archive") from None
    if "word/document.xml" in names:
        return DocumentKind.DOCX
    raise _unsupported("a zip archive (other than a Word .docx)")


def document_kind_detect(file: IO[bytes], size: int) -> DocumentKind:
    """Sniff a seekable upload: magic bytes for PDF/docx/binaries, else text → html/md/txt."""
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    try:
        if b"%PDF-" in head[:1024]:
            return DocumentKind.PDF
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(file, size)
        for magic, what in _BINARY_MAGIC:
            if head.startswith(magic):
                raise _unsupported(what)
        text = _sample_text(head)
        if text is None:
            raise _unsupported("binary data")
        if _html_start(head.removeprefix(b"\xef\xbb\xbf")) or (
            text.lstrip().startswith("<") and len(_HTML_TAGS.findall(text[:8192])) >= 2
        ):
            return DocumentKind.HTML
        if _looks_like_markdown(text):
            return DocumentKind.MARKDOWN
        return DocumentKind.TEXT
    finally:
        file.seek(0)
