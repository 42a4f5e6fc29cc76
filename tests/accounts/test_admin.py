"""The Django admin manages email-based users and keeps its own session login for staff."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.conftest import bearer_client

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "velvet-otter-marmalade-42"


@pytest.fixture
def admin_user(make_user):
    return make_user(email="root@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_session(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def test_staff_sign_in_to_the_admin_with_email_and_password(admin_user):
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "ROOT@example.com", "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_non_staff_cannot_sign_in_to_the_admin(user):
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_jwt_does_not_open_the_admin(admin_user):
    response = bearer_client(admin_user).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_user_list_shows_emails_and_searches_by_email(admin_session, make_user):
    make_user(email="alice@example.com")
    make_user(email="bob@example.com")
    listing = admin_session.get("/admin/accounts/user/")
    assert listing.status_code == 200
    assert b"alice@example.com" in listing.content and b"bob@example.com" in listing.content
    found = admin_session.get("/admin/accounts/user/", {"q": "alice"})
    assert b"alice@example.com" in found.content
    assert b"bob@example.com" not in found.content


def test_add_form_creates_a_user_from_email_and_password(admin_session):
    assert admin_session.get("/admin/accounts/user/add/").status_code == 200
    response = admin_session.post(
        "/admin/accounts/user/add/",
        {
            "email": "new.person@example.com",
            "usable_password": "true",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(email="new.person@example.com")
    assert created.check_password(STRONG_PASSWORD)
    assert not created.is_staff


def test_add_form_refuses_an_email_taken_in_another_case(admin_session, make_user):
    make_user(email="taken@example.com")
    response = admin_session.post(
        "/admin/accounts/user/add/",
        {
            "email": "TAKEN@example.com",
            "usable_password": "true",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert b"already exists" in response.content
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1


def test_change_form_edits_staff_flags(admin_session, user):
    url = f"/admin/accounts/user/{user.pk}/change/"
    assert admin_session.get(url).status_code == 200
    response = admin_session.post(
        url,
        {
            "email": user.email,
            "first_name": "Ada",
            "last_name": "",
            "is_active": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.is_staff and user.first_name == "Ada"
    assert user.check_password(DEFAULT_PASSWORD)


def test_a_password_set_in_the_admin_ends_every_session_of_the_user(admin_session, user):
    access = bearer_client(user)
    assert access.get("/api/auth/me").status_code == 200
    response = admin_session.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content[:500]
    user.refresh_from_db()
    assert user.check_password(STRONG_PASSWORD)
    me = access.get("/api/auth/me")
    assert me.status_code == 401
    assert me.json()["code"] == "token_invalid"
