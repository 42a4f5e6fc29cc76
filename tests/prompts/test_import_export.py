"""Export (JSON, Markdown; one prompt or the library) and import with per-item results."""

from __future__ import annotations

import json
import uuid

import pytest

from prompts.models import Prompt
from tests.prompts.factories import PromptFactory, prompt_payload

pytestmark = pytest.mark.django_db

# As the original SFL Prompt Architect wrote its export: its own ids and timestamps, test state,
# and `targetAudience` as a plain string in older files.
ORIGINAL_APP_EXPORT = [
    {
        "id": "1718000000000",
        "title": "Explain quantum computing",
        "promptText": "Explain quantum computing to a {{level}} audience.",
        "sflField": {
            "topic": "Quantum computing",
            "taskType": "Explanation",
            "domainSpecifics": "Qubits, superposition",
            "keywords": "qubit, superposition, entanglement",
        },
        "sflTenor": {
            "aiPersona": "Teacher/Tutor",
            "targetAudience": "Beginners",
            "desiredTone": "Enthusiastic",
            "interpersonalStance": "Patient guide",
        },
        "sflMode": {
            "outputFormat": "Markdown",
            "rhetoricalStructure": "Analogy first",
            "lengthConstraint": "Medium Paragraph (~150 words)",
            "textualDirectives": "Use one analogy.",
        },
        "exampleOutput": "Imagine a coin spinning...",
        "notes": "",
        "createdAt": "2024-06-10T10:00:00.000Z",
        "updatedAt": "2024-06-11T10:00:00.000Z",
        "geminiResponse": "Quantum computers use qubits...",
        "geminiTestError": None,
        "isTesting": False,
    }
]


def _download(response):
    assert response.status_code == 200, response.content
    return response["Content-Disposition"], response.content.decode()


# --- Export ------------------------------------------------------------------------------------


def test_export_one_prompt_as_json(api_client, user):
    prompt = PromptFactory(owner=user, title="Explain Recursion: A Guide!")

    disposition, content = _download(api_client.get(f"/api/prompts/{prompt.pk}/export"))

    assert disposition == 'attachment; filename="explain-recursion-a-guide.json"'
    items = json.loads(content)
    assert len(items) == 1
    assert items[0]["id"] == str(prompt.pk)
    assert items[0]["sflTenor"]["targetAudience"] == ["Beginners"]
    assert "lastTest" not in items[0]


def test_export_one_prompt_as_markdown(api_client, user):
    prompt = PromptFactory(
        owner=user,
        title="Recursion",
        prompt_text="Use ``` fences {{x}}",
        source_document={"name": "style-guide.txt", "content": "..."},
    )

    response = api_client.get(f"/api/prompts/{prompt.pk}/export", {"format": "markdown"})
    disposition, content = _download(response)

    assert response["Content-Type"].startswith("text/markdown")
    assert disposition == 'attachment; filename="recursion.md"'
    assert content.startswith("# Recursion\n")
    assert "````text\nUse ``` fences {{x}}\n````" in content
    assert "## Field" in content
    assert "- **Task type:** Explanation" in content
    assert "- **Target audience:** Beginners" in content
    assert "## Mode" in content
    assert "## Example output" in content
    assert "## Notes" in content
    assert "## Source document\n\nstyle-guide.txt" in content


def test_export_falls_back_to_a_safe_file_name(api_client, user):
    prompt = PromptFactory(owner=user, title="!!! ???")

    disposition, _ = _download(api_client.get(f"/api/prompts/{prompt.pk}/export"))

    assert disposition == 'attachment; filename="prompt.json"'


def test_export_the_library(api_client, user, other_user):
    first = PromptFactory(owner=user, title="First")
    second = PromptFactory(owner=user, title="Second")
    PromptFactory(owner=other_user, title="Not mine")

    disposition, content = _download(api_client.get("/api/prompts/export", {"format": "json"}))

    assert disposition.startswith('attachment; filename="sfl-prompts-')
    assert disposition.endswith('.json"')
    assert [item["id"] for item in json.loads(content)] == [str(first.pk), str(second.pk)]


def test_export_the_library_as_markdown(api_client, user):
    PromptFactory(owner=user, title="First")
    PromptFactory(owner=user, title="Second")

    _, content = _download(api_client.get("/api/prompts/export", {"format": "markdown"}))

    assert content.startswith("# SFL Prompt Library\n")
    assert "## First" in content
    assert "## Second" in content
    assert "### Tenor" in content


def test_export_selected_ids_only_the_callers(api_client, user, other_user):
    wanted = PromptFactory(owner=user)
    PromptFactory(owner=user)
    foreign = PromptFactory(owner=other_user)

    _, content = _download(
        api_client.get("/api/prompts/export", {"ids": f"{wanted.pk},{foreign.pk}"})
    )

    assert [item["id"] for item in json.loads(content)] == [str(wanted.pk)]


