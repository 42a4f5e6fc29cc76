"""How sessions end: logout revokes the access token too; sign out everywhere; password change."""

from __future__ import annotations

import time

import pytest
from django_redis import get_redis_connection  # type: ignore[import-untyped]
from rest_framework.test import APIClient
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.tokens import AccessToken

from tests.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "quartz-lantern-meadow-81"


def _bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def _session(user, password=DEFAULT_PASSWORD):
    response = APIClient().post("/api/auth/login", {"email": user.email, "password": password})
    assert response.status_code == 200, response.content
    return response.json()


def _assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    return body


def _refresh(refresh: str):
    return APIClient().post("/api/auth/refresh", {"refresh": refresh})


# --- logout revokes the access token ----------------------------------------------------------


def test_after_logout_the_access_token_is_refused(user):
    # The finding: `/me` answered 200 after logout, for up to the access lifetime.
    pair = _session(user)
    client = _bearer(pair["access"])
    assert client.post("/api/auth/logout", {"refresh": pair["refresh"]}).status_code == 204
    _assert_error(client.get("/api/auth/me"), 401, "token_invalid")


def test_logout_ends_only_its_own_session(user):
    mine, other = _session(user), _session(user)
    assert (
        _bearer(mine["access"]).post("/api/auth/logout", {"refresh": mine["refresh"]}).status_code
        == 204
    )
    assert _bearer(other["access"]).get("/api/auth/me").status_code == 200
    assert _refresh(other["refresh"]).status_code == 200


def test_the_deny_list_entry_lasts_as_long_as_the_token_and_no_longer(user):
    pair = _session(user)
    _bearer(pair["access"]).post("/api/auth/logout", {"refresh": pair["refresh"]})
    token = AccessToken(pair["access"])
    redis = get_redis_connection("default")
    [key] = list(redis.scan_iter(f"*auth:denied-access:{token['jti']}"))
    remaining = int(token["exp"]) - int(time.time())
    assert 0 < redis.ttl(key) <= remaining


def test_logout_while_redis_is_down_is_503_and_changes_nothing(user, redis_down):
    pair = _session(user)
    client = _bearer(pair["access"])
    _assert_error(
        client.post("/api/auth/logout", {"refresh": pair["refresh"]}), 503, "service_unavailable"
    )
    # Retryable: the refresh token was not revoked behind a failed answer.
    assert _refresh(pair["refresh"]).status_code == 200


def test_authenticated_routes_keep_working_while_redis_is_down(user, redis_down):
    # The deny-list check fails open: a Redis outage is not an outage of every route.
    assert _bearer(_session(user)["access"]).get("/api/auth/me").status_code == 200


# --- sign out everywhere ----------------------------------------------------------------------


def test_logout_all_ends_every_session_of_the_user_and_no_one_elses(user, other_user):
    first, second, others = _session(user), _session(user), _session(other_user)
    response = _bearer(first["access"]).post("/api/auth/logout-all")
    assert response.status_code == 204
    assert response.content == b""
    for pair in (first, second):
        _assert_error(_bearer(pair["access"]).get("/api/auth/me"), 401, "token_invalid")
        _assert_error(_refresh(pair["refresh"]), 401, "token_invalid")
    assert _bearer(others["access"]).get("/api/auth/me").status_code == 200
    assert _refresh(others["refresh"]).status_code == 200
    # Signing in again starts a working session.
    assert _bearer(_session(user)["access"]).get("/api/auth/me").status_code == 200


def test_logout_all_needs_no_redis(user, redis_down):
    pair = _session(user)
    assert _bearer(pair["access"]).post("/api/auth/logout-all").status_code == 204
    _assert_error(_bearer(pair["access"]).get("/api/auth/me"), 401, "token_invalid")


def test_a_token_of_an_older_version_is_refused_even_when_correctly_signed(user, settings):
    user.token_version = 3
    user.save(update_fields=["token_version"])
    backend = TokenBackend("HS256", signing_key=settings.SIMPLE_JWT["SIGNING_KEY"])
    payload = dict(AccessToken.for_user(user).payload)
    for stale in (2, "3", None):
        forged = backend.encode({**payload, "ver": stale})
        _assert_error(_bearer(forged).get("/api/auth/me"), 401, "token_invalid")
    current = backend.encode({**payload, "ver": 3})
    assert _bearer(current).get("/api/auth/me").status_code == 200


def test_a_token_issued_before_versions_existed_works_until_the_first_sign_out_everywhere(user):
    old_style = str(AccessToken.for_user(user))  # no `ver` claim
    assert _bearer(old_style).get("/api/auth/me").status_code == 200
    assert _bearer(old_style).post("/api/auth/logout-all").status_code == 204
    _assert_error(_bearer(old_style).get("/api/auth/me"), 401, "token_invalid")


# --- password change --------------------------------------------------------------------------


def _change(client: APIClient, current: str = DEFAULT_PASSWORD, new: str = NEW_PASSWORD):
    return client.post("/api/auth/password", {"currentPassword": current, "newPassword": new})


def test_password_change_returns_a_new_pair_and_ends_every_other_session(user):
    this, other = _session(user), _session(user)
    response = _change(_bearer(this["access"]))
    assert response.status_code == 200, response.content
    fresh = response.json()
    assert set(fresh) == {"access", "refresh"}
    assert _bearer(fresh["access"]).get("/api/auth/me").json()["id"] == str(user.pk)
    assert _refresh(fresh["refresh"]).status_code == 200
    for pair in (this, other):
        _assert_error(_bearer(pair["access"]).get("/api/auth/me"), 401, "token_invalid")
        _assert_error(_refresh(pair["refresh"]), 401, "token_invalid")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    login_old = APIClient().post(
        "/api/auth/login", {"email": user.email, "password": DEFAULT_PASSWORD}
    )
    _assert_error(login_old, 401, "invalid_credentials")
    _session(user, NEW_PASSWORD)


def test_password_change_with_a_wrong_current_password_is_400_and_changes_nothing(user):
    pair = _session(user)
    body = _assert_error(
        _change(_bearer(pair["access"]), current="not-it-at-all"), 400, "validation_error"
    )
    assert set(body["details"]["fields"]) == {"currentPassword"}
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
    assert _bearer(pair["access"]).get("/api/auth/me").status_code == 200


@pytest.mark.parametrize(
    ("new", "fragment"),
    [("short1", "too short"), ("password123", "too common"), (DEFAULT_PASSWORD, "differ")],
)
def test_password_change_to_a_weak_or_unchanged_password_is_400(user, new, fragment):
    body = _assert_error(
        _change(_bearer(_session(user)["access"]), new=new), 400, "validation_error"
    )
    messages = body["details"]["fields"]["newPassword"]
    assert any(fragment in message for message in messages), messages
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_password_change_without_both_fields_is_400_naming_them(api_client):
    body = _assert_error(api_client.post("/api/auth/password", {}), 400, "validation_error")
    assert set(body["details"]["fields"]) == {"currentPassword", "newPassword"}


def test_password_change_is_rate_limited_per_user(user, other_user, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth_password": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    client = _bearer(_session(user)["access"])
    for _ in range(2):
        _assert_error(_change(client, current="guess-number-one"), 400, "validation_error")
    body = _assert_error(_change(client, current=DEFAULT_PASSWORD), 429, "rate_limited")
    assert body["details"]["retryAfter"] >= 1
    others = _bearer(_session(other_user)["access"])
    _assert_error(_change(others, current="guess-number-one"), 400, "validation_error")
