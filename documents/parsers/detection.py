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
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAGS = re.compile(r"</(html|body|p|div|h[1-6]|span|a|li|ul|ol|table|section|article)>", re.I)
_MARKDOWN = re.compile(
    r"(^#{1,6}\s+\S)|(^```)|(^\S[^\n]*\n(=+|-+)[ \t]*$)"  # headings, fences, setext
    r"|(\[[^\]\n]+\]\([^)\s]+\))"  # links
    r"|(^\s*[-*+]\s+\S.*\n\s*[-*+]\s+\S)",  # two list items in a row
    re.M,
)


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
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v\x1b")
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
        if _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")) or (
            text.lstrip().startswith("<") and len(_HTML_TAGS.findall(text[:8192])) >= 2
        ):
            return DocumentKind.HTML
        if _MARKDOWN.search(text):
            return DocumentKind.MARKDOWN
        return DocumentKind.TEXT
    finally:
        file.seek(0)
