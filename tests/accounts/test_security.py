"""CORS answers only the configured frontend origins; security headers are on every response; no
token signed with a key once committed here is accepted."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.tokens import AccessToken

ALLOWED = "http://localhost:5173"


@pytest.fixture(autouse=True)
def _origins(settings):
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED]


def test_an_unlisted_origin_gets_no_cors_headers(anon_client):
    response = anon_client.get("/api/auth/me", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response


def test_an_unlisted_origin_gets_no_preflight_approval(anon_client):
    response = anon_client.options(
        "/api/auth/login",
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Methods" not in response


def test_a_configured_origin_may_call_the_api_with_a_bearer_token(anon_client):
    preflight = anon_client.options(
        "/api/auth/me",
        HTTP_ORIGIN=ALLOWED,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight["Access-Control-Allow-Origin"] == ALLOWED
    assert "authorization" in preflight["Access-Control-Allow-Headers"].lower()
    response = anon_client.get("/api/auth/me", HTTP_ORIGIN=ALLOWED)
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert "retry-after" in response["Access-Control-Expose-Headers"].lower()


def test_api_responses_carry_the_security_headers(anon_client):
    response = anon_client.get("/api/auth/me")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_a_token_signed_with_the_once_committed_key_is_refused(user):
    # The finding: with DJANGO_ENV unset this key signed every JWT, so anyone could forge one.
    committed = "dev-only-insecure-secret-key-change-me-0123456789abcdef"
    forged = TokenBackend("HS256", signing_key=committed).encode(
        {**AccessToken.for_user(user).payload}
    )
    anon = APIClient()
    anon.credentials(HTTP_AUTHORIZATION=f"Bearer {forged}")
    response = anon.get("/api/auth/me")
    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"
