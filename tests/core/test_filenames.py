"""User-supplied file names, for display and for download (core/filenames.py)."""

from __future__ import annotations

import pytest

from core.filenames import file_name_display, file_name_download


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\report.pdf", "report.pdf"),
        (".hidden", "hidden"),
        ("", "untitled"),
        (None, "untitled"),
        ("bad\x00name\x1b.txt", "badname.txt"),
        ("a" * 300 + ".docx", "a" * 250 + ".docx"),
        ("a" * 300 + "." + "x" * 20, "a" * 254),
    ],
)
def test_display_names_are_one_printable_path_component(raw, clean):
    assert file_name_display(raw) == clean


@pytest.mark.parametrize(
    ("stem", "name"),
    [
        ("Explain Recursion: a Guide!", "explain-recursion-a-guide.json"),
        ('quote " and ; semicolon', "quote-and-semicolon.json"),
        ("Ünïcödé", "unicode.json"),
        ("???", "fallback.json"),
        ("x" * 200, "x" * 80 + ".json"),
    ],
)
def test_download_names_are_safe_ascii_slugs(stem, name):
    assert file_name_download(stem, extension="json", default="fallback") == name
