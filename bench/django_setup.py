"""Django configured for a benchmark: its own database and Redis DB, quiet logs, no debug."""

from __future__ import annotations

import os


def bench_django_setup(*, database_url: str, redis_db: int, extra_env: dict[str, str]) -> None:
    """Point the settings at `database_url` and Redis DB `redis_db`, then `django.setup()`."""
    from core import devservices

    redis = (os.environ.get("REDIS_URL") or devservices.DEFAULT_REDIS_URL).rsplit("/", 1)[0]
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "CACHE_URL": f"{redis}/{redis_db}",
            "DEBUG": "False",
            "LOG_LEVEL": "WARNING",
            **extra_env,
        }
    )
    import django

    django.setup()
