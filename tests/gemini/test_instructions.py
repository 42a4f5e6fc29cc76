"""Variable substitution and fencing of user-supplied text."""

from gemini import instructions


def test_every_occurrence_is_substituted_and_unknown_names_stay():
    text = "{{a}} and {{ a }} and {{b}} and {{ missing }}"
    assert instructions.variables_substitute(text, {"a": "x", "b": None}) == (
        "x and x and  and {{ missing }}"
    )


def test_variables_in_order_without_repeats():
    assert instructions.variables_in("{{b}} {{ a }} {{b}} {x}") == ["b", "a"]


def test_fence_uses_an_unguessable_tag_and_truncates():
    fenced = instructions.fence("doc.txt", "x" * 50, limit=10)
    first, *_, last = fenced.splitlines()
    tag = first.split()[1]
    assert first == f"<<<DATA {tag} doc.txt>>>"
    assert last == f"<<<END DATA {tag}>>>"
    assert "[... truncated]" in fenced
    assert instructions.fence("d", "y") != instructions.fence("d", "y")