def test_export_rejects_an_unknown_format(api_client, user):
    prompt = PromptFactory(owner=user)

    for url in ("/api/prompts/export", f"/api/prompts/{prompt.pk}/export"):
        response = api_client.get(url, {"format": "pdf"})
        assert response.status_code == 400
        assert "format" in response.json()["details"]["fields"]


def test_export_rejects_malformed_ids(api_client):
    response = api_client.get("/api/prompts/export", {"ids": "abc,def"})

    assert response.status_code == 400
    assert "ids" in response.json()["details"]["fields"]


def test_export_of_another_users_prompt_answers_404(api_client, other_user):
    prompt = PromptFactory(owner=other_user)

    assert api_client.get(f"/api/prompts/{prompt.pk}/export").status_code == 404


# --- Import ------------------------------------------------------------------------------------


def test_import_round_trips_our_export(api_client, other_client, user, other_user):
    PromptFactory(owner=other_user, title="Shared recipe")
    exported = other_client.get("/api/prompts/export").content

    response = api_client.post("/api/prompts/import", json.loads(exported), format="json")

    assert response.status_code == 200
    assert response.json() == {"created": 1, "updated": 0, "errors": []}
    imported = Prompt.objects.owned_by(user).get()
    assert imported.title == "Shared recipe"
    assert imported.sfl_tenor["target_audience"] == ["Beginners"]
    assert imported.version == 1
    assert Prompt.objects.owned_by(other_user).count() == 1


def test_import_reads_the_original_apps_export(api_client, user):
    response = api_client.post("/api/prompts/import", ORIGINAL_APP_EXPORT, format="json")

    assert response.json() == {"created": 1, "updated": 0, "errors": []}
    prompt = Prompt.objects.owned_by(user).get()
    assert prompt.title == "Explain quantum computing"
    assert prompt.sfl_tenor["target_audience"] == ["Beginners"]
    assert prompt.sfl_mode["length_constraint"] == "Medium Paragraph (~150 words)"
    assert prompt.example_output == "Imagine a coin spinning..."
    assert prompt.last_test is None
    assert prompt.created_at.year != 2024  # their timestamps are not ours


def test_import_with_an_own_id_updates_and_a_foreign_id_creates(api_client, user, other_user):
    mine = PromptFactory(owner=user, title="Mine")
    theirs = PromptFactory(owner=other_user, title="Theirs")

    response = api_client.post(
        "/api/prompts/import",
        [
            prompt_payload(id=str(mine.pk), title="Mine, updated"),
            prompt_payload(id=str(theirs.pk), title="Copied"),
            prompt_payload(id=str(uuid.uuid4()), title="New"),
        ],
        format="json",
    )

    assert response.json() == {"created": 2, "updated": 1, "errors": []}
    mine.refresh_from_db()
    assert mine.title == "Mine, updated"
    assert mine.version == 2
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"
    assert set(Prompt.objects.owned_by(user).values_list("title", flat=True)) == {
        "Mine, updated",
        "Copied",
        "New",
    }


def test_import_saves_valid_items_and_reports_the_invalid_ones(api_client, user):
    response = api_client.post(
        "/api/prompts/import",
        [
            prompt_payload(title="Good one"),
            prompt_payload(title=""),
            "not an object",
            {"title": "No text"},
            prompt_payload(title="Bad audience", sflTenor={"targetAudience": 5}),
            prompt_payload(title="Good two"),
        ],
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["created"] == 2
    assert body["updated"] == 0
    assert [error["index"] for error in body["errors"]] == [1, 2, 3, 4]
    messages = {error["index"]: error["message"] for error in body["errors"]}
    assert messages[1].startswith("title:")
    assert messages[2] == "Each item must be a JSON object."
    assert messages[3] == "promptText: This field is required."
    assert messages[4] == "sflTenor.targetAudience: Must be a list of strings or a string."
    assert set(Prompt.objects.owned_by(user).values_list("title", flat=True)) == {
        "Good one",
        "Good two",
    }


def test_import_rejects_a_body_that_is_not_an_array(api_client):
    response = api_client.post("/api/prompts/import", prompt_payload(), format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_import_of_an_empty_array_does_nothing(api_client):
    response = api_client.post("/api/prompts/import", [], format="json")

    assert response.json() == {"created": 0, "updated": 0, "errors": []}


@pytest.mark.django_db
def test_import_of_an_empty_array_reports_nothing_done(api_client):
    response = api_client.post("/api/prompts/import", [], format="json")
    assert response.status_code == 200
    assert response.json() == {"created": 0, "updated": 0, "errors": []}
