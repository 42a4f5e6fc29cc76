"""Version history: every change is an immutable version; list, read and restore them."""

from __future__ import annotations

import pytest

from prompts.models import PromptVersion
from prompts.services import prompt_last_test_record
from tests.prompts.factories import PromptFactory

pytestmark = pytest.mark.django_db


def _patch(client, prompt, body):
    response = client.patch(f"/api/prompts/{prompt.pk}", body, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def test_a_new_prompt_has_version_one_in_its_history(api_client, user):
    prompt = PromptFactory(owner=user)

    response = api_client.get(f"/api/prompts/{prompt.pk}/versions")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert set(body["results"][0]) == {
        "version",
        "title",
        "promptText",
        "sflField",
        "sflTenor",
        "sflMode",
        "exampleOutput",
        "notes",
        "sourceDocument",
        "createdAt",
    }
    assert body["results"][0]["version"] == 1


def test_versions_keep_every_previous_state_newest_first(api_client, user):
    prompt = PromptFactory(owner=user, title="First")
    _patch(api_client, prompt, {"title": "Second"})
    _patch(api_client, prompt, {"sflTenor": {"desiredTone": "Critical"}})

    results = api_client.get(f"/api/prompts/{prompt.pk}/versions").json()["results"]

    assert [v["version"] for v in results] == [3, 2, 1]
    assert [v["title"] for v in results] == ["Second", "Second", "First"]
    assert results[0]["sflTenor"]["desiredTone"] == "Critical"
    assert results[1]["sflTenor"]["desiredTone"] == "Empathetic"


def test_read_one_version(api_client, user):
    prompt = PromptFactory(owner=user, title="First")
    _patch(api_client, prompt, {"title": "Second", "promptText": "New {{x}}"})

    response = api_client.get(f"/api/prompts/{prompt.pk}/versions/1")

    assert response.status_code == 200
    assert response.json()["title"] == "First"
    assert response.json()["promptText"] == prompt.body
    assert response.json()["sflTenor"]["targetAudience"] == ["Beginners"]


def test_read_a_missing_version_answers_404(api_client, user):
    prompt = PromptFactory(owner=user)

    response = api_client.get(f"/api/prompts/{prompt.pk}/versions/9")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_restore_makes_the_old_content_current_as_a_new_version(api_client, user):
    prompt = PromptFactory(owner=user, title="First")
    _patch(api_client, prompt, {"title": "Second", "sflField": {"topic": "Loops"}})

    response = api_client.post(f"/api/prompts/{prompt.pk}/versions/1/restore")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "First"
    assert body["sflField"]["topic"] == "Recursion"
    assert body["version"] == 3
    history = api_client.get(f"/api/prompts/{prompt.pk}/versions").json()["results"]
    assert [(v["version"], v["title"]) for v in history] == [
        (3, "First"),
        (2, "Second"),
        (1, "First"),
    ]
    assert api_client.get(f"/api/prompts/{prompt.pk}").json()["title"] == "First"


def test_restore_of_a_missing_version_answers_404_and_changes_nothing(api_client, user):
    prompt = PromptFactory(owner=user)

    response = api_client.post(f"/api/prompts/{prompt.pk}/versions/5/restore")

    assert response.status_code == 404
    prompt.refresh_from_db()
    assert prompt.version == 1


def test_version_rows_are_never_rewritten(api_client, user):
    prompt = PromptFactory(owner=user, title="First")
    original = PromptVersion.objects.get(prompt=prompt, version=1)
    _patch(api_client, prompt, {"title": "Second"})
    api_client.post(f"/api/prompts/{prompt.pk}/versions/1/restore")

    reloaded = PromptVersion.objects.get(pk=original.pk)
    assert (reloaded.title, reloaded.body, reloaded.metadata, reloaded.created_at) == (
        original.title,
        original.body,
        original.metadata,
        original.created_at,
    )


@pytest.mark.parametrize(
    "path",
    ["versions", "versions/1", "versions/1/restore"],
)
def test_versions_of_another_users_prompt_answer_404(api_client, other_user, path):
    prompt = PromptFactory(owner=other_user)
    method = api_client.post if path.endswith("restore") else api_client.get

    response = method(f"/api/prompts/{prompt.pk}/{path}")

    assert response.status_code == 404
    prompt.refresh_from_db()
    assert prompt.version == 1


def test_recording_a_test_result_is_not_a_new_version(api_client, user):
    prompt = PromptFactory(owner=user)
    updated_at = prompt.updated_at

    prompt_last_test_record(
        prompt=prompt,
        result={"response": "ok", "error": None, "model": "gemini-2.5-flash", "latency_ms": 12},
    )

    prompt.refresh_from_db()
    assert prompt.version == 1
    assert prompt.updated_at == updated_at
    assert prompt.versions.count() == 1
    last_test = api_client.get(f"/api/prompts/{prompt.pk}").json()["lastTest"]
    assert last_test["response"] == "ok"
    assert last_test["model"] == "gemini-2.5-flash"
    assert last_test["latencyMs"] == 12
    assert last_test["testedAt"]


def test_past_the_version_cap_the_oldest_are_pruned_but_version_one_stays(
    api_client, user, settings
):
    settings.PROMPT_MAX_VERSIONS = 3
    prompt = PromptFactory(owner=user, title="v1")
    for n in range(2, 6):
        _patch(api_client, prompt, {"title": f"v{n}"})

    versions = PromptVersion.objects.filter(prompt=prompt).order_by("version")
    assert [v.version for v in versions] == [1, 4, 5]
    assert api_client.get(f"/api/prompts/{prompt.pk}/versions/2").status_code == 404
    restored = api_client.post(f"/api/prompts/{prompt.pk}/versions/1/restore", format="json")
    assert restored.status_code == 200, restored.json()
    versions = PromptVersion.objects.filter(prompt=prompt).order_by("version")
    assert [(v.version, v.title) for v in versions] == [(1, "v1"), (5, "v5"), (6, "v1")]
