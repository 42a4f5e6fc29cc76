"""`manage.py serve`: the web server and the Celery workers side by side; Ctrl-C stops all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

# The server's own timeout: longer than AI_REQUEST_DEADLINE_SECONDS, so a synchronous AI call is
# answered (504 provider_timeout) before anything in front of the server gives up on it.
WEB_TIMEOUT_SECONDS = 120


def web_command(*, bind: str, workers: int) -> list[str]:
    """The argv of the web server (the Dockerfile and docker-compose.yml start the same).

    gunicorn supervises uvicorn workers running the ASGI app: an event stream waits on the event
    loop instead of holding one of a fixed number of threads. Each worker has a database pool
    (sync requests run in a thread each, so connections are shared, not opened per request).
    """
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.asgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--worker-class",
        "config.webworker.Worker",
        "--env",
        f"DB_POOL_MAX_SIZE={settings.WEB_DB_POOL_MAX_SIZE}",
        "--timeout",
        str(WEB_TIMEOUT_SECONDS),
        "--graceful-timeout",
        "10",
        "--access-logfile",
        "-",
    ]


def worker_command(
    *, queues: list[str], concurrency: int, hostname: str, extra: Sequence[str] = ()
) -> list[str]:
    """The argv of a Celery worker consuming `queues` (the tests start the same)."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--concurrency",
        str(concurrency),
        "--loglevel",
        "INFO",
        "-Q",
        ",".join(queues),
        "-n",
        hostname,
        *extra,
    ]


def worker_commands(
    *, runs_concurrency: int, ingest_concurrency: int, beat_schedule: str
) -> dict[str, list[str]]:
    """One worker per queue, so ingestion cannot starve the runs nor runs the ingestion.

    Both also take the default queue (the reapers); beat runs in the ingest worker.
    """
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    return {
        "worker-runs": worker_command(
            queues=[settings.CELERY_QUEUE_RUNS, default],
            concurrency=runs_concurrency,
            hostname="runs@%h",
        ),
        "worker-ingest": worker_command(
            queues=[settings.CELERY_QUEUE_INGEST, default],
            concurrency=ingest_concurrency,
            hostname="ingest@%h",
            extra=["--beat", "--schedule", beat_schedule],
        ),
    }


class Command(BaseCommand):
    help = "Serve the API, admin and frontend, plus a Celery worker per queue (and beat)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--web-workers", type=int, default=2)
        # A 2-core machine: two run slots (mostly waiting on the LLM) and one for ingestion
        # (embedding is CPU-bound).
        parser.add_argument("--runs-concurrency", type=int, default=2)
        parser.add_argument("--ingest-concurrency", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = settings.BASE_DIR / ".data"
        data_dir.mkdir(exist_ok=True)
        commands = {
            "web": web_command(bind=options["bind"], workers=options["web_workers"]),
            **worker_commands(
                runs_concurrency=options["runs_concurrency"],
                ingest_concurrency=options["ingest_concurrency"],
                beat_schedule=str(data_dir / "celerybeat-schedule"),
            ),
        }
        procs = {
            name: subprocess.Popen(cmd, cwd=settings.BASE_DIR)  # noqa: S603 - fixed argv
            for name, cmd in commands.items()
        }
        self.stdout.write(
            self.style.SUCCESS(
                f"Serving on http://{options['bind']}  (API /api/, admin /admin/, "
                "docs /api/docs) with Celery workers for runs and ingestion. Ctrl-C stops all."
            )
        )
        stopping = False

        def _stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        exit_code = 0
        while not stopping:
            for name, proc in procs.items():
                code = proc.poll()
                if code is not None:
                    self.stderr.write(f"{name} exited with code {code}; stopping the rest.")
                    exit_code = code or 1
                    stopping = True
                    break
            time.sleep(0.5)
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for proc in procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
        self.stdout.write("Stopped.")
        if exit_code:
            raise SystemExit(exit_code)
