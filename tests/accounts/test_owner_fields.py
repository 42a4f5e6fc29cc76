"""No request body anywhere in the API can name an owner: ownership comes from the token only."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

OWNER_PROPERTIES = {"owner", "ownerId", "owner_id", "user", "userId", "user_id"}


def _writable_properties(schema: dict[str, Any], components: dict[str, Any]) -> set[str]:
    """Writable property names of a request schema, following $ref, allOf and nested objects."""
    if "$ref" in schema:
        return _writable_properties(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    names: set[str] = set()
    for part in schema.get("allOf", []) + schema.get("oneOf", []) + schema.get("anyOf", []):
        names |= _writable_properties(part, components)
    for name, prop in schema.get("properties", {}).items():
        if not prop.get("readOnly"):
            names.add(name)
            names |= _writable_properties(prop, components)
    if isinstance(schema.get("items"), dict):
        names |= _writable_properties(schema["items"], components)
    return names


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def test_no_request_body_accepts_an_owner_or_user_field(openapi):
    components = openapi["components"]["schemas"]
    offenders = []
    bodies = 0
    for route, operations in openapi["paths"].items():
        for method, operation in operations.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                bodies += 1
                found = _writable_properties(media["schema"], components) & OWNER_PROPERTIES
                if found:
                    offenders.append(f"{method.upper()} {route}: {sorted(found)}")
    assert bodies >= 3, "the walk found no request bodies; is the schema empty?"
    assert not offenders, "request bodies that accept an owner:\n" + "\n".join(offenders)


def test_the_owner_field_check_sees_nested_and_referenced_properties():
    components = {
        "Inner": {"type": "object", "properties": {"ownerId": {"type": "string"}}},
        "Outer": {
            "type": "object",
            "properties": {
                "id": {"type": "string", "readOnly": True},
                "user": {"type": "string", "readOnly": True},
                "child": {"$ref": "#/components/schemas/Inner"},
            },
        },
    }
    found = _writable_properties({"$ref": "#/components/schemas/Outer"}, components)
    assert found & OWNER_PROPERTIES == {"ownerId"}
