"""The schema check of every API response (tests/openapi.py) finds what it is there to find."""

from __future__ import annotations

import uuid

import pytest
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse

from tests.openapi import SchemaCheckedClient, operation_for, response_schema_errors

ERROR = {"code": "not_found", "message": "Not found.", "details": {}}


def test_a_literal_path_wins_over_a_path_parameter():
    library = operation_for("GET", "/api/prompts/export")
    assert library is not None
    assert library[0] == "/api/prompts/export"
    assert library[1]["operationId"] == "prompts_export_library"
    one = operation_for("GET", f"/api/prompts/{uuid.uuid4()}")
    assert one is not None
    assert one[0] == "/api/prompts/{id}"


def test_paths_and_methods_outside_the_schema_have_no_operation():
    assert operation_for("GET", "/admin/") is None
    assert operation_for("DELETE", "/api/health") is None
    assert operation_for("OPTIONS", "/api/prompts") is None


def test_an_undocumented_status_is_reported():
    errors = response_schema_errors("GET", "/api/health", JsonResponse(ERROR, status=404))
    assert errors == [
        "GET /api/health answered 404, which the schema does not document (it has ['200', '503'])"
    ]


def test_a_body_off_the_schema_is_reported_with_its_path():
    response = JsonResponse({"code": "not_found", "message": 3, "details": {}}, status=404)
    errors = response_schema_errors("GET", f"/api/prompts/{uuid.uuid4()}", response)
    assert len(errors) == 1
    assert "message: 3 is not of type 'string'" in errors[0]


def test_a_documented_error_envelope_passes():
    response = JsonResponse(ERROR, status=404)
    assert response_schema_errors("GET", f"/api/prompts/{uuid.uuid4()}", response) == []


def test_an_undocumented_content_type_is_reported():
    response = HttpResponse("<h1>Not found</h1>", status=404, content_type="text/html")
    (error,) = response_schema_errors("GET", f"/api/prompts/{uuid.uuid4()}", response)
    assert "as text/html, documented as ['application/json']" in error


def test_a_body_where_none_is_documented_is_reported():
    response = HttpResponse(b"{}", status=204, content_type="application/json")
    (error,) = response_schema_errors("DELETE", f"/api/prompts/{uuid.uuid4()}", response)
    assert "with a body, documented as having none" in error


def test_a_stream_is_checked_for_status_and_content_type_only():
    def events():
        yield b"event: snapshot\ndata: {}\n\n"

    stream = StreamingHttpResponse(events(), content_type="text/event-stream")
    assert response_schema_errors("GET", f"/api/runs/{uuid.uuid4()}/events", stream) == []
    json_stream = StreamingHttpResponse(events(), content_type="application/x-ndjson")
    assert response_schema_errors("GET", f"/api/runs/{uuid.uuid4()}/events", json_stream)


@pytest.mark.django_db
def test_the_client_fails_the_test_on_a_mismatch(monkeypatch):
    def wrong_health():
        return {"status": "sideways", "checks": {}}, True

    monkeypatch.setattr("core.views.health_report", wrong_health)
    with pytest.raises(AssertionError, match="status: 'sideways' is not one of"):
        SchemaCheckedClient().get("/api/health")
