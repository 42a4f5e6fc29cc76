"""Bodies over their route's limit are refused (413) before anything reads or parses them."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client

from tests.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

SIX_MB = 6 * 1024 * 1024


def _login_body(padding: int, email: str = "nobody@example.com", pw: str = "x-x") -> bytes:
    return json.dumps({"email": email, "password": pw, "pad": "a" * padding}).encode()


def _chunked(client: Client, path: str, body: bytes):
    """A request with `Transfer-Encoding: chunked` and no Content-Length, as gunicorn hands it on:
    wsgi.input yields the body (already de-chunked) and then an empty read."""
    environ: dict[str, Any] = {
        "CONTENT_TYPE": "application/json",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": io.BytesIO(body),
    }
    return client.generic("POST", path, **environ)


def _assert_too_large(response, limit: int) -> None:
    assert response.status_code == 413, response.content[:300]
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == "payload_too_large"
    assert body["details"] == {"limitBytes": limit}
    assert response["X-Request-ID"]


def test_a_6_mb_unauthenticated_login_body_is_413_not_parsed(settings):
    # The finding: this was parsed in full and answered 400. Not even valid JSON here, so a parse
    # would say parse_error.
    body = b'{"email": "' + b"a" * SIX_MB
    response = Client().post("/api/auth/login", body, content_type="application/json")
    _assert_too_large(response, settings.AUTH_MAX_BODY_BYTES)


def test_a_6_mb_chunked_login_body_is_413(settings):
    response = _chunked(Client(), "/api/auth/login", _login_body(SIX_MB))
    _assert_too_large(response, settings.AUTH_MAX_BODY_BYTES)


def test_a_chunked_body_within_the_limit_is_read_like_any_other(user):
    body = _login_body(100, email=user.email, pw=DEFAULT_PASSWORD)
    response = _chunked(Client(), "/api/auth/login", body)
    assert response.status_code == 200, response.content
    assert response.json()["user"]["email"] == user.email


@pytest.mark.parametrize("path", ["/api/auth/register", "/api/auth/refresh", "/api/auth/login"])
def test_every_auth_route_has_the_small_limit(path, settings):
    settings.AUTH_MAX_BODY_BYTES = 16 * 1024
    settings.REQUEST_BODY_LIMITS = [("/api/auth/", settings.AUTH_MAX_BODY_BYTES)]
    body = _login_body(20 * 1024)
    _assert_too_large(Client().post(path, body, content_type="application/json"), 16 * 1024)
    small = Client().post(path, _login_body(100), content_type="application/json")
    assert small.status_code in {400, 401}, small.content


def test_other_routes_take_bodies_up_to_the_general_limit(api_client, settings):
    settings.REQUEST_MAX_BODY_BYTES = 64 * 1024
    prompt = {"title": "Big", "promptText": "word " * 8_000}  # ~40 KB: over the auth limit
    assert api_client.post("/api/prompts", prompt, format="json").status_code == 201
    prompt["promptText"] = "word " * 20_000  # ~100 KB
    _assert_too_large(api_client.post("/api/prompts", prompt, format="json"), 64 * 1024)


def test_the_general_limit_holds_before_authentication(settings):
    settings.REQUEST_MAX_BODY_BYTES = 1024
    response = Client().post(
        "/api/prompts", b"[" + b"1," * 4096 + b"1]", content_type="application/json"
    )
    _assert_too_large(response, 1024)


def test_outside_the_api_the_refusal_is_plain_text(settings):
    settings.REQUEST_MAX_BODY_BYTES = 1024
    response = Client().post("/admin/login/", {"username": "a" * 4096, "password": "x"})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")
