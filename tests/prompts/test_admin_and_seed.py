"""The Django admin for prompts and the demo seed command."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from prompts.management.commands.seed_demo import EXAMPLE_PROMPTS
from prompts.models import Prompt
from tests.prompts.factories import PromptFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_admin_lists_and_searches_prompts(staff_client, user):
    PromptFactory(owner=user, title="Findable prompt")
    PromptFactory(owner=user, title="Other prompt")

    response = staff_client.get("/admin/prompts/prompt/", {"q": "Findable"})

    assert response.status_code == 200
    assert b"Findable prompt" in response.content
    assert b"Other prompt" not in response.content


def test_admin_filters_by_task_type_and_persona(staff_client, user):
    PromptFactory(
        owner=user,
        title="Historian translation",
        sfl_field={"task_type": "Translation"},
        sfl_tenor={"ai_persona": "Historian"},
    )
    PromptFactory(owner=user, title="Tutor explanation")

    by_task = staff_client.get("/admin/prompts/prompt/", {"task_type": "Translation"})
    by_persona = staff_client.get("/admin/prompts/prompt/", {"ai_persona": "Teacher/Tutor"})

    assert b"Historian translation" in by_task.content
    assert b"Tutor explanation" not in by_task.content
    assert b"Tutor explanation" in by_persona.content
    assert b"Historian translation" not in by_persona.content


def test_admin_shows_the_versions_read_only(staff_client, user):
    prompt = PromptFactory(owner=user, title="Versioned")

    response = staff_client.get(f"/admin/prompts/prompt/{prompt.pk}/change/")

    assert response.status_code == 200
    assert b"prompt versions" in response.content.lower()
    assert b'name="versions-0-title"' not in response.content  # no editable inline inputs


def test_admin_delete_removes_the_prompt(staff_client, user):
    prompt = PromptFactory(owner=user)

    response = staff_client.post(f"/admin/prompts/prompt/{prompt.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Prompt.objects.filter(pk=prompt.pk).exists()


@override_settings(DEMO_USER_EMAIL="demo-seed@example.com")
def test_seed_demo_adds_example_prompts_once():
    call_command("seed_demo", email="demo-seed@example.com", password="a-long-demo-pass-1")
    call_command("seed_demo", email="demo-seed@example.com", password="a-long-demo-pass-1")

    user = get_user_model().objects.get(email="demo-seed@example.com")
    prompts = Prompt.objects.owned_by(user)
    assert prompts.count() == len(EXAMPLE_PROMPTS) >= 3
    assert all(p.version == 1 and p.variables for p in prompts)
    assert {p.sfl_field["task_type"] for p in prompts} >= {"Explanation", "Summarization"}
