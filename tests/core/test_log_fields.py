"""No log call passes a field that LogRecord owns (logging raises KeyError: a 500 at run time)."""

import ast
import logging
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APPS = [
    "config",
    "core",
    "accounts",
    "models_catalog",
    "prompts",
    "gemini",
    "documents",
    "workflows",
]
RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def _extra_keys(tree: ast.AST):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "extra" and isinstance(keyword.value, ast.Dict):
                for key in keyword.value.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        yield key.value, node.lineno


def test_log_calls_use_no_reserved_logrecord_fields():
    offenders = [
        f"{path.relative_to(REPO)}:{line} uses {key!r}"
        for app in APPS
        for path in (REPO / app).rglob("*.py")
        for key, line in _extra_keys(ast.parse(path.read_text(), str(path)))
        if key in RESERVED
    ]
    assert offenders == []


def test_the_check_sees_a_reserved_field():
    tree = ast.parse('logger.info("x", extra={"created": 1, "fine": 2})')
    assert [key for key, _ in _extra_keys(tree) if key in RESERVED] == ["created"]
