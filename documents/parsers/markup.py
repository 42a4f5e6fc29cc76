"""HTML through BeautifulSoup + lxml: scripts and styles dropped, headings kept as the path."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from documents.parsers.base import ParseLimits, Section, TextBudget

_DROPPED = ("script", "style", "noscript", "template", "svg", "iframe", "object", "head")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Private-use code points cannot occur in the text we keep, so they delimit headings safely.
_MARK = "\ue000"
_HEADING_RE = re.compile(rf"{_MARK}(\d){_MARK}(.*?){_MARK}", re.DOTALL)
_BLANK_LINES = re.compile(r"\n\s*\n+")


def parse_html(data: bytes, limits: ParseLimits) -> list[Section]:
    """Sections split at h1-h6, in document order."""
    soup = BeautifulSoup(data, "lxml")
    for tag in soup(_DROPPED):
        tag.decompose()
    for heading in soup.find_all(_HEADINGS):
        title = " ".join(heading.get_text(" ", strip=True).replace(_MARK, " ").split())
        heading.replace_with(f"\n{_MARK}{heading.name[1]}{_MARK}{title}{_MARK}\n")
    text = TextBudget(limits.max_text_chars).take(soup.get_text("\n"))

    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    position = 0

    def add(body: str) -> None:
        body = _BLANK_LINES.sub("\n\n", "\n".join(line.strip() for line in body.splitlines()))
        if body.strip():
            sections.append(Section(text=body.strip(), headings=tuple(t for _, t in path)))

    for match in _HEADING_RE.finditer(text):
        add(text[position : match.start()])
        level, title = int(match.group(1)), match.group(2)
        while path and path[-1][0] >= level:
            path.pop()
        if title:
            path.append((level, title))
        position = match.end()
    add(text[position:])
    return sections
