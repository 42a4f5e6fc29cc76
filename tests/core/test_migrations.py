"""Every app's migrations can be unapplied to zero and applied again."""

import pytest
from django.core.management import call_command
from django.db import connection

APPS = ["core", "accounts", "models_catalog", "gemini", "prompts", "documents", "workflows"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("app", APPS)
def test_app_migrates_to_zero_and_back(app):
    call_command("migrate", app, "zero", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations WHERE app = %s", [app])
        assert cursor.fetchone()[0] == 0
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations WHERE app = %s", [app])
        assert cursor.fetchone()[0] > 0


@pytest.mark.django_db
def test_pgvector_extension_is_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        row = cursor.fetchone()
    assert row is not None
    assert tuple(int(p) for p in row[0].split(".")[:2]) >= (0, 8)
