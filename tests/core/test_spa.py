"""The web app is served by Django: every client route of UI.md answers with its index.html."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.test.utils import override_settings

from config.settings import _vite_fingerprinted

INDEX = (
    '<!doctype html><div id="root"></div><script src="/static/assets/index-AbC123_-.js"></script>'
)


@pytest.fixture
def built_frontend(tmp_path: Path) -> Iterator[Path]:
    """A frontend build of our own, so these tests do not depend on Node having run."""
    (tmp_path / "index.html").write_text(INDEX)
    with override_settings(FRONTEND_DIST_DIR=tmp_path):
        yield tmp_path


ID = uuid.uuid4()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/login",
        "/register",
        "/prompts/new",
        f"/prompts/{ID}",
        f"/prompts/{ID}/edit",
        f"/prompts/{ID}/history",
        "/wizard",
        "/lab",
        f"/lab/{ID}",
        "/documents",
        f"/documents/{ID}",
        "/search",
        "/settings",
        "/help",
    ],
)
def test_a_reload_on_any_client_route_serves_the_app(built_frontend: Path, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content.decode() == INDEX
    assert response["Cache-Control"] == "no-cache"


def test_a_rebuilt_app_is_served_without_a_restart(built_frontend: Path) -> None:
    (built_frontend / "index.html").write_text("<!doctype html><p>new build</p>")
    assert b"new build" in Client().get(f"/prompts/{ID}/history").content


@pytest.mark.parametrize(
    "path", ["/nope", "/prompts", f"/prompts/{ID}/nope", "/prompts/not-a-uuid", "/login/x"]
)
def test_paths_that_are_no_client_route_are_a_404(built_frontend: Path, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    assert INDEX.encode() not in response.content


def test_unknown_api_path_is_the_json_envelope_not_the_app(built_frontend: Path) -> None:
    response = Client().get("/api/nope")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_admin_is_untouched(built_frontend: Path) -> None:
    response = Client().get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_static_paths_never_fall_back_to_the_app(built_frontend: Path) -> None:
    response = Client().get("/static/assets/missing-12345678.js")
    assert response.status_code == 404
    assert INDEX.encode() not in response.content


def test_the_app_only_answers_safe_methods(built_frontend: Path) -> None:
    assert Client().post("/settings").status_code == 405
    assert Client().head("/settings").status_code == 200


def test_an_unbuilt_app_says_how_to_build_it(tmp_path: Path) -> None:
    with override_settings(FRONTEND_DIST_DIR=tmp_path):
        response = Client().get("/")
    assert response.status_code == 503
    assert b"make run" in response.content


@pytest.mark.parametrize(
    ("url", "immutable"),
    [
        ("/static/assets/index-BEiIr48T.js", True),
        ("/static/assets/use-document-title-pRjN9pMu.js", True),
        ("/static/assets/index-DiF7GJKr.css", True),
        ("/static/favicon.svg", False),
        ("/static/index.html", False),
        ("/static/admin/css/base.css", False),
    ],
)
def test_only_fingerprinted_bundles_are_cached_for_good(url: str, immutable: bool) -> None:
    assert _vite_fingerprinted("", url) is immutable
