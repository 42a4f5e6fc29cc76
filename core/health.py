"""Liveness of the parts the app stands on: database, cache, queue and worker."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from celery import current_app
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

WORKER_HEARTBEAT_KEY = "worker:heartbeat"


def _timed(check: Callable[[], dict[str, Any] | None]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        extra = check() or {}
        result: dict[str, Any] = {"status": "ok", **extra}
    except Exception as exc:
        logger.warning("health check failed", extra={"check": check.__name__, "error": repr(exc)})
        result = {"status": "error", "error": type(exc).__name__}
    result["latencyMs"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database() -> dict[str, Any] | None:
    """Run `SELECT 1` and report whether pgvector is installed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        row = cursor.fetchone()
    return {"pgvector": row[0] if row else None}


def check_cache() -> dict[str, Any] | None:
    """Write and read back a key."""
    cache.set("health:probe", "1", timeout=10)
    if cache.get("health:probe") != "1":
        raise RuntimeError("cache read back a different value")
    return None


def check_queue() -> dict[str, Any] | None:
    """Open a connection to the Celery broker."""
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return None


def check_worker() -> dict[str, Any] | None:
    """A worker wrote its heartbeat recently (see core.worker.HeartbeatStep)."""
    beat = cache.get(WORKER_HEARTBEAT_KEY)
    if not beat:
        raise LookupError("no worker heartbeat")
    return {"hostname": beat.get("hostname"), "lastSeen": beat.get("at")}


CHECKS: dict[str, Callable[[], dict[str, Any] | None]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
    "worker": check_worker,
}


def register_check(name: str, check: Callable[[], dict[str, Any] | None]) -> None:
    """Add a check from an app that core cannot import (the documents app adds `embedder`)."""
    CHECKS[name] = check


def health_report() -> tuple[dict[str, Any], bool]:
    """All checks; the bool is False when the app cannot serve at all (no database)."""
    checks = {name: _timed(check) for name, check in CHECKS.items()}
    healthy = all(c["status"] == "ok" for c in checks.values())
    serving = checks["database"]["status"] == "ok"
    return {"status": "ok" if healthy else "degraded", "checks": checks}, serving
