"""Register, login, refresh, logout and `me` over HTTP, with real JWTs and the real blacklist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from tests.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
STRONG_PASSWORD = "velvet-otter-marmalade-42"


def _assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    return body


def _bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def _login(client, email, password=DEFAULT_PASSWORD):
    return client.post("/api/auth/login", {"email": email, "password": password}, format="json")


# --- register ---------------------------------------------------------------------------------


def test_register_creates_the_user_and_returns_a_working_token_pair(anon_client):
    response = anon_client.post(
        "/api/auth/register", {"email": "Ada@Example.COM", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"user", "access", "refresh"}
    user = User.objects.get()
    assert body["user"] == {"id": str(user.pk), "email": "Ada@example.com"}
    assert user.check_password(STRONG_PASSWORD)
    assert not user.is_staff and not user.is_superuser
    me = _bearer(body["access"]).get("/api/auth/me")
    assert me.status_code == 200
    assert me.json()["id"] == str(user.pk)


def test_register_with_a_taken_email_in_another_case_is_409_conflict(anon_client, make_user):
    make_user(email="grace@example.com")
    response = anon_client.post(
        "/api/auth/register", {"email": "GRACE@example.com", "password": STRONG_PASSWORD}
    )
    _assert_error(response, 409, "conflict")
    assert User.objects.filter(email__iexact="grace@example.com").count() == 1


@pytest.mark.parametrize(
    ("password", "expected_fragment"),
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("83749201937465", "entirely numeric"),
        ("linus.torvalds.x", "too similar to the email address"),
    ],
)
def test_register_with_a_weak_password_is_400_listing_the_validator_messages(
    anon_client, password, expected_fragment
):
    response = anon_client.post(
        "/api/auth/register", {"email": "linus.torvalds@example.com", "password": password}
    )
    body = _assert_error(response, 400, "validation_error")
    messages = body["details"]["fields"]["password"]
    assert any(expected_fragment in message for message in messages), messages
    assert not User.objects.exists()


def test_register_without_email_or_password_is_400_naming_both_fields(anon_client):
    body = _assert_error(anon_client.post("/api/auth/register", {}), 400, "validation_error")
    assert set(body["details"]["fields"]) == {"email", "password"}


def test_register_ignores_privilege_and_ownership_fields_in_the_body(anon_client, other_user):
    response = anon_client.post(
        "/api/auth/register",
        {
            "email": "mallory@example.com",
            "password": STRONG_PASSWORD,
            "isStaff": True,
            "isSuperuser": True,
            "id": str(other_user.pk),
            "owner": str(other_user.pk),
            "user": str(other_user.pk),
        },
    )
    assert response.status_code == 201
    user = User.objects.get(email="mallory@example.com")
    assert not user.is_staff and not user.is_superuser
    assert user.pk != other_user.pk
    assert response.json()["user"]["id"] == str(user.pk)


def test_register_ignores_a_broken_bearer_token(anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Bearer not.a.jwt")
    response = anon_client.post(
        "/api/auth/register", {"email": "new@example.com", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 201


# --- login ------------------------------------------------------------------------------------


def test_login_returns_the_user_and_a_token_pair_and_records_the_login(anon_client, user):
    assert user.last_login is None
    response = _login(anon_client, user.email.upper())
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["user"] == {"id": str(user.pk), "email": user.email}
    assert AccessToken(body["access"])["user_id"] == str(user.pk)
    assert RefreshToken(body["refresh"])["user_id"] == str(user.pk)
    user.refresh_from_db()
    assert user.last_login is not None


def test_login_with_wrong_password_is_401_like_unknown_email(anon_client, user):
    wrong = _assert_error(
        _login(anon_client, user.email, "not-the-password"), 401, "invalid_credentials"
    )
    unknown = _assert_error(_login(anon_client, "nobody@example.com"), 401, "invalid_credentials")
    assert wrong == unknown
    assert "access" not in wrong


def test_login_of_an_inactive_user_is_401_like_a_wrong_password(anon_client, make_user):
    inactive = make_user(is_active=False)
    body = _assert_error(_login(anon_client, inactive.email), 401, "invalid_credentials")
    wrong = _assert_error(
        _login(anon_client, inactive.email, "nope-nope-nope"), 401, "invalid_credentials"
    )
    assert body == wrong


def test_login_hashes_a_password_even_for_an_unknown_email(anon_client, monkeypatch):
    # The work done for an unknown address must match a wrong password's: one hash each.
    from django.contrib.auth import hashers

    calls = []
    original = hashers.make_password

    def counting_make_password(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(hashers, "make_password", counting_make_password)
    monkeypatch.setattr("django.contrib.auth.base_user.make_password", counting_make_password)
    _assert_error(_login(anon_client, "ghost@example.com"), 401, "invalid_credentials")
    assert len(calls) == 1


# --- refresh ----------------------------------------------------------------------------------


def test_refresh_rotates_the_pair_and_the_old_refresh_token_is_then_refused(anon_client, user):
    first = _login(anon_client, user.email).json()
    response = anon_client.post("/api/auth/refresh", {"refresh": first["refresh"]})
    assert response.status_code == 200, response.content
    pair = response.json()
    assert set(pair) == {"access", "refresh"}
    assert pair["refresh"] != first["refresh"]
    assert _bearer(pair["access"]).get("/api/auth/me").json()["id"] == str(user.pk)

    reused = anon_client.post("/api/auth/refresh", {"refresh": first["refresh"]})
    _assert_error(reused, 401, "token_invalid")
    again = anon_client.post("/api/auth/refresh", {"refresh": pair["refresh"]})
    assert again.status_code == 200


def test_refresh_with_an_expired_refresh_token_is_401_token_expired(anon_client, user):
    token = RefreshToken.for_user(user)
    token.set_exp(from_time=timezone.now() - timedelta(days=8), lifetime=timedelta(days=7))
    response = anon_client.post("/api/auth/refresh", {"refresh": str(token)})
    _assert_error(response, 401, "token_expired")


@pytest.mark.parametrize("refresh", ["garbage", "a.b.c", ""])
def test_refresh_with_a_garbage_token_is_refused_without_a_500(anon_client, refresh):
    response = anon_client.post("/api/auth/refresh", {"refresh": refresh})
    assert response.status_code in {400, 401}
    assert response.json()["code"] in {"validation_error", "token_invalid"}


def test_refresh_with_an_access_token_is_401_token_invalid(anon_client, user):
    access = str(RefreshToken.for_user(user).access_token)
    _assert_error(anon_client.post("/api/auth/refresh", {"refresh": access}), 401, "token_invalid")


def test_refresh_for_a_deactivated_user_is_401(anon_client, user):
    refresh = _login(anon_client, user.email).json()["refresh"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    _assert_error(anon_client.post("/api/auth/refresh", {"refresh": refresh}), 401, "token_invalid")


# --- logout -----------------------------------------------------------------------------------


def test_logout_blacklists_the_refresh_token(anon_client, user):
    pair = _login(anon_client, user.email).json()
    client = _bearer(pair["access"])
    response = client.post("/api/auth/logout", {"refresh": pair["refresh"]})
    assert response.status_code == 204
    assert response.content == b""
    _assert_error(
        anon_client.post("/api/auth/refresh", {"refresh": pair["refresh"]}), 401, "token_invalid"
    )


def test_logout_requires_an_access_token(anon_client, user):
    refresh = _login(anon_client, user.email).json()["refresh"]
    _assert_error(
        anon_client.post("/api/auth/logout", {"refresh": refresh}), 401, "not_authenticated"
    )
    assert anon_client.post("/api/auth/refresh", {"refresh": refresh}).status_code == 200


def test_logout_with_another_users_refresh_token_is_400_and_leaves_it_usable(
    anon_client, api_client, other_user
):
    others = _login(anon_client, other_user.email).json()["refresh"]
    body = _assert_error(
        api_client.post("/api/auth/logout", {"refresh": others}), 400, "validation_error"
    )
    assert "refresh" in body["details"]["fields"]
    assert anon_client.post("/api/auth/refresh", {"refresh": others}).status_code == 200


@pytest.mark.parametrize("refresh", ["garbage", "a.b.c"])
def test_logout_with_a_garbage_refresh_token_is_400(api_client, refresh):
    _assert_error(
        api_client.post("/api/auth/logout", {"refresh": refresh}), 400, "validation_error"
    )


def test_logout_twice_with_the_same_refresh_token_is_400_the_second_time(anon_client, user):
    pair = _login(anon_client, user.email).json()
    client = _bearer(pair["access"])
    assert client.post("/api/auth/logout", {"refresh": pair["refresh"]}).status_code == 204
    # The first logout revoked its access token too, so the second comes from another session.
    other_session = _bearer(_login(anon_client, user.email).json()["access"])
    _assert_error(
        other_session.post("/api/auth/logout", {"refresh": pair["refresh"]}),
        400,
        "validation_error",
    )


# --- me and access tokens ---------------------------------------------------------------------


def test_me_returns_id_email_and_date_joined(api_client, user):
    response = api_client.get("/api/auth/me")
    assert response.status_code == 200
    assert response.json() == {
        "id": str(user.pk),
        "email": user.email,
        "dateJoined": user.date_joined.isoformat().replace("+00:00", "Z"),
    }


def test_me_without_a_token_is_401_not_authenticated(anon_client):
    _assert_error(anon_client.get("/api/auth/me"), 401, "not_authenticated")


def test_expired_access_token_is_401_token_expired(user):
    token = AccessToken.for_user(user)
    token.set_exp(from_time=timezone.now() - timedelta(hours=1), lifetime=timedelta(minutes=15))
    response = _bearer(str(token)).get("/api/auth/me")
    body = _assert_error(response, 401, "token_expired")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert str(user.pk) not in response.content.decode()
    assert body["message"]


def test_access_token_signed_with_another_key_is_401_token_invalid(user, settings):
    from rest_framework_simplejwt.backends import TokenBackend

    forged = TokenBackend("HS256", signing_key="not-our-key-" * 4).encode(
        {**AccessToken.for_user(user).payload}
    )
    _assert_error(_bearer(forged).get("/api/auth/me"), 401, "token_invalid")


def test_refresh_token_is_not_accepted_as_an_access_token(user):
    refresh = str(RefreshToken.for_user(user))
    _assert_error(_bearer(refresh).get("/api/auth/me"), 401, "token_invalid")


def test_access_token_of_a_deleted_user_is_401_token_invalid(user):
    access = str(AccessToken.for_user(user))
    user.delete()
    _assert_error(_bearer(access).get("/api/auth/me"), 401, "token_invalid")


def test_malformed_authorization_header_is_401_token_invalid(anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Bearer")
    _assert_error(anon_client.get("/api/auth/me"), 401, "token_invalid")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_refreshes_with_one_token_yield_one_new_pair(user):
    import threading

    from django.db import connection

    refresh = str(RefreshToken.for_user(user))
    barrier = threading.Barrier(4)
    statuses: list[int] = []

    def attempt() -> None:
        try:
            barrier.wait()
            response = APIClient().post("/api/auth/refresh", {"refresh": refresh})
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 401, 401, 401]


def test_refused_refresh_names_the_bearer_scheme(anon_client):
    response = anon_client.post("/api/auth/refresh", {"refresh": "garbage"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
