"""Ingestion and runs have queues of their own, each consumed by its own worker."""

from __future__ import annotations

from django.conf import settings

from config.celery import app
from core.management.commands.serve import worker_commands


def _queue_of(task_name: str) -> str:
    return str(app.amqp.router.route({}, task_name)["queue"].name)


def test_ingestion_and_runs_are_routed_to_queues_of_their_own():
    assert _queue_of("documents.tasks.document_vectorize_task") == settings.CELERY_QUEUE_INGEST
    assert _queue_of("workflows.tasks.workflow_run_execute_task") == settings.CELERY_QUEUE_RUNS
    assert _queue_of("documents.tasks.documents_reap_stale_task") == (
        settings.CELERY_TASK_DEFAULT_QUEUE
    )
    assert len({settings.CELERY_QUEUE_INGEST, settings.CELERY_QUEUE_RUNS}) == 2


def test_serve_starts_one_worker_per_queue_and_both_take_the_default_queue():
    commands = worker_commands(runs_concurrency=2, ingest_concurrency=1, beat_schedule="schedule")

    def queues(argv: list[str]) -> set[str]:
        return set(argv[argv.index("-Q") + 1].split(","))

    default = settings.CELERY_TASK_DEFAULT_QUEUE
    assert queues(commands["worker-runs"]) == {settings.CELERY_QUEUE_RUNS, default}
    assert queues(commands["worker-ingest"]) == {settings.CELERY_QUEUE_INGEST, default}
    assert ["--beat" in argv for argv in commands.values()] == [False, True]
