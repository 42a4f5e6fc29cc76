"""An outage of a dependency is a 503 in the envelope, never a 500 (API.md's status table)."""

import pytest
from django.db import connection

from tests.conftest import bearer_client


@pytest.fixture
def signed_in(user, transactional_db):
    return bearer_client(user)  # the token is minted before the outage begins


def test_a_database_outage_is_a_503_naming_the_database(signed_in, database_down):
    response = signed_in.get("/api/prompts")

    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "service_unavailable"
    assert body["details"] == {"service": "database"}
    assert "try again" in body["message"]
    assert connection.settings_dict["PORT"] == "1"  # the outage was real for the whole request
