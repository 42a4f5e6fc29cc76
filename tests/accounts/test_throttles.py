"""Rate limits on Redis: sign-in per IP and per email; AI, uploads and everything else per user."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from core.throttles import AIThrottle, UploadThrottle
from tests.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "velvet-otter-marmalade-42"


@pytest.fixture
def set_rates(settings):
    def _set(**rates: str) -> None:
        merged = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates}
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": merged}

    return _set


def _login(client, email, password=None, ip="10.0.0.1"):
    body = {"email": email, "password": password or "wrong-password-x"}
    return client.post("/api/auth/login", body, REMOTE_ADDR=ip)


def _register(client, email, ip="10.0.0.1"):
    return client.post(
        "/api/auth/register", {"email": email, "password": STRONG_PASSWORD}, REMOTE_ADDR=ip
    )


def _assert_rate_limited(response):
    assert response.status_code == 429, response.content
    body = json.loads(response.content)
    assert body["code"] == "rate_limited"
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 60
    assert body["details"]["retryAfter"] == retry_after


def test_login_is_rate_limited_per_ip_with_retry_after(anon_client, set_rates):
    set_rates(auth_ip="3/min", auth_email="100/min")
    for n in range(3):
        assert _login(anon_client, f"person{n}@example.com").status_code == 401
    _assert_rate_limited(_login(anon_client, "person9@example.com"))
    assert _login(anon_client, "person9@example.com", ip="10.0.0.2").status_code == 401


def test_login_is_rate_limited_per_email_in_any_case_across_ips(anon_client, set_rates):
    set_rates(auth_ip="100/min", auth_email="2/min")
    assert _login(anon_client, "target@example.com", ip="10.0.0.1").status_code == 401
    assert _login(anon_client, "TARGET@example.com", ip="10.0.0.2").status_code == 401
    _assert_rate_limited(_login(anon_client, " Target@Example.com ", ip="10.0.0.3"))
    assert _login(anon_client, "someone-else@example.com", ip="10.0.0.4").status_code == 401


def test_correct_password_is_refused_once_the_email_is_rate_limited(anon_client, user, set_rates):
    set_rates(auth_ip="100/min", auth_email="2/min")
    _login(anon_client, user.email)
    _login(anon_client, user.email)
    response = _login(anon_client, user.email, password=DEFAULT_PASSWORD)
    _assert_rate_limited(response)
    assert "access" not in response.json()


def test_register_is_rate_limited_per_ip(anon_client, set_rates):
    from accounts.models import User

    set_rates(auth_ip="2/min", auth_email="100/min")
    assert _register(anon_client, "a@example.com").status_code == 201
    assert _register(anon_client, "b@example.com").status_code == 201
    _assert_rate_limited(_register(anon_client, "c@example.com"))
    assert not User.objects.filter(email="c@example.com").exists()


def test_register_is_rate_limited_per_email(anon_client, set_rates):
    set_rates(auth_ip="100/min", auth_email="2/min")
    assert _register(anon_client, "dup@example.com", ip="10.0.0.1").status_code == 201
    assert _register(anon_client, "DUP@example.com", ip="10.0.0.2").status_code == 409
    _assert_rate_limited(_register(anon_client, "dup@EXAMPLE.com", ip="10.0.0.3"))


def test_auth_email_throttle_keeps_counters_in_redis_without_the_address(anon_client, set_rates):
    set_rates(auth_ip="100/min", auth_email="100/min")
    _login(anon_client, "secret.person@example.com")
    keys = [str(k) for k in cache.keys("throttle_*")]  # type: ignore[attr-defined]
    assert any(k.startswith("throttle_auth_email_") for k in keys), keys
    assert any(k.startswith("throttle_auth_ip_") for k in keys), keys
    assert not any("secret.person" in k for k in keys)


def test_default_throttle_limits_each_user_separately(api_client, other_client, set_rates):
    set_rates(user="2/min")
    assert api_client.get("/api/auth/me").status_code == 200
    assert api_client.get("/api/auth/me").status_code == 200
    _assert_rate_limited(api_client.get("/api/auth/me"))
    assert other_client.get("/api/auth/me").status_code == 200


class _AIView(APIView):
    throttle_classes = [AIThrottle]

    def post(self, request):
        return Response({"ok": True})


class _UploadView(APIView):
    throttle_classes = [UploadThrottle]

    def post(self, request):
        return Response({"ok": True})


def _call(view_class, user):
    request = APIRequestFactory().post("/api/anything", {}, format="json")
    force_authenticate(request, user=user)
    return view_class.as_view()(request)


@pytest.mark.parametrize(("view_class", "scope"), [(_AIView, "ai"), (_UploadView, "upload")])
def test_ai_and_upload_throttles_limit_each_user_by_their_own_scope(
    view_class, scope, user, other_user, set_rates
):
    set_rates(**{scope: "2/min"})
    assert _call(view_class, user).status_code == 200
    assert _call(view_class, user).status_code == 200
    _assert_rate_limited(_call(view_class, user).render())
    assert _call(view_class, other_user).status_code == 200


def test_ai_and_upload_scopes_count_separately(user, set_rates):
    set_rates(ai="1/min", upload="1/min")
    assert _call(_AIView, user).status_code == 200
    assert _call(_AIView, user).status_code == 429
    assert _call(_UploadView, user).status_code == 200
