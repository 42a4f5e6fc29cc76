"""The V8 sandbox of TEXT_MANIPULATION: results as JSON, hard limits, no host access."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT
from workflows.engine.sandbox import SandboxError, js_function_run


@pytest.mark.parametrize(
    ("body", "inputs", "expected"),
    [
        ("return inputs.text.toUpperCase();", {"text": "abc"}, "ABC"),
        ("return inputs.items.map(x => x * 2);", {"items": [1, 2]}, [2, 4]),
        ("return {n: inputs.a.b, ok: true};", {"a": {"b": None}}, {"n": None, "ok": True}),
        ("return;", {}, None),
        (
            "return inputs;",
            {"quote": 'it\'s "fine" </script> \u2028'},
            {"quote": 'it\'s "fine" </script> \u2028'},
        ),
        ("return new Date(0).toISOString();", {}, "1970-01-01T00:00:00.000Z"),
    ],
)
def test_the_body_gets_inputs_and_returns_json(body, inputs, expected):
    assert js_function_run(body, inputs) == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("return require('fs').readFileSync('/etc/passwd');", "require is not defined"),
        ("return process.env;", "process is not defined"),
        ("return fetch('http://example.com');", "fetch is not defined"),
        ("return new XMLHttpRequest();", "XMLHttpRequest is not defined"),
        ("return Deno.env;", "Deno is not defined"),
        ("setTimeout(() => 1, 10); return 1;", "setTimeout is not a function"),
    ],
)
def test_no_host_access(body, message):
    with pytest.raises(SandboxError, match=message):
        js_function_run(body, {})


def test_a_syntax_error_is_reported_with_its_message():
    with pytest.raises(SandboxError, match="SyntaxError: Unexpected token"):
        js_function_run("return inputs.a +;", {"a": 1})


def test_a_thrown_error_is_reported():
    with pytest.raises(SandboxError, match="Error: boom"):
        js_function_run("throw new Error('boom');", {})


def test_an_infinite_loop_is_stopped_by_the_time_limit():
    # In a child process: were the limit broken, the loop would never end, and the child is
    # killed (the test fails) instead of this session hanging.
    code = (
        "from workflows.engine.sandbox import SandboxError, js_function_run\n"
        "try:\n"
        "    js_function_run('while (true) {}', {}, timeout_seconds=0.3)\n"
        "except SandboxError as exc:\n"
        "    print(exc)\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert (
        child.stdout.strip() == "the code ran longer than its time limit of 0.3 s and was stopped"
    )


def test_a_memory_bomb_is_stopped_by_the_memory_cap_not_the_clock():
    # Were the cap broken, the time limit would end the call, with another message.
    with pytest.raises(SandboxError, match="memory limit of 16 MB"):
        js_function_run(
            "const a = []; while (true) a.push(new Array(100000).fill('x'));",
            {},
            timeout_seconds=10,
            max_memory_bytes=16 * 1024 * 1024,
        )


def test_a_promise_is_refused():
    with pytest.raises(SandboxError, match="not a Promise"):
        js_function_run("return Promise.resolve(1);", {})


def test_overwriting_json_cannot_fake_the_result():
    assert js_function_run("JSON.stringify = () => '42'; return {a: 1};", {}) == {"a": 1}


def test_state_does_not_leak_between_executions():
    js_function_run("globalThis.secret = inputs.s; return 1;", {"s": "user-a"})
    assert js_function_run("return typeof globalThis.secret;", {}) == "undefined"


def test_escaping_the_wrapper_stays_inside_the_sandbox():
    body = "}; return 1; })(); (function () { return typeof require;"
    with pytest.raises(SandboxError):
        js_function_run(body, {})
