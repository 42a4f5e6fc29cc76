"""Fencing of user-supplied text (placeholders: tests/core/test_placeholders.py)."""

from gemini import instructions


def test_fence_uses_an_unguessable_tag_and_truncates():
    fenced = instructions.fence("doc.txt", "x" * 50, limit=10)
    first, *_, last = fenced.splitlines()
    tag = first.split()[1]
    assert first == f"<<<DATA {tag} doc.txt>>>"
    assert last == f"<<<END DATA {tag}>>>"
    assert "[... truncated]" in fenced
    assert instructions.fence("d", "y") != instructions.fence("d", "y")
