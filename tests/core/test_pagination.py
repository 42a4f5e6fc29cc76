"""Every list reads `page` and `pageSize` the same way; nonsense is a 400, never a 500."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=%C2%B2", "page"),  # "²": str.isdigit() says yes, int() says no
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=99999999999999999999999", "page"),
        ("pageSize=0", "pageSize"),
        ("pageSize=101", "pageSize"),
        ("pageSize=ten", "pageSize"),
    ],
)
@pytest.mark.parametrize("path", ["/api/prompts", "/api/workflows", "/api/documents"])
def test_bad_page_parameters_are_a_400_naming_the_parameter(api_client, path, query, field):
    response = api_client.get(f"{path}?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "validation_error"
    assert field in response.json()["details"]["fields"]


@pytest.mark.django_db
def test_page_size_is_honoured_and_links_the_next_page(api_client, user):
    from tests.prompts.factories import PromptFactory

    for _ in range(3):
        PromptFactory(owner=user)
    first = api_client.get("/api/prompts?pageSize=2").json()
    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert "page=2" in first["next"]
    second = api_client.get("/api/prompts?pageSize=2&page=2").json()
    assert len(second["results"]) == 1
    assert second["next"] is None
