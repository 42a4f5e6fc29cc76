"""Type sniffing runs on user bytes before anything else: it must stay linear on any input.

Each pathological input below made the old backtracking patterns run for seconds to hours
(`(<!--.*?-->\\s*)*` doubles its work with every extra `<!---->`; `^\\s*[-*+]` is quadratic in
newlines). The corpus is sniffed in a subprocess with a generous timeout, so a regression shows as a
hung child rather than as a wall-clock threshold inside the test process.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from documents.parsers.base import DocumentKind
from documents.parsers.detection import SNIFF_BYTES, document_kind_detect

REPO_ROOT = Path(__file__).resolve().parents[2]

# name -> a Python expression building the bytes (evaluated in the child process).
PATHOLOGICAL: dict[str, str] = {
    "empty comments before no tag": "b'<!---->' * 40 + b'x'",
    "many empty comments": f"(b'<!---->' * {SNIFF_BYTES // 7})[:{SNIFF_BYTES}]",
    "comments with spaces": f"(b'<!-- --> \\n' * {SNIFF_BYTES // 10})",
    "unclosed comment": f"b'<!--' + b'-' * {SNIFF_BYTES - 4}",
    "comment opener repeated": f"b'<!--' * {SNIFF_BYTES // 4}",
    "xml prolog without end": f"b'<?xml' + b' ' * {SNIFF_BYTES - 5}",
    "only newlines": f"b'\\n' * {SNIFF_BYTES}",
    "newlines then a dash": f"b'\\n' * {SNIFF_BYTES - 2} + b'- '",
    "spaces and newlines": f"b' \\n\\t' * {SNIFF_BYTES // 3}",
    "list markers without text": f"b'- \\n' * {SNIFF_BYTES // 3}",
    "open brackets": f"b'[' * {SNIFF_BYTES}",
    "bracket link openers": f"b'[a](' * {SNIFF_BYTES // 4}",
    "close-open pairs": f"b'[a](](' * {SNIFF_BYTES // 6}",
    "setext lookalikes": f"b'a\\n=\\t' * {SNIFF_BYTES // 5}",
    "hashes": f"b'#' * {SNIFF_BYTES}",
    "html tag soup": f"b'<' + b'</p' * {SNIFF_BYTES // 3}",
}

CHILD = textwrap.dedent(
    """
    import io, sys, time
    import django
    django.setup()
    from core.exceptions import ApplicationError
    from documents.parsers.detection import document_kind_detect

    worst = 0.0
    for name, expr in CORPUS.items():
        data = eval(expr)
        started = time.perf_counter()
        try:
            document_kind_detect(io.BytesIO(data), len(data))
        except ApplicationError:
            pass
        worst = max(worst, time.perf_counter() - started)
    print(f"{len(CORPUS)} inputs, slowest {worst * 1000:.1f} ms")
    """
)


def test_sniffing_pathological_inputs_finishes_in_a_subprocess() -> None:
    script = f"CORPUS = {PATHOLOGICAL!r}\n{CHILD}"
    try:
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={**_env(), "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_ENV": "test"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail("type sniffing did not finish the pathological corpus: a pattern backtracks")
    assert done.returncode == 0, done.stderr
    assert f"{len(PATHOLOGICAL)} inputs" in done.stdout


def _env() -> dict[str, str]:
    return dict(os.environ)


def _kind(data: bytes) -> DocumentKind:
    return document_kind_detect(io.BytesIO(data), len(data))


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"<!-- a -->\n<!---->  <html><body>x</body></html>", DocumentKind.HTML),
        (b'<?xml version="1.0"?>\n<!-- c --><!DOCTYPE html><p>x</p>', DocumentKind.HTML),
        (b"\xef\xbb\xbf<!doctype html><title>t</title>", DocumentKind.HTML),
        (b"<!-- unclosed <html>", DocumentKind.TEXT),
        (b"# Title\n\ntext", DocumentKind.MARKDOWN),
        (b"Title\n=====\n\ntext", DocumentKind.MARKDOWN),
        (b"Title\n---  \ntext", DocumentKind.MARKDOWN),
        (b"see [the docs](https://example.com) here", DocumentKind.MARKDOWN),
        (b"a [[nested](x) link", DocumentKind.MARKDOWN),
        (b"- one\n- two\n", DocumentKind.MARKDOWN),
        (b"  * one\n\n  * two\n", DocumentKind.MARKDOWN),
        (b"```\ncode\n```", DocumentKind.MARKDOWN),
        (b"- one item only\nthen prose", DocumentKind.TEXT),
        (b"[empty]() and [](x) are not links", DocumentKind.TEXT),
        (b"[a] (b) spaced", DocumentKind.TEXT),
        (b"#hashtag is not a heading", DocumentKind.TEXT),
        (b"plain words\nover lines\n", DocumentKind.TEXT),
    ],
)
def test_sniffing_still_tells_html_markdown_and_text_apart(data: bytes, kind: DocumentKind) -> None:
    assert _kind(data) == kind
