"""Rate limits on Redis: sign-in per IP with a backoff after failures; registration per IP and per
email; AI, uploads and everything else per user."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import hashers
from django.core.cache import cache
from django_redis import get_redis_connection  # type: ignore[import-untyped]
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from accounts.login_failures import backoff_seconds
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


@pytest.fixture
def backoff(settings):
    """Small numbers for the sign-in backoff, so a test reaches it in a few attempts."""

    def _set(*, pair: int = 100, account: int = 100, base: int = 30, ceiling: int = 900) -> None:
        settings.LOGIN_BACKOFF_AFTER_FAILURES = pair
        settings.LOGIN_ACCOUNT_BACKOFF_AFTER_FAILURES = account
        settings.LOGIN_BACKOFF_BASE_SECONDS = base
        settings.LOGIN_BACKOFF_MAX_SECONDS = ceiling

    return _set


def _blocks_expire() -> None:
    """What waiting out every backoff would do, without waiting: the block keys go away."""
    redis = get_redis_connection("default")
    for key in redis.scan_iter("*login:blocked:*"):
        redis.delete(key)


def test_an_attacker_cannot_lock_the_owner_out_by_failing_on_their_email(
    anon_client, user, set_rates
):
    # The finding: five wrong passwords a minute from anywhere used to refuse the owner too.
    set_rates(auth_ip="100/min")
    for _ in range(12):
        assert _login(anon_client, user.email, ip="10.6.6.6").status_code in {401, 429}
    response = _login(anon_client, user.email, password=DEFAULT_PASSWORD, ip="10.0.0.1")
    assert response.status_code == 200, response.content
    assert response.json()["user"]["email"] == user.email


def test_failed_logins_back_off_per_email_and_client_in_any_letter_case(
    anon_client, set_rates, backoff
):
    set_rates(auth_ip="100/min")
    backoff(pair=2, base=30)
    assert _login(anon_client, "target@example.com").status_code == 401
    assert _login(anon_client, "TARGET@example.com").status_code == 401
    # The failure that passes the free ones is still answered 401; it starts the backoff.
    assert _login(anon_client, " Target@Example.com ").status_code == 401
    response = _login(anon_client, "target@example.com")
    _assert_rate_limited(response)
    assert 1 <= int(response["Retry-After"]) <= 30
    # Another address from the same client, and the same address from another client, go on.
    assert _login(anon_client, "someone-else@example.com").status_code == 401
    assert _login(anon_client, "target@example.com", ip="10.0.0.2").status_code == 401


def test_during_a_backoff_the_password_is_not_checked_so_it_tells_a_guesser_nothing(
    anon_client, user, set_rates, backoff, monkeypatch
):
    set_rates(auth_ip="100/min")
    backoff(pair=1)
    _login(anon_client, user.email)
    _login(anon_client, user.email)
    checked = []
    original = hashers.check_password

    def counting_check_password(*args, **kwargs):
        checked.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr("django.contrib.auth.base_user.check_password", counting_check_password)
    right = _login(anon_client, user.email, password=DEFAULT_PASSWORD)
    wrong = _login(anon_client, user.email, password="another-guess-123")
    _assert_rate_limited(right)
    _assert_rate_limited(wrong)
    assert right.json()["code"] == wrong.json()["code"] == "rate_limited"
    assert "access" not in right.json()
    assert checked == []


def test_the_backoff_doubles_with_each_failure_up_to_its_ceiling(settings):
    settings.LOGIN_BACKOFF_BASE_SECONDS = 30
    settings.LOGIN_BACKOFF_MAX_SECONDS = 900
    waits = [backoff_seconds(failures, free=5) for failures in range(1, 13)]
    assert waits == [0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]
    assert backoff_seconds(10**9, free=5) == 900


def test_each_failure_after_a_backoff_waits_longer(anon_client, set_rates, backoff):
    set_rates(auth_ip="100/min")
    backoff(pair=1, base=10, ceiling=40)
    _login(anon_client, "slow@example.com")
    waits = []
    for _ in range(4):
        assert _login(anon_client, "slow@example.com").status_code == 401
        waits.append(int(_login(anon_client, "slow@example.com")["Retry-After"]))
        _blocks_expire()
    assert waits[0] <= 10 < waits[1] <= 20 < waits[2] <= 40
    assert waits[3] <= 40


def test_a_successful_login_clears_the_clients_failures(anon_client, user, set_rates, backoff):
    set_rates(auth_ip="100/min")
    backoff(pair=2)
    _login(anon_client, user.email)
    _login(anon_client, user.email)
    assert _login(anon_client, user.email, password=DEFAULT_PASSWORD).status_code == 200
    # The count starts again: two more failures are free.
    assert _login(anon_client, user.email).status_code == 401
    assert _login(anon_client, user.email).status_code == 401
    assert _login(anon_client, user.email, password=DEFAULT_PASSWORD).status_code == 200


def test_guessing_from_many_clients_backs_off_new_clients_but_not_the_owners_known_one(
    anon_client, user, set_rates, backoff
):
    set_rates(auth_ip="100/min")
    backoff(pair=100, account=3)
    owner_ip = "10.0.0.1"
    assert (
        _login(anon_client, user.email, password=DEFAULT_PASSWORD, ip=owner_ip).status_code == 200
    )
    for n in range(4):
        _login(anon_client, user.email, ip=f"10.9.0.{n}")
    # A client that never signed in to this account waits, even with the right password...
    _assert_rate_limited(_login(anon_client, user.email, password=DEFAULT_PASSWORD, ip="10.8.0.1"))
    # ...while the owner's known client signs in as usual.
    assert (
        _login(anon_client, user.email, password=DEFAULT_PASSWORD, ip=owner_ip).status_code == 200
    )


def test_login_keeps_working_without_the_backoff_while_redis_is_down(
    anon_client, user, backoff, redis_down
):
    backoff(pair=1, account=1)
    for _ in range(3):
        assert _login(anon_client, user.email).status_code == 401
    response = _login(anon_client, user.email, password=DEFAULT_PASSWORD)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(("num_proxies", "separate"), [(0, False), (1, True)])
def test_num_proxies_decides_whether_clients_behind_a_proxy_share_one_ip_bucket(
    anon_client, settings, set_rates, num_proxies, separate
):
    set_rates(auth_ip="2/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": num_proxies}
    proxy = "10.0.0.254"

    def via_proxy(client_ip: str):
        return anon_client.post(
            "/api/auth/login",
            {"email": "x@example.com", "password": "wrong-password-x"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=client_ip,
        )

    assert via_proxy("203.0.113.1").status_code == 401
    assert via_proxy("203.0.113.1").status_code == 401
    assert via_proxy("203.0.113.1").status_code == 429
    assert (via_proxy("203.0.113.2").status_code == 401) is separate


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


def test_auth_counters_in_redis_hold_neither_the_address_nor_the_ip(anon_client, set_rates):
    set_rates(auth_ip="100/min", auth_email="100/min")
    _register(anon_client, "secret.person@example.com", ip="10.1.2.3")
    _login(anon_client, "secret.person@example.com", ip="10.1.2.3")
    keys = [str(k) for k in cache.keys("throttle_*")]  # type: ignore[attr-defined]
    assert any(k.startswith("throttle_auth_email_") for k in keys), keys
    assert any(k.startswith("throttle_auth_ip_") for k in keys), keys
    backoff_keys = [k.decode() for k in get_redis_connection("default").keys("*login:*")]
    assert any(":login:failures:" in k for k in backoff_keys), backoff_keys
    every_key = keys + backoff_keys
    assert not any("secret.person" in k for k in every_key)
    assert not any("10.1.2.3" in k for k in backoff_keys)


def test_register_refused_per_ip_never_reads_the_body_for_the_email_throttle(
    anon_client, set_rates
):
    set_rates(auth_ip="1/min", auth_email="100/min")
    assert _register(anon_client, "first@example.com").status_code == 201
    # Not JSON at all: had the per-email throttle parsed it, this would be a 400 parse_error.
    response = anon_client.generic(
        "POST",
        "/api/auth/register",
        b'{"email": "x@',
        content_type="application/json",
        REMOTE_ADDR="10.0.0.1",
    )
    _assert_rate_limited(response)
    keys = [str(k) for k in cache.keys("throttle_auth_email_*")]  # type: ignore[attr-defined]
    assert len(keys) == 1, keys  # only the first registration's


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
