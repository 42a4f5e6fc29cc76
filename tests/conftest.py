"""Shared fixtures: real PostgreSQL, real Redis, a real Celery worker process, API clients whose
every response is checked against the OpenAPI schema (tests/openapi.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
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


def _server_env(**extra: str) -> dict[str, str]:
    """The environment of a server process of the tests: the test database and Redis."""
    return {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        **extra,
    }


def _started(
    argv: list[str], env: dict[str, str], log_path: Path, what: str, ready: Callable[[], bool]
) -> subprocess.Popen[bytes]:
    """Start a server process of the tests and wait until `ready()` (its log in `log_path`)."""
    with log_path.open("wb") as log:
        proc = subprocess.Popen(argv, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while not ready():
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited early:\n{log_path.read_text()}")
        if time.monotonic() > deadline:
            _stop(proc)
            raise RuntimeError(f"{what} did not start:\n{log_path.read_text()}")
        time.sleep(0.2)
    return proc


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - a loopback http URL
            return True
    except urllib.error.HTTPError:
        return True  # it answers (503: no worker heartbeat in this test)
    except OSError:
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def celery_worker_process(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[subprocess.Popen[bytes]]:
    """A real `celery worker` process on the test broker, reading and writing the test database.

    Tests that hand work to it must be `transaction=True`, so their rows are committed and visible.
    """
    from config.celery import app
    from core.management.commands.serve import worker_command

    # The test variants of every queue the serve command's workers consume.
    queues = [
        settings.CELERY_TASK_DEFAULT_QUEUE,
        settings.CELERY_QUEUE_INGEST,
        settings.CELERY_QUEUE_RUNS,
    ]
    with app.connection_for_write() as conn:
        for queue in queues:
            conn.default_channel.queue_purge(queue)  # type: ignore[attr-defined]
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env = _server_env(WORKER_HEARTBEAT_SECONDS="1")
    argv = worker_command(
        queues=queues,
        concurrency=1,
        hostname=f"test-{uuid.uuid4().hex[:8]}@%h",
        extra=["--pool=prefork", "--without-gossip", "--without-mingle"],
    )
    proc = _started(
        argv, env, log_path, "celery worker", lambda: bool(app.control.ping(timeout=0.5))
    )
    try:
        yield proc
    finally:
        _stop(proc)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# The real server's limits in tests: small, so a test reaches them with a few streams; the
# keep-alive is short, so a stream notices a run that ended unannounced within a second.
LIVE_SERVER_ENV = {
    "WORKFLOW_EVENTS_MAX_STREAMS_PER_USER": "3",
    "WORKFLOW_EVENTS_KEEPALIVE_SECONDS": "1",
}


@pytest.fixture(scope="session")
def live_server_url(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The web server exactly as `manage.py serve` starts it, on the test database and Redis.

    Tests that use it must be `transaction=True`, so the server sees their rows.
    """
    from core.management.commands.serve import web_command

    port = int(os.environ.get("TEST_SERVER_PORT") or _free_port())
    log_path = tmp_path_factory.mktemp("web") / "web.log"
    env = _server_env(**LIVE_SERVER_ENV)
    url = f"http://127.0.0.1:{port}"
    argv = web_command(bind=f"127.0.0.1:{port}", workers=2)
    proc = _started(argv, env, log_path, "web server", lambda: _answers(f"{url}/api/health"))
    try:
        yield url
    finally:
        _stop(proc)
