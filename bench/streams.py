"""Load test of the run event streams (not a test; `make bench` runs it). Loopback only, bounded.

Starts the real web server (the command `manage.py serve` runs) on its own database
`bench_streams` and Redis logical database 61, creates 50 users with one running run each (no
worker: the runs stay running), then measures GET /api/prompts (p50/p95 over 300 sequential
requests) with no stream open, opens 500 event streams (10 per user, read continuously, as a
browser tab would), measures again with them open, and prints both, their ratio, and what the
server held meanwhile (threads, Redis subscriptions, database connections). It checks that every
subscription is gone once the streams are closed. Everything it created is dropped at the end.

    .venv/bin/python bench/streams.py [--port 8141] [--users 50] [--streams-per-user 10]
                                      [--requests 300] [--web-workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "bench_streams"
BENCH_REDIS_DB = 61
GOAL_P95_MS = 100.0
TIMEOUT_SECONDS = 30.0


def _database_urls() -> tuple[str, str]:
    from core import devservices

    base = os.environ.get("DATABASE_URL") or devservices.DEFAULT_DATABASE_URL
    return base, urlunsplit(urlsplit(base)._replace(path=f"/{BENCH_DB}"))


def _recreate_database(maintenance_url: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def _environment(bench_url: str, streams_per_user: int) -> dict[str, str]:
    from core import devservices

    redis = (os.environ.get("REDIS_URL") or devservices.DEFAULT_REDIS_URL).rsplit("/", 1)[0]
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "development",
        "DEBUG": "False",
        "DATABASE_URL": bench_url,
        "CACHE_URL": f"{redis}/{BENCH_REDIS_DB}",
        "LOG_LEVEL": "WARNING",
        # Hundreds of requests a minute from one user: measure the server, not the throttle.
        "THROTTLE_USER": "100000000/min",
        "WORKFLOW_EVENTS_MAX_STREAMS_PER_USER": str(streams_per_user),
    }


def _setup(users: int) -> tuple[list[str], list[str]]:
    """Migrate, then create the users with a running run each: (access tokens, run ids)."""
    import django

    django.setup()
    from django.core.management import call_command
    from rest_framework_simplejwt.tokens import RefreshToken

    from accounts.models import User
    from prompts.models import Prompt
    from workflows.models import Workflow, WorkflowRun

    call_command("migrate", verbosity=0)
    tokens, run_ids = [], []
    for index in range(users):
        user = User.objects.create_user(email=f"bench-{index}@example.invalid", password="x" * 16)
        workflow = Workflow.objects.create(owner=user, name="Bench", graph_data={"tasks": []})
        run = WorkflowRun.objects.create(
            owner=user, workflow=workflow, status=WorkflowRun.Status.RUNNING
        )
        tokens.append(str(RefreshToken.for_user(user).access_token))
        run_ids.append(str(run.pk))
    first = User.objects.order_by("email").first()
    Prompt.objects.bulk_create(
        Prompt(owner=first, title=f"Bench prompt {i}", body="Explain {{topic}}.") for i in range(20)
    )
    return tokens, run_ids


def _server_start(port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    from core.management.commands.serve import web_command

    log = (ROOT / ".data" / "bench-streams-web.log").open("wb")
    proc = subprocess.Popen(
        web_command(bind=f"127.0.0.1:{port}", workers=workers),
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited; see {log.name}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2).close()
            return proc
        except urllib.error.HTTPError:
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the server did not start within a minute")


def _server_threads(server: subprocess.Popen[bytes]) -> int:
    import psutil

    return sum(child.num_threads() for child in psutil.Process(server.pid).children())


def _redis_subscriptions() -> int:
    from django_redis import get_redis_connection

    from workflows.streaming import REDIS_SUBSCRIPTION_NAME

    clients = get_redis_connection("default").client_list()
    return sum(
        1 for c in clients if c.get("name") == REDIS_SUBSCRIPTION_NAME and c.get("sub") != "0"
    )


def _database_connections() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [BENCH_DB],
        )
        return int(cursor.fetchone()[0])


async def _latencies(client: Any, token: str, requests: int) -> tuple[float, float]:
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(20):  # warm-up: connections, code paths
        (await client.get("/api/prompts", headers=headers)).raise_for_status()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = await client.get("/api/prompts", headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


async def _hold(client: Any, run_id: str, token: str, opened: asyncio.Queue[bool]) -> None:
    """One browser tab: open the stream, report its snapshot, then keep reading it."""
    try:
        async with client.stream(
            "GET", f"/api/runs/{run_id}/events", headers={"Authorization": f"Bearer {token}"}
        ) as response:
            reported = False
            async for chunk in response.aiter_raw():
                if not reported and b"event: snapshot" in chunk:
                    reported = True
                    await opened.put(response.status_code == 200)
            if not reported:
                await opened.put(False)
    except Exception:
        await opened.put(False)
        raise


async def _measure(
    args: argparse.Namespace, server: Any, tokens: list[str], runs: list[str]
) -> int:
    import httpx2
    from asgiref.sync import sync_to_async

    base = f"http://127.0.0.1:{args.port}"
    timeout = httpx2.Timeout(TIMEOUT_SECONDS)
    streams_total = len(tokens) * args.streams_per_user
    async with (
        httpx2.AsyncClient(base_url=base, timeout=timeout) as api,
        httpx2.AsyncClient(
            base_url=base,
            timeout=httpx2.Timeout(TIMEOUT_SECONDS, read=None),
            limits=httpx2.Limits(max_connections=streams_total + 10),
        ) as tabs,
    ):
        baseline = await _latencies(api, tokens[0], args.requests)
        threads_before = await sync_to_async(_server_threads)(server)

        opened: asyncio.Queue[bool] = asyncio.Queue()
        holders = [
            asyncio.create_task(_hold(tabs, runs[u], tokens[u], opened))
            for _ in range(args.streams_per_user)
            for u in range(len(tokens))
        ]
        started = time.perf_counter()
        results = [await asyncio.wait_for(opened.get(), TIMEOUT_SECONDS * 2) for _ in holders]
        open_seconds = time.perf_counter() - started
        ok = sum(results)
        loaded = await _latencies(api, tokens[0], args.requests)
        threads_during = await sync_to_async(_server_threads)(server)
        subscriptions = await sync_to_async(_redis_subscriptions)()
        db_connections = await sync_to_async(_database_connections)()
        for holder in holders:
            holder.cancel()
        await asyncio.gather(*holders, return_exceptions=True)

    closed = time.perf_counter()
    left = -1
    for _ in range(600):  # the server tears 500 streams down at once; give it up to a minute
        left = await sync_to_async(_redis_subscriptions)()
        if left == 0:
            break
        await asyncio.sleep(0.1)
    cleanup_seconds = time.perf_counter() - closed

    ratio_p50, ratio_p95 = loaded[0] / baseline[0], loaded[1] / baseline[1]
    print(f"streams open: {ok}/{streams_total} ({len(tokens)} users), in {open_seconds:.1f} s")
    print(
        f"GET /api/prompts, no stream open:  p50 {baseline[0]:6.1f} ms  p95 {baseline[1]:6.1f} ms"
    )
    print(f"GET /api/prompts, {ok} streams open: p50 {loaded[0]:6.1f} ms  p95 {loaded[1]:6.1f} ms")
    print(f"ratio loaded/baseline: p50 x{ratio_p50:.2f}  p95 x{ratio_p95:.2f}")
    print(
        f"server meanwhile: threads {threads_before} -> {threads_during} in the web workers "
        "(one idle, parked thread per open request from Django's middleware; no pool of "
        f"threads to run out of), Redis subscriptions {subscriptions}, database connections "
        f"{db_connections}"
    )
    print(f"subscriptions left after the clients closed: {left} (after {cleanup_seconds:.1f} s)")
    goal = "met" if loaded[1] <= GOAL_P95_MS else "NOT met"
    print(f"goal p95 <= {GOAL_P95_MS:.0f} ms with the streams open: {goal}")
    return 0 if ok == streams_total and left == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8141)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--streams-per-user", type=int, default=10)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--web-workers", type=int, default=2)
    args = parser.parse_args()

    maintenance_url, bench_url = _database_urls()
    env = _environment(bench_url, args.streams_per_user)
    _recreate_database(maintenance_url)
    server = None
    try:
        os.environ.update(env)
        tokens, runs = _setup(args.users)
        server = _server_start(args.port, args.web_workers, env)
        return asyncio.run(_measure(args, server, tokens, runs))
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        from django.db import connections

        connections.close_all()
        _recreate_database(maintenance_url, drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
