"""BOLA matrix entries for every workflows and runs route that takes an object id."""

from __future__ import annotations

from typing import Any

from tests.bola import BolaCase
from tests.workflows.factories import WorkflowFactory, workflow_payload
from workflows.models import WorkflowRun
from workflows.runs import workflow_run_start


def _workflow(owner: Any) -> Any:
    return WorkflowFactory(owner=owner, name="Owner's workflow")


def _workflow_untouched(workflow: Any) -> bool:
    workflow.refresh_from_db()
    return bool(workflow.name == "Owner's workflow" and len(workflow.tasks) == 2)


def _run(owner: Any) -> Any:
    return workflow_run_start(
        workflow=_workflow(owner), user_input={"text": "secret input"}, enqueue=False
    )


def _finished_run(owner: Any) -> Any:
    run = _run(owner)
    WorkflowRun.objects.filter(pk=run.pk).update(status=WorkflowRun.Status.FAILED)
    return run


def _run_pending(run: Any) -> bool:
    run.refresh_from_db()
    return bool(run.status == WorkflowRun.Status.PENDING)


def _run_failed(run: Any) -> bool:
    run.refresh_from_db()
    return bool(run.status == WorkflowRun.Status.FAILED)


def _no_runs(workflow: Any) -> bool:
    return not WorkflowRun.objects.filter(workflow=workflow).exists()


BOLA_CASES: dict[str, BolaCase] = {
    "workflow-detail": BolaCase(
        make_object=_workflow,
        body=workflow_payload(name="Taken over"),
        unchanged=_workflow_untouched,
    ),
    "workflow-export": BolaCase(make_object=_workflow, methods=("get",)),
    "workflow-runs": BolaCase(
        make_object=_workflow,
        methods=("get", "post"),
        body={"userInput": {"text": "x"}},
        unchanged=_no_runs,
    ),
    "run-detail": BolaCase(make_object=_run, methods=("get",)),
    "run-cancel": BolaCase(make_object=_run, methods=("post",), unchanged=_run_pending),
    "run-resume": BolaCase(make_object=_finished_run, methods=("post",), unchanged=_run_failed),
    # The owner's GET would open a live stream; the intruder's 404 is answered before it.
    "run-events": BolaCase(make_object=_run, methods=("get",), owner_can_get=False, committed=True),
}
