"""Content sniffing, the parsers of every supported type, their defences, and chunking."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from core.exceptions import UnsupportedMediaType
from documents.chunking import sections_chunk, token_count
from documents.exceptions import DocumentParseError, DocumentTooLarge, ParserUnavailable
from documents.parsers import DocumentKind, ParseLimits, Section, document_bytes_parse
from documents.parsers.detection import document_kind_detect
from tests.documents import samples

LIMITS = ParseLimits(
    zip_max_uncompressed_bytes=100 * 1024 * 1024,
    zip_max_entries=1000,
    pdf_max_pages=50,
    max_text_chars=1_000_000,
)


def detect(data: bytes) -> DocumentKind:
    return document_kind_detect(io.BytesIO(data), len(data))


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (samples.text_file(), DocumentKind.TEXT),
        (samples.markdown_file(), DocumentKind.MARKDOWN),
        (samples.html_file(), DocumentKind.HTML),
        (samples.pdf_file(), DocumentKind.PDF),
        (samples.docx_file(), DocumentKind.DOCX),
        ("Grüße aus Köln, à bientôt.".encode("latin-1"), DocumentKind.TEXT),
        ("\ufeffUTF-16 text with a BOM".encode("utf-16"), DocumentKind.TEXT),
    ],
)
def test_detect_recognises_supported_types_by_content(data, kind):
    assert detect(data) is kind


@pytest.mark.parametrize(
    "data",
    [samples.disguised_binary(), samples.png_file(), samples.plain_zip(), b"\x7fELF\x02\x01"],
)
def test_detect_rejects_binary_and_other_archives(data):
    with pytest.raises(UnsupportedMediaType):
        detect(data)


def test_text_and_markdown_parsers_keep_heading_paths():
    sections = document_bytes_parse(data=samples.markdown_file(), kind=DocumentKind.MARKDOWN)
    by_heading = {s.headings: s.text for s in sections}
    assert ("Baking at home", "Bread") in by_heading
    assert "Knead the dough" in by_heading[("Baking at home", "Bread")]
    assert samples.RARE_TERM in by_heading[("Baking at home", "Storage")]


def test_html_parser_drops_scripts_and_styles_and_keeps_headings():
    sections = document_bytes_parse(data=samples.html_file(), kind=DocumentKind.HTML)
    text = " ".join(s.text for s in sections)
    assert "scriptonly" not in text
    assert "color:red" not in text
    assert any(s.headings == ("Geology", "Volcanoes") and "magma" in s.text for s in sections)


def test_pdf_parser_keeps_page_numbers():
    sections = document_bytes_parse(data=samples.pdf_file(), kind=DocumentKind.PDF)
    assert [s.page for s in sections] == [1, 2]
    assert "Gutenberg" in sections[0].text
    assert "rags" in sections[1].text


def test_pdf_parser_enforces_the_page_cap():
    pdf = samples.pdf_file([["page"]] * 5)
    limits = ParseLimits(**{**LIMITS.__dict__, "pdf_max_pages": 3})
    with pytest.raises(DocumentTooLarge, match="5 pages"):
        document_bytes_parse(data=pdf, kind=DocumentKind.PDF, limits=limits)


def test_corrupt_pdf_raises_a_readable_parse_error():
    with pytest.raises(DocumentParseError, match="PDF could not be read"):
        document_bytes_parse(data=samples.corrupt_pdf(), kind=DocumentKind.PDF, limits=LIMITS)


def test_docx_parser_reads_headings_paragraphs_and_tables():
    sections = document_bytes_parse(data=samples.docx_file(), kind=DocumentKind.DOCX)
    assert sections[0].headings == ("Running", "Marathon training")
    assert "long slow run" in sections[0].text
    assert "Week | Miles" in sections[0].text


class Inflation:
    """The bytes zip entries hand out inside `measured()`: the work of inflating, not the time."""

    def __init__(self) -> None:
        self.bytes = 0
        self._counting = False

    @contextmanager
    def measured(self) -> Iterator[None]:
        self.bytes, self._counting = 0, True
        try:
            yield
        finally:
            self._counting = False

    def add(self, data: bytes) -> bytes:
        if self._counting:
            self.bytes += len(data)
        return data


@pytest.fixture
def inflation(monkeypatch):
    counter = Inflation()
    real_read, real_read1 = zipfile.ZipExtFile.read, zipfile.ZipExtFile.read1
    monkeypatch.setattr(zipfile.ZipExtFile, "read", lambda f, n=-1: counter.add(real_read(f, n)))
    monkeypatch.setattr(zipfile.ZipExtFile, "read1", lambda f, n=-1: counter.add(real_read1(f, n)))
    return counter


def test_inflation_counts_what_an_entry_hands_out(inflation):
    docx = samples.docx_file()
    with zipfile.ZipFile(io.BytesIO(docx)) as archive, inflation.measured():
        document = archive.read("word/document.xml")
    assert inflation.bytes == len(document) > 0


def test_zip_bomb_docx_is_refused_before_its_padding_inflates(inflation):
    bomb = samples.zip_bomb_docx()
    assert len(bomb) < 2 * 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(samples.docx_file())) as real:
        real_docx_bytes = sum(info.file_size for info in real.infolist())
    tracemalloc.start()
    try:
        with pytest.raises(DocumentTooLarge, match="zip bomb"), inflation.measured():
            document_bytes_parse(data=bomb, kind=DocumentKind.DOCX, limits=LIMITS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Bounded work: at most the real document's own parts, never the 300 MiB of padding.
    assert inflation.bytes <= real_docx_bytes
    assert peak < 10 * 1024 * 1024


def test_docx_with_too_many_entries_fails_before_opening():
    with pytest.raises(DocumentTooLarge, match="entries"):
        document_bytes_parse(
            data=samples.many_entries_docx(1500), kind=DocumentKind.DOCX, limits=LIMITS
        )


def test_text_cap_stops_a_huge_text():
    limits = ParseLimits(**{**LIMITS.__dict__, "max_text_chars": 100})
    with pytest.raises(DocumentTooLarge, match="characters"):
        document_bytes_parse(data=b"word " * 100, kind=DocumentKind.TEXT, limits=limits)


def test_unstructured_backend_fails_with_a_reason_when_unavailable():
    with pytest.raises(ParserUnavailable, match="unstructured"):
        document_bytes_parse(
            data=samples.text_file(), kind=DocumentKind.TEXT, backend="unstructured"
        )


def test_unknown_backend_is_a_readable_error():
    with pytest.raises(ParserUnavailable, match="DOCUMENT_PARSER_BACKEND"):
        document_bytes_parse(data=b"x", kind=DocumentKind.TEXT, backend="nope")


def test_chunks_respect_size_overlap_and_sections():
    words = " ".join(f"w{n}" for n in range(250))
    sections = [Section(text=words, headings=("A",), page=3), Section(text="tail text", page=4)]
    drafts = sections_chunk(sections, size_tokens=100, overlap_tokens=20)
    assert [d.index for d in drafts] == list(range(len(drafts)))
    assert all(token_count(d.text) <= 100 for d in drafts)
    first, second = drafts[0].text.split(), drafts[1].text.split()
    assert first[-20:] == second[:20]
    assert drafts[-1].text == "tail text"
    assert drafts[-1].metadata == {"page": 4, "heading_path": []}
    assert drafts[0].metadata == {"page": 3, "heading_path": ["A"]}
    assert drafts[0].embedding_input.startswith("A\n\n")


def test_chunks_prefer_to_end_at_a_sentence():
    text = " ".join(["This is a sentence of eight words here."] * 20)
    drafts = sections_chunk([Section(text=text)], size_tokens=50, overlap_tokens=5)
    assert all(d.text.endswith(".") for d in drafts)
