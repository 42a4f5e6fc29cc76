"""Benchmark of the workflow engine (not a test): its overhead per task and the queries per run.

1. The pure engine on a 50-task workflow with an instant in-memory provider and no persistence:
   the cost of ordering, templating, state keeping and event creation per task.
2. The same workflow through `workflow_run_execute` (claim, linked prompts, a state write per task
   start and finish, Redis pub/sub events, and the real gateway: routing, the Gemini SDK and a
   usage row per call) against the loopback fake provider of tests/fake_llm.py, which answers at
   once; in its own database `bench_sfl_workflows` (dropped at the end) and Redis logical
   database 61: time per task and the number of SQL queries per run, for 5 and 50 tasks.

    .venv/bin/python bench/engine.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_setup import bench_django_setup  # noqa: E402

BENCH_DB = "bench_sfl_workflows"
BENCH_REDIS_DB = 61
TASKS = 50


def _tasks(n: int, prompt_ids: list[str] | None = None) -> list[dict[str, Any]]:
    tasks = []
    for i in range(n):
        tasks.append(
            {
                "id": f"t{i}",
                "name": f"Task {i}",
                "description": "",
                "type": "GEMINI_PROMPT",
                "dependencies": [f"t{i - 1}"] if i else [],
                "inputKeys": [f"t{i - 1}Out"] if i else ["userInput.text"],
                "outputKey": f"t{i}Out",
                "promptTemplate": "Step {{ userInput.text }} after {{ t0Out }}",
                **({"promptId": prompt_ids[i], "promptTemplate": ""} if prompt_ids else {}),
            }
        )
    return tasks


def _pure_engine(runs: int) -> float:
    """Median engine overhead per task in microseconds (instant provider, no persistence)."""
    from workflows.engine.executors import EngineConfig
    from workflows.engine.ports import Generation, GenerationRequest
    from workflows.engine.runner import run_execute

    class Instant:
        def generate(self, request: GenerationRequest) -> Generation:
            return Generation(text="ok")

        def documents_search(self, *, query: str, top_k: int) -> list[dict[str, Any]]:
            return []

    class NoHooks:
        def checkpoint(self, **kwargs: Any) -> bool:
            return True

    tasks = _tasks(TASKS)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run_execute(
            tasks=tasks,
            store={"userInput": {"text": "hello"}},
            states={},
            services=Instant(),
            prompts={},
            config=EngineConfig(),
            hooks=NoHooks(),
        )
        samples.append((time.perf_counter() - started) / TASKS * 1e6)
    return statistics.median(samples)


def _sandbox(runs: int) -> float:
    """Median milliseconds of one TEXT_MANIPULATION execution (a fresh V8 context each)."""
    from workflows.engine.sandbox import js_function_run

    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        js_function_run("return inputs.text.toUpperCase();", {"text": "hello"})
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _configure(bench_url: str, llm_url: str) -> None:
    bench_django_setup(
        database_url=bench_url,
        redis_db=BENCH_REDIS_DB,
        extra_env={
            "DJANGO_ENV": "test",
            "GEMINI_API_KEY": "bench-key",
            "GEMINI_BASE_URL": llm_url,
            "LLM_MAX_RETRIES": "0",
        },
    )


def _service_path(runs: int, llm: Any) -> dict[int, tuple[float, int]]:
    """{tasks: (median ms per task, queries per run)} through workflow_run_execute."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from prompts.services import prompt_create
    from workflows.models import Workflow
    from workflows.runs import workflow_run_execute, workflow_run_start

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user(
        email="bench@example.com",
        password="x-bench-pass-1",  # noqa: S106
    )
    prompts = [
        str(prompt_create(owner=user, data={"title": f"P{i}", "prompt_text": "Say {{ text }}"}).pk)
        for i in range(TASKS)
    ]
    out: dict[int, tuple[float, int]] = {}
    for n in (5, TASKS):
        workflow = Workflow.objects.create(
            owner=user, name=f"bench {n}", graph_data={"tasks": _tasks(n, prompts[:n])}
        )
        samples, queries = [], 0
        for i in range(runs):
            run = workflow_run_start(workflow=workflow, user_input={"text": "hi"}, enqueue=False)
            for _ in range(n):
                llm.reply("ok")
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                workflow_run_execute(run_id=str(run.pk), token=f"bench-{n}-{i}")
                samples.append((time.perf_counter() - started) / n * 1000)
            queries = len(captured.captured_queries)
        out[n] = (statistics.median(samples), queries)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import psycopg

    from core import devservices
    from tests.fake_llm import FakeLLMServer

    if not os.environ.get("DATABASE_URL"):
        devservices.ensure_all()
    maintenance_url = os.environ.get("DATABASE_URL") or devservices.DEFAULT_DATABASE_URL
    bench_url = urlunsplit(urlsplit(maintenance_url)._replace(path=f"/{BENCH_DB}"))
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    llm = FakeLLMServer()
    llm.start()
    try:
        _configure(bench_url, llm.url)
        pure = _pure_engine(args.runs)
        sandbox_ms = _sandbox(args.runs)
        service = _service_path(args.runs, llm)
    finally:
        llm.stop()
        from django.db import connections

        connections.close_all()
        with psycopg.connect(maintenance_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')

    print(f"pure engine, {TASKS}-task chain, instant provider: {pure:8.1f} µs per task")
    print(f"TEXT_MANIPULATION in a fresh V8 context:         {sandbox_ms:8.2f} ms per task")
    for n, (ms, queries) in service.items():
        print(
            f"workflow_run_execute, {n:2d} tasks, loopback LLM:    {ms:8.2f} ms per task, "
            f"{queries} queries per run"
        )
    (_, q5), (ms50, q50) = service[5], service[TASKS]
    print(
        f"queries per extra task: {(q50 - q5) / (TASKS - 5):.1f} "
        "(one state write per task start and finish, one usage row per model call)"
    )
    print(f"persisted/pure overhead ratio: {ms50 * 1000 / pure:.0f}x")


if __name__ == "__main__":
    main()
