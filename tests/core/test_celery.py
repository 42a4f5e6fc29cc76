"""The queue is real: a task sent through Redis runs in a separate worker process."""

import os

import psutil
import pytest

from core.tasks import diagnostics_echo_task


@pytest.mark.django_db(transaction=True)
def test_task_is_executed_by_a_real_worker_process(celery_worker_process):
    result = diagnostics_echo_task.delay("hello").get(timeout=30)

    assert result["value"] == "hello"
    assert result["pid"] != os.getpid()
    worker_pids = {celery_worker_process.pid} | {
        child.pid for child in psutil.Process(celery_worker_process.pid).children(recursive=True)
    }
    assert result["pid"] in worker_pids


@pytest.mark.django_db(transaction=True)
def test_worker_publishes_a_heartbeat_seen_by_health(celery_worker_process, anon_client):
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        body = anon_client.get("/api/health").json()
        if body["checks"]["worker"]["status"] == "ok":
            break
        time.sleep(0.3)
    assert body["checks"]["worker"]["status"] == "ok"
    assert body["status"] == "ok"
