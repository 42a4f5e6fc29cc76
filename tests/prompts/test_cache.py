"""Cache-aside for GET /api/prompts/{id}: filled on a miss, dropped after every committed write."""

from __future__ import annotations

import copy
import logging
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django_redis.exceptions import ConnectionInterrupted  # type: ignore[import-untyped]

from prompts import cache as prompt_cache
from prompts.cache import prompt_cache_key
from prompts.models import Prompt
from prompts.services import prompt_last_test_record
from tests.prompts.factories import PromptFactory, prompt_payload

pytestmark = pytest.mark.django_db


def test_get_fills_the_cache_under_prompt_id(api_client, user):
    prompt = PromptFactory(owner=user)
    assert cache.get(prompt_cache_key(prompt.pk)) is None

    response = api_client.get(f"/api/prompts/{prompt.pk}")

    entry = cache.get(prompt_cache_key(prompt.pk))
    assert entry["owner_id"] == str(user.pk)
    assert entry["data"]["title"] == response.json()["title"]
    redis_cache: Any = cache
    ttl = redis_cache.ttl(prompt_cache_key(prompt.pk))
    assert 0 < ttl <= django_settings.PROMPT_CACHE_TTL


def test_a_cached_get_does_not_read_the_prompt_row(api_client, user, django_assert_num_queries):
    prompt = PromptFactory(owner=user, title="Cached title")
    api_client.get(f"/api/prompts/{prompt.pk}")
    # Changed behind the service's back: only the cache can still answer the old title.
    Prompt.objects.filter(pk=prompt.pk).update(title="Changed in the database")

    with django_assert_num_queries(1):  # the token's user only
        response = api_client.get(f"/api/prompts/{prompt.pk}")

    assert response.json()["title"] == "Cached title"


def test_a_cached_prompt_is_never_served_to_another_user(api_client, other_client, user):
    prompt = PromptFactory(owner=user, title="Private")
    assert api_client.get(f"/api/prompts/{prompt.pk}").status_code == 200

    response = other_client.get(f"/api/prompts/{prompt.pk}")

    assert response.status_code == 404
    assert "Private" not in response.content.decode()


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_invalidates_the_cache_after_commit(
    api_client, user, django_capture_on_commit_callbacks, method
):
    prompt = PromptFactory(owner=user, title="Before")
    api_client.get(f"/api/prompts/{prompt.pk}")

    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(api_client, method)(
            f"/api/prompts/{prompt.pk}", {"title": "After"}, format="json"
        )
    assert response.status_code == 200

    assert api_client.get(f"/api/prompts/{prompt.pk}").json()["title"] == "After"


def test_invalidation_waits_for_the_commit(api_client, user, django_capture_on_commit_callbacks):
    prompt = PromptFactory(owner=user, title="Before")
    api_client.get(f"/api/prompts/{prompt.pk}")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        api_client.patch(f"/api/prompts/{prompt.pk}", {"title": "After"}, format="json")
    assert cache.get(prompt_cache_key(prompt.pk)) is not None

    for callback in callbacks:
        callback()
    assert cache.get(prompt_cache_key(prompt.pk)) is None


def test_delete_invalidates_the_cache(api_client, user, django_capture_on_commit_callbacks):
    prompt = PromptFactory(owner=user)
    api_client.get(f"/api/prompts/{prompt.pk}")

    with django_capture_on_commit_callbacks(execute=True):
        assert api_client.delete(f"/api/prompts/{prompt.pk}").status_code == 204

    assert api_client.get(f"/api/prompts/{prompt.pk}").status_code == 404


def test_restore_invalidates_the_cache(api_client, user, django_capture_on_commit_callbacks):
    prompt = PromptFactory(owner=user, title="First")
    with django_capture_on_commit_callbacks(execute=True):
        api_client.patch(f"/api/prompts/{prompt.pk}", {"title": "Second"}, format="json")
    assert api_client.get(f"/api/prompts/{prompt.pk}").json()["title"] == "Second"

    with django_capture_on_commit_callbacks(execute=True):
        api_client.post(f"/api/prompts/{prompt.pk}/versions/1/restore")

    assert api_client.get(f"/api/prompts/{prompt.pk}").json()["title"] == "First"


