"""Every templating rule, table-driven."""

from __future__ import annotations

import pytest

from workflows.engine.templating import inputs_collect, template_render, value_render

IMAGE = {"name": "cat.png", "type": "image/png", "base64": "iVBORw0KGgo="}
STORE = {
    "userInput": {"text": "hello", "image": IMAGE},
    "summary": {"points": ["a", "b"], "score": 0.5},
    "count": 3,
    "flag": True,
    "nothing": None,
    "list": [{"name": "x"}],
}

RENDER = [
    ("exactly one placeholder keeps an object", "{{ summary }}", STORE["summary"]),
    ("exactly one placeholder keeps an image", "{{userInput.image}}", IMAGE),
    ("surrounding whitespace still counts as one placeholder", "  {{ count }} \n", 3),
    ("one placeholder keeps a number", "{{count}}", 3),
    ("one placeholder keeps null", "{{nothing}}", None),
    ("dot path into an object", "{{ userInput.text }}", "hello"),
    ("list index in a path", "{{ list.0.name }}", "x"),
    ("text around a placeholder makes a string", "Say {{userInput.text}}!", "Say hello!"),
    ("objects inside text become indented JSON", "S: {{summary.points}}", 'S: [\n  "a",\n  "b"\n]'),
    ("numbers and booleans inside text", "{{count}}/{{flag}}", "3/true"),
    ("null inside text", "[{{nothing}}]", "[null]"),
    ("several placeholders", "{{ userInput.text }} {{userInput.text}}", "hello hello"),
    ("no placeholder", "plain text", "plain text"),
    ("missing key stays verbatim", "Hi {{ ghost }}", "Hi {{ ghost }}"),
    ("missing single placeholder stays verbatim", "{{ghost.deep}}", "{{ghost.deep}}"),
    ("path past a leaf is missing", "{{count.x}}", "{{count.x}}"),
    ("single braces are text", "{ userInput.text }", "{ userInput.text }"),
]


@pytest.mark.parametrize(
    ("template", "expected"), [r[1:] for r in RENDER], ids=[r[0] for r in RENDER]
)
def test_template_render(template, expected):
    assert template_render(template, STORE).value == expected


@pytest.mark.parametrize(
    ("template", "warnings"),
    [
        ("{{ghost}}", 1),
        ("a {{ghost}} b {{other}}", 2),
        ("{{ userInput.text }}", 0),
        ("{{ nothing }}", 0),
    ],
)
def test_missing_keys_are_warned_about(template, warnings):
    rendered = template_render(template, STORE)
    assert len(rendered.warnings) == warnings
    assert all("left as written" in w for w in rendered.warnings)


def test_static_objects_are_rendered_inside():
    rendered = value_render({"t": "{{userInput.text}}", "n": [1, "{{count}}"], "k": None}, STORE)
    assert rendered.value == {"t": "hello", "n": [1, 3], "k": None}


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["summary.points"], {"points": ["a", "b"]}),
        (["userInput.text", "count"], {"text": "hello", "count": 3}),
        (["userInput.image"], {"image": IMAGE}),
        (["list.0.name"], {"name": "x"}),
        ([], {}),
    ],
)
def test_input_keys_are_exposed_under_their_last_segment(keys, expected):
    assert inputs_collect(keys, STORE).value == expected


def test_missing_input_key_is_left_out_with_a_warning():
    collected = inputs_collect(["userInput.text", "ghost.value"], STORE)
    assert collected.value == {"text": "hello"}
    assert collected.warnings == ["input ghost.value is not in the data store"]
