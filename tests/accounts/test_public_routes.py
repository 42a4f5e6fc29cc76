"""Only register, login, refresh, health, schema and docs answer without a token."""

from __future__ import annotations

import pytest

from tests.accounts.routes import api_routes

PUBLIC_ROUTE_NAMES = {"auth-register", "auth-login", "auth-refresh", "health", "schema", "docs"}
# The catch-all that turns unknown /api/ paths into a JSON 404 is not a route of its own.
NOT_ROUTES = {"api-not-found"}

ROUTES = [r for r in api_routes() if r.name not in NOT_ROUTES]


def test_the_route_walker_sees_the_public_and_the_private_auth_routes():
    names = {r.name for r in ROUTES}
    assert names >= PUBLIC_ROUTE_NAMES
    assert {"auth-logout", "auth-logout-all", "auth-password", "auth-me"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route",
    [r for r in ROUTES if r.name not in PUBLIC_ROUTE_NAMES],
    ids=lambda r: r.name or r.route,
)
def test_every_other_api_route_is_401_without_a_token(anon_client, route):
    url = route.example_url()
    assert url is not None, f"cannot build a URL for {route.route}; give it a name"
    for method in ("get", "post"):
        response = getattr(anon_client, method)(url)
        assert response.status_code == 401, (
            f"{method.upper()} {url} answered {response.status_code} without a token"
        )
        assert response.json()["code"] == "not_authenticated"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("post", "/api/auth/register", 400),
        ("post", "/api/auth/login", 400),
        ("post", "/api/auth/refresh", 400),
        ("get", "/api/health", 200),
        ("get", "/api/schema", 200),
        ("get", "/api/docs", 200),
    ],
)
def test_public_routes_answer_without_a_token(anon_client, method, path, status):
    response = getattr(anon_client, method)(path)
    assert response.status_code == status, response.content[:300]
