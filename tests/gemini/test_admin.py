"""The usage log in the admin: rows and totals per user, read-only."""

import pytest

from gemini.models import ProviderCall

pytestmark = pytest.mark.django_db


def _call(user, **kwargs):
    defaults = {
        "provider": "gemini",
        "model": "gemini-2.5-flash",
        "purpose": "test_prompt",
        "input_tokens": 10,
        "output_tokens": 5,
        "latency_ms": 100,
        "status": "ok",
    }
    return ProviderCall.objects.create(user=user, **{**defaults, **kwargs})


def test_changelist_shows_totals_per_user(client, make_user):
    admin = make_user(is_staff=True, is_superuser=True)
    alice, bob = make_user(email="alice@example.com"), make_user(email="bob@example.com")
    _call(alice)
    _call(alice, input_tokens=30, status="error", error_code="provider_error")
    _call(bob, output_tokens=7)
    client.force_login(admin)

    response = client.get("/admin/gemini/providercall/")

    assert response.status_code == 200
    totals = {row["user__email"]: row for row in response.context["totals_per_user"]}
    assert totals["alice@example.com"]["calls"] == 2
    assert totals["alice@example.com"]["errors"] == 1
    assert totals["alice@example.com"]["input_tokens"] == 40
    assert totals["bob@example.com"]["output_tokens"] == 7
    assert b"totals-per-user" in response.content

    filtered = client.get("/admin/gemini/providercall/", {"status__exact": "error"})
    assert [row["user__email"] for row in filtered.context["totals_per_user"]] == [
        "alice@example.com"
    ]


def test_usage_rows_cannot_be_added_or_edited(client, make_user):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    row = _call(None)
    assert client.get("/admin/gemini/providercall/add/").status_code == 403
    response = client.post(f"/admin/gemini/providercall/{row.pk}/change/", {"purpose": "x"})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.purpose == "test_prompt"