def test_recording_a_test_result_invalidates_the_cache(
    api_client, user, django_capture_on_commit_callbacks
):
    prompt = PromptFactory(owner=user)
    assert api_client.get(f"/api/prompts/{prompt.pk}").json()["lastTest"] is None

    with django_capture_on_commit_callbacks(execute=True):
        prompt_last_test_record(prompt=prompt, result={"response": "Hi", "model": "m"})

    assert api_client.get(f"/api/prompts/{prompt.pk}").json()["lastTest"]["response"] == "Hi"


def test_import_update_invalidates_the_cache(api_client, user, django_capture_on_commit_callbacks):
    prompt = PromptFactory(owner=user, title="Before")
    api_client.get(f"/api/prompts/{prompt.pk}")

    with django_capture_on_commit_callbacks(execute=True):
        api_client.post(
            "/api/prompts/import",
            [prompt_payload(id=str(prompt.pk), title="Imported")],
            format="json",
        )

    assert api_client.get(f"/api/prompts/{prompt.pk}").json()["title"] == "Imported"


@pytest.fixture
def redis_stopped(settings, monkeypatch):
    """Point the cache at a port where nothing listens: Redis is down for this test."""
    caches_setting = copy.deepcopy(settings.CACHES)
    caches_setting["default"]["LOCATION"] = "redis://127.0.0.1:1/0"
    caches_setting["default"]["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] = 0.2
    settings.CACHES = caches_setting  # Django's setting_changed handler drops the old clients
    monkeypatch.setattr(prompt_cache, "_cache_available", True)
    with pytest.raises(ConnectionInterrupted):
        dead: Any = caches["default"]
        dead.client.get("probe")  # really talking to the dead port
    yield
    caches.close_all()


def test_every_route_works_while_redis_is_down(api_client, user, redis_stopped, caplog):
    prompt = PromptFactory(owner=user, title="Up")
    caplog.set_level(logging.WARNING, logger="prompts.cache")

    get = api_client.get(f"/api/prompts/{prompt.pk}")
    again = api_client.get(f"/api/prompts/{prompt.pk}")
    put = api_client.put(f"/api/prompts/{prompt.pk}", {"title": "Put"}, format="json")
    patch = api_client.patch(f"/api/prompts/{prompt.pk}", {"notes": "Patched"}, format="json")
    after = api_client.get(f"/api/prompts/{prompt.pk}")
    created = api_client.post("/api/prompts", prompt_payload(), format="json")
    listed = api_client.get("/api/prompts")
    deleted = api_client.delete(f"/api/prompts/{prompt.pk}")
    gone = api_client.get(f"/api/prompts/{prompt.pk}")

    assert [r.status_code for r in (get, again, put, patch, after, created, listed, deleted)] == [
        200,
        200,
        200,
        200,
        200,
        201,
        200,
        204,
    ]
    assert after.json()["title"] == "Put"
    assert after.json()["notes"] == "Patched"
    assert gone.status_code == 404
    outage_logs = [
        r for r in caplog.records if r.getMessage() == "prompt cache unavailable; bypassing it"
    ]
    assert len(outage_logs) == 1


def test_the_cache_is_used_again_when_redis_is_back(api_client, user, caplog):
    prompt = PromptFactory(owner=user)
    prompt_cache._cache_available = False
    caplog.set_level(logging.INFO, logger="prompts.cache")

    api_client.get(f"/api/prompts/{prompt.pk}")

    assert cache.get(prompt_cache_key(prompt.pk)) is not None
    assert prompt_cache._cache_available is True
    assert "prompt cache available again" in [r.getMessage() for r in caplog.records]
