"""GET /api/health reports each dependency; the database decides between 200 and 503."""

import uuid

import pytest
from django.core.cache import cache

from core import health


@pytest.fixture
def heartbeat_key(monkeypatch):
    """A heartbeat key of this test alone: the session's Celery worker beats under the real one."""
    key = f"{health.WORKER_HEARTBEAT_KEY}:test-{uuid.uuid4().hex}"
    monkeypatch.setattr(health, "WORKER_HEARTBEAT_KEY", key)
    return key


@pytest.mark.django_db
def test_health_reports_every_check_without_auth(anon_client):
    response = anon_client.get("/api/health")
    body = response.json()
    assert response.status_code == 200
    assert set(body["checks"]) == {"database", "cache", "queue", "worker", "embedder"}
    assert body["checks"]["embedder"]["model"] == "all-MiniLM-L6-v2"
    for name in ("database", "cache", "queue", "embedder"):
        assert body["checks"][name]["status"] == "ok", body
    assert body["checks"]["database"]["pgvector"]


@pytest.mark.django_db
def test_health_is_degraded_without_a_worker_heartbeat(anon_client, heartbeat_key):
    assert cache.get(heartbeat_key) is None
    body = anon_client.get("/api/health").json()
    assert body["checks"]["worker"]["status"] == "error"
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_health_reports_the_worker_of_a_fresh_heartbeat(anon_client, heartbeat_key):
    cache.set(heartbeat_key, {"hostname": "celery@test", "at": "2025-01-01T00:00:00+00:00"})
    worker = anon_client.get("/api/health").json()["checks"]["worker"]
    assert worker["status"] == "ok"
    assert worker["hostname"] == "celery@test"


def test_health_is_503_when_the_database_is_down(anon_client, database_down):
    response = anon_client.get("/api/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "error"
    assert body["checks"]["database"]["error"] == "OperationalError"
    assert body["checks"]["cache"]["status"] == "ok"


def test_schema_and_docs_are_public(anon_client):
    schema = anon_client.get("/api/schema")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
    docs = anon_client.get("/api/docs")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


@pytest.mark.django_db
def test_health_is_degraded_when_the_embedding_model_has_no_embedder(anon_client, settings):
    settings.EMBEDDING_MODEL = "gemini-embedding-001"  # and no GEMINI_API_KEY in tests
    body = anon_client.get("/api/health").json()
    assert body["checks"]["embedder"]["status"] == "error"
    assert body["status"] == "degraded"
