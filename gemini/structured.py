"""Structured output: model text → JSON → repaired → validated, with a precise account of failures.

Models wrap JSON in ```json fences with prose around it, leave trailing commas, or stop mid-object;
this module parses what is there (json-repair for the broken cases) and validates it against a
pydantic model or a JSON Schema. It never searches the text for substrings of the expected answer.

Schemas that callers write derive from `OutputModel` and bound every string (`ShortText`,
`MediumText` or their own `StringConstraints`): the bounds go into the JSON Schema the providers
and the local model's grammar receive, and validation enforces them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Annotated, Any

import json_repair
import jsonschema
import pydantic
from pydantic.alias_generators import to_camel

SchemaSpec = type[pydantic.BaseModel] | Mapping[str, Any]

ShortText = Annotated[
    str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
MediumText = Annotated[
    str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=600)
]


class OutputModel(pydantic.BaseModel):
    """The base of a model's answer: camelCase keys on the wire, unknown keys ignored."""

    model_config = pydantic.ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore"
    )


_FENCE = re.compile(r"```(?:json|JSON)?[ \t]*\n?(.*?)(?:```|\Z)", re.DOTALL)
_MAX_ERRORS = 10


class OutputProblem(Exception):
    """Why an answer is not usable: `errors` are `{path, message}` items."""

    def __init__(self, summary: str, errors: tuple[dict[str, str], ...] = ()) -> None:
        super().__init__(summary)
        self.summary = summary
        self.errors = errors


def _object_text(text: str) -> str:
    """The part of `text` that should hold the object: a fenced block's body, from its first `{`."""
    fenced = _FENCE.search(text)
    if fenced and "{" in fenced.group(1):
        text = fenced.group(1)
    start = text.find("{")
    return text[start:] if start >= 0 else text.strip()


def parse_json_object(text: str) -> dict[str, Any]:
    """The JSON object in a model's answer, repairing trailing commas, truncation and the like."""
    candidate = _object_text(text)
    end = candidate.rfind("}")
    value: Any = None
    try:
        # The common case: one complete object, perhaps followed by prose.
        value = json.loads(candidate[: end + 1]) if end > 0 else None
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict) and candidate.startswith("{"):
        # Broken or truncated: the repairer sees the whole tail, so a cut-off object keeps its
        # last members. It may return the object followed by whatever came after it.
        repaired: Any = json_repair.loads(candidate)
        if isinstance(repaired, list):
            repaired = next((item for item in repaired if isinstance(item, dict)), None)
        value = repaired
    if not isinstance(value, dict) or not value:
        raise OutputProblem(
            "The answer contains no JSON object.",
            ({"path": "", "message": "expected a JSON object"},),
        )
    return value


def _path(parts: Any) -> str:
    return ".".join(str(p) for p in parts)


def _coerce_to_schema(value: Any, schema: Mapping[str, Any]) -> Any:
    """Small, safe coercions: a lone string where a list of strings is expected becomes a list."""
    kind = schema.get("type")
    if kind == "array" and isinstance(value, str):
        return [value] if value.strip() else []
    if kind == "object" and isinstance(value, dict):
        properties: Mapping[str, Any] = schema.get("properties", {})
        return {
            key: _coerce_to_schema(item, properties[key]) if key in properties else item
            for key, item in value.items()
        }
    if kind == "array" and isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        return [_coerce_to_schema(item, schema["items"]) for item in value]
    return value


def validate(value: dict[str, Any], spec: SchemaSpec) -> dict[str, Any]:
    """`value` checked (and lightly coerced) against `spec`; plain JSON data out."""
    if isinstance(spec, type) and issubclass(spec, pydantic.BaseModel):
        try:
            instance = spec.model_validate(value)
        except pydantic.ValidationError as exc:
            errors = tuple(
                {"path": _path(err["loc"]), "message": err["msg"]}
                for err in exc.errors()[:_MAX_ERRORS]
            )
            raise OutputProblem(_summary(errors), errors) from exc
        data: dict[str, Any] = instance.model_dump(mode="json", by_alias=True)
        return data
    coerced = _coerce_to_schema(value, spec)
    validator = jsonschema.Draft202012Validator(spec)
    found = sorted(validator.iter_errors(coerced), key=lambda e: list(e.absolute_path))
    if found:
        errors = tuple(
            {"path": _path(err.absolute_path), "message": err.message}
            for err in found[:_MAX_ERRORS]
        )
        raise OutputProblem(_summary(errors), errors)
    return dict(coerced)


def parse_and_validate(text: str, spec: SchemaSpec) -> dict[str, Any]:
    """The validated object in a model's answer; raises `OutputProblem`."""
    return validate(parse_json_object(text), spec)


def _summary(errors: tuple[dict[str, str], ...]) -> str:
    parts = [f"{e['path'] or '(root)'}: {e['message']}" for e in errors]
    return "The answer does not match the schema: " + "; ".join(parts)


def _inline(node: Any, defs: Mapping[str, Any], depth: int = 0) -> Any:
    if depth > 20:
        raise ValueError("Schema nesting is too deep (recursive $ref?).")
    if isinstance(node, list):
        return [_inline(item, defs, depth + 1) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = str(node["$ref"]).rsplit("/", 1)[-1]
        merged = {**defs[name], **{k: v for k, v in node.items() if k != "$ref"}}
        return _inline(merged, defs, depth + 1)
    out: dict[str, Any] = {}
    for key, item in node.items():
        if key in {"$defs", "definitions", "title", "default"}:
            continue
        if key == "properties" and isinstance(item, dict):
            out[key] = {name: _inline(sub, defs, depth + 1) for name, sub in item.items()}
        else:
            out[key] = _inline(item, defs, depth + 1)
    return out


def json_schema_of(spec: SchemaSpec) -> dict[str, Any]:
    """A self-contained JSON Schema (no `$ref`, titles or defaults) for providers and grammars."""
    if isinstance(spec, type) and issubclass(spec, pydantic.BaseModel):
        raw: dict[str, Any] = spec.model_json_schema(by_alias=True, mode="validation")
    else:
        raw = dict(spec)
    defs: Mapping[str, Any] = {**raw.get("definitions", {}), **raw.get("$defs", {})}
    schema: dict[str, Any] = _inline(raw, defs)
    return schema
