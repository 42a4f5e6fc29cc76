"""The prompts BOLA entries cover every id route and each one answers 404 to another user."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse

from prompts.urls import urlpatterns
from tests.prompts.bola import BOLA_CASES


def test_every_prompts_route_with_an_id_has_a_bola_case():
    id_routes = {
        pattern.name
        for pattern in urlpatterns
        if isinstance(pattern, URLPattern) and "<uuid:pk>" in str(pattern.pattern)
    }

    assert id_routes == set(BOLA_CASES)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(BOLA_CASES))
def test_another_user_gets_404_on_every_method(name, user, other_client):
    case = BOLA_CASES[name]
    obj = case.make_object(user)
    url = reverse(name, kwargs=case.url_kwargs(obj))

    for method in case.methods:
        response = getattr(other_client, method)(url, case.body or None, format="json")
        assert response.status_code == 404, (name, method, response.status_code)
        assert response.json()["code"] == "not_found"

    if case.unchanged is not None:
        assert case.unchanged(obj)
