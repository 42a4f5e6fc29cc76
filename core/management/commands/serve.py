"""`manage.py serve`: the web server and the Celery workers side by side; Ctrl-C stops all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
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


class Command(BaseCommand):
    help = "Serve the API, admin and frontend with gunicorn, plus a Celery worker with beat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--worker-concurrency", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = settings.BASE_DIR / ".data"
        data_dir.mkdir(exist_ok=True)
        commands = {
            "web": web_command(bind=options["bind"], workers=options["web_workers"]),
            "worker": [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--beat",
                "--schedule",
                str(data_dir / "celerybeat-schedule"),
                "--concurrency",
                str(options["worker_concurrency"]),
                "--loglevel",
                "INFO",
                "-Q",
                settings.CELERY_TASK_DEFAULT_QUEUE,
            ],
        }
        procs = {
            name: subprocess.Popen(cmd, cwd=settings.BASE_DIR)  # noqa: S603 - fixed argv
            for name, cmd in commands.items()
        }
        self.stdout.write(
            self.style.SUCCESS(
                f"Serving on http://{options['bind']}  (API /api/, admin /admin/, "
                f"docs /api/docs) with a Celery worker. Ctrl-C stops everything."
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
