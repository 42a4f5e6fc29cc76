"""One user holds at most WORKFLOW_MAX_ACTIVE_RUNS_PER_USER runs pending or running."""

from __future__ import annotations

import pytest

from tests.workflows.factories import WorkflowFactory
from workflows.models import WorkflowRun

pytestmark = pytest.mark.django_db


def test_a_start_over_the_cap_is_429_until_a_run_ends(api_client, user, settings):
    settings.WORKFLOW_MAX_ACTIVE_RUNS_PER_USER = 2
    workflow = WorkflowFactory(owner=user)
    url = f"/api/workflows/{workflow.pk}/runs"
    body = {"userInput": {"text": "x"}}

    started = [api_client.post(url, body, format="json") for _ in range(2)]
    refused = api_client.post(url, body, format="json")
    api_client.post(f"/api/runs/{started[0].json()['id']}/cancel")
    again = api_client.post(url, body, format="json")

    assert [r.status_code for r in started] == [202, 202]
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert "2 workflow runs pending or running" in refused.json()["message"]
    assert int(refused["Retry-After"]) >= 1
    assert again.status_code == 202
    assert WorkflowRun.objects.filter(owner=user).count() == 3


def test_other_users_runs_do_not_count(api_client, user, other_user, settings):
    settings.WORKFLOW_MAX_ACTIVE_RUNS_PER_USER = 1
    theirs = WorkflowFactory(owner=other_user)
    WorkflowRun.objects.create(owner=other_user, workflow=theirs, status="running")
    workflow = WorkflowFactory(owner=user)
    response = api_client.post(
        f"/api/workflows/{workflow.pk}/runs", {"userInput": {"text": "x"}}, format="json"
    )
    assert response.status_code == 202


def test_a_resume_over_the_cap_is_429_and_leaves_the_run_as_it_was(api_client, user, settings):
    settings.WORKFLOW_MAX_ACTIVE_RUNS_PER_USER = 1
    workflow = WorkflowFactory(owner=user)
    failed = WorkflowRun.objects.create(owner=user, workflow=workflow, status="failed")
    WorkflowRun.objects.create(owner=user, workflow=workflow, status="pending")
    response = api_client.post(f"/api/runs/{failed.pk}/resume")
    assert response.status_code == 429
    failed.refresh_from_db()
    assert failed.status == "failed"
