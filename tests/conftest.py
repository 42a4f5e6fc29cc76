"""Shared fixtures: real PostgreSQL, real Redis, a real Celery worker process, API clients whose
every response is checked against the OpenAPI schema (tests/openapi.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection
from rest_framework_simplejwt.tokens import RefreshToken

from core import devservices
from tests.fake_llm import (  # noqa: F401 - fixtures shared by every app's tests
    _no_real_provider,
    anthropic_llm,
    fake_llm,
    gemini_llm,
    openai_llm,
)
from tests.openapi import SchemaCheckedClient

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # `make test` starts the servers already; this keeps a bare `pytest` working too.
    devservices.ensure_all()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate-limit counters and cached rows must not leak from one test into the next."""
    cache.clear()
    yield


@pytest.fixture
def make_user(db: None) -> Callable[..., Any]:
    """Create users with unique emails (a factory, so one test can have several)."""
    from tests.accounts.factories import UserFactory

    def _make(**kwargs: Any) -> Any:
        return UserFactory(**kwargs)

    return _make


@pytest.fixture
def user(make_user: Callable[..., Any]) -> Any:
    return make_user()


@pytest.fixture
def other_user(make_user: Callable[..., Any]) -> Any:
    return make_user()


def bearer_client(user: Any) -> SchemaCheckedClient:
    """An API client that sends a real JWT access token for `user`."""
    client = SchemaCheckedClient()
    token = RefreshToken.for_user(user).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def anon_client() -> SchemaCheckedClient:
    return SchemaCheckedClient()


@pytest.fixture
def api_client(user: Any) -> SchemaCheckedClient:
    """A client authenticated as `user`."""
    return bearer_client(user)


@pytest.fixture
def other_client(other_user: Any) -> SchemaCheckedClient:
    """A client authenticated as `other_user`."""
    return bearer_client(other_user)


# Nothing listens on this port (the Redis-down fixture of tests/prompts/test_cache.py uses it too).
DEAD_PORT = "1"


@pytest.fixture
def database_down(transactional_db: None) -> Iterator[None]:
    """Point the default connection at a dead port: PostgreSQL is down for this test.

    `transactional_db`: the ordinary test transaction would hold the live connection open.
    """
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = DEAD_PORT
    try:
        with pytest.raises(OperationalError):
            connection.ensure_connection()  # really talking to the dead port
        yield
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port  # before the database is flushed


def _test_database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="session")
def celery_worker_process(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[subprocess.Popen[bytes]]:
    """A real `celery worker` process on the test broker, reading and writing the test database.

    Tests that hand work to it must be `transaction=True`, so their rows are committed and visible.
    """
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE)  # type: ignore[attr-defined]
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "WORKER_HEARTBEAT_SECONDS": "1",
    }
    hostname = f"test-{uuid.uuid4().hex[:8]}@%h"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "-Q",
                settings.CELERY_TASK_DEFAULT_QUEUE,
                "-n",
                hostname,
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"celery worker exited early:\n{log_path.read_text()}")
            if app.control.ping(timeout=0.5):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"celery worker did not start:\n{log_path.read_text()}")
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
