"""Real text for the benchmarks: Debian's python3.11-doc HTML (`apt-get install python3.11-doc`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

PYTHON_DOC_ROOTS = (
    Path("/usr/share/doc/python3.11-doc/html"),
    Path("/usr/share/doc/python3.11/html"),
)


def python_doc_root() -> Path:
    for root in PYTHON_DOC_ROOTS:
        if root.is_dir():
            return root
    raise SystemExit("Install the corpus first: apt-get install python3.11-doc")


def python_doc_pages(limit: int | None = None) -> Iterator[tuple[str, bytes]]:
    """(name, html bytes) of every manual page (library reference first), in a stable order."""
    root = python_doc_root()
    pages = sorted(
        (p for p in root.rglob("*.html") if "_" not in p.parts[-2][:1]),
        key=lambda p: (p.parent.name != "library", str(p)),
    )
    for path in pages[:limit]:
        yield str(path.relative_to(root)), path.read_bytes()
