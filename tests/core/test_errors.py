"""Every failure under /api/ is the JSON envelope of API.md, never HTML or a traceback."""

import json
import logging

import pytest

pytestmark = pytest.mark.urls("tests.core.urls_boom")


def _assert_envelope(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    return body


def test_unknown_api_path_is_a_json_404(anon_client):
    body = _assert_envelope(anon_client.get("/api/no/such/thing"), 404, "not_found")
    assert "/api/no/such/thing" in body["message"]


def test_unhandled_exception_in_api_view_is_a_500_envelope_without_traceback(anon_client):
    anon_client.raise_request_exception = False
    response = anon_client.get("/api/test/boom")
    body = _assert_envelope(response, 500, "internal_error")
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert body["details"] == {}


def test_unhandled_exception_in_plain_django_view_under_api_is_an_envelope(anon_client):
    anon_client.raise_request_exception = False
    response = anon_client.get("/api/test/plain-boom")
    _assert_envelope(response, 500, "internal_error")
    assert "plain django view failure" not in response.content.decode()


def test_validation_error_lists_camel_case_field_paths(anon_client):
    response = anon_client.post(
        "/api/test/echo", {"sflTenor": {"targetAudience": "not-a-list"}}, format="json"
    )
    body = _assert_envelope(response, 400, "validation_error")
    fields = body["details"]["fields"]
    assert set(fields) == {"title", "sflTenor.targetAudience"}
    assert all(isinstance(m, str) for msgs in fields.values() for m in msgs)


def test_malformed_json_is_a_parse_error(anon_client):
    response = anon_client.generic(
        "POST", "/api/test/echo", "{not json", content_type="application/json"
    )
    _assert_envelope(response, 400, "parse_error")


def test_missing_token_is_not_authenticated(anon_client):
    _assert_envelope(anon_client.get("/api/models"), 401, "not_authenticated")


def test_garbage_token_is_token_invalid(anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Bearer not.a.jwt")
    _assert_envelope(anon_client.get("/api/models"), 401, "token_invalid")


@pytest.mark.django_db
def test_wrong_method_is_an_envelope(api_client):
    _assert_envelope(api_client.delete("/api/models"), 405, "method_not_allowed")


def test_response_carries_a_request_id_and_echoes_a_given_one(anon_client):
    generated = anon_client.get("/api/no/such/thing")
    assert len(generated["X-Request-ID"]) == 32
    echoed = anon_client.get("/api/no/such/thing", HTTP_X_REQUEST_ID="abc-123")
    assert echoed["X-Request-ID"] == "abc-123"
    hostile = anon_client.get("/api/no/such/thing", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert hostile["X-Request-ID"] != "bad id\nwith newline"


def test_error_log_lines_carry_the_request_id_as_json(anon_client, caplog):
    from core.logging import JSONFormatter

    anon_client.raise_request_exception = False
    with caplog.at_level(logging.ERROR):
        response = anon_client.get("/api/test/boom", HTTP_X_REQUEST_ID="req-42")
    records = [r for r in caplog.records if r.getMessage() == "unhandled exception in API view"]
    assert records, "the failure was not logged"
    record = records[0]
    line = json.loads(JSONFormatter().format(record))
    assert line["request_id"] == "req-42" == response["X-Request-ID"]
    assert line["level"] == "ERROR"
    assert line["view"] == "BoomView"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        '{"title": "a\\u0000b", "promptText": "x"}',
        '{"title": "t", "promptText": "x", "sflField": {"topic": "\\u0000"}}',
        '{"title": "t", "promptText": "x", "sflTenor": {"targetAudience": ["\\u0000"]}}',
    ],
)
def test_a_nul_character_anywhere_in_json_is_a_parse_error(api_client, body):
    response = api_client.generic("POST", "/api/prompts", body, content_type="application/json")
    _assert_envelope(response, 400, "parse_error")
