"""GET /api/health reports each dependency; the database decides between 200 and 503."""

import pytest

from core import health


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
def test_health_is_degraded_without_a_worker_heartbeat(anon_client):
    body = anon_client.get("/api/health").json()
    assert body["checks"]["worker"]["status"] == "error"
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_health_is_503_when_the_database_is_down(anon_client, monkeypatch):
    def database_down():
        raise ConnectionError("database unreachable")

    monkeypatch.setitem(health.CHECKS, "database", database_down)
    response = anon_client.get("/api/health")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["status"] == "error"


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
