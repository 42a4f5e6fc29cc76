"""GET /api/models lists the active models of the catalogue."""

import pytest

from models_catalog.models import AIModel


@pytest.mark.django_db
def test_models_lists_the_seeded_models(api_client):
    response = api_client.get("/api/models")
    assert response.status_code == 200
    names = {m["name"] for m in response.json()}
    assert {"gemini-2.5-flash", "imagen-3.0-generate-002"} <= names
    flash = next(m for m in response.json() if m["name"] == "gemini-2.5-flash")
    assert set(flash) == {"id", "name", "provider", "kind", "description", "isActive"}
    assert flash["provider"] == "gemini"
    assert flash["kind"] == "text"


@pytest.mark.django_db
def test_inactive_models_are_not_listed(api_client):
    AIModel.objects.filter(name="imagen-3.0-generate-002").update(is_active=False)
    names = {m["name"] for m in api_client.get("/api/models").json()}
    assert "imagen-3.0-generate-002" not in names


@pytest.mark.django_db
def test_models_requires_authentication(anon_client):
    assert anon_client.get("/api/models").status_code == 401


@pytest.mark.django_db
def test_admin_lists_models_for_staff(client, make_user):
    staff = make_user(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/models_catalog/aimodel/")
    assert response.status_code == 200
    assert b"gemini-2.5-flash" in response.content


@pytest.mark.django_db
def test_catalogue_lists_the_offline_defaults_and_embedding_models(api_client):
    by_name = {m["name"]: m for m in api_client.get("/api/models").json()}
    assert by_name["smollm2-135m-instruct"]["provider"] == "local"
    assert "Low-quality" in by_name["smollm2-135m-instruct"]["description"]
    assert by_name["all-MiniLM-L6-v2"]["kind"] == "embedding"
    assert by_name["gemini-embedding-001"]["provider"] == "gemini"


@pytest.mark.django_db
def test_a_catalogued_model_is_routed_to_its_provider():
    from gemini.routing import provider_for_model

    assert provider_for_model("my-finetune") != "anthropic"
    AIModel.objects.create(name="my-finetune", provider="anthropic", kind="text")
    assert provider_for_model("my-finetune") == "anthropic"
