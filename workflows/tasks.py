"""Celery tasks of the workflows app; task names are a deploy contract."""

from __future__ import annotations

from celery import Task, shared_task

from workflows.runs import RUN_EXECUTE_TASK, workflow_run_execute, workflow_runs_reap


@shared_task(bind=True, name=RUN_EXECUTE_TASK, acks_late=True, reject_on_worker_lost=True)
def workflow_run_execute_task(self: Task, run_id: str) -> str | None:  # type: ignore[type-arg]
    """Execute one run; never retried as a whole (tasks retry their own retryable errors)."""
    # The Celery task id survives a redelivery, so the run recognises its own dead worker.
    return workflow_run_execute(run_id=run_id, token=str(self.request.id or run_id))


@shared_task(name="workflows.tasks.workflow_runs_reap_task")
def workflow_runs_reap_task() -> dict[str, int]:
    """Periodic: requeue or fail runs whose worker stopped."""
    outcome = workflow_runs_reap()
    return {"requeued": outcome.requeued, "failed": outcome.failed}
