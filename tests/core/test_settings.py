"""Production mode refuses unsafe configuration at start-up; dev mode needs no .env."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _start(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


GOOD = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 50,
    "DEBUG": "False",
    "ALLOWED_HOSTS": "example.com",
    "JWT_SIGNING_KEY": "y" * 50,
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY is not set"),
        ({"DEBUG": "True"}, "DEBUG must be False"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is empty"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(override, complaint):
    result = _start({**GOOD, **override})
    assert result.returncode != 0
    assert "Refusing to start with DJANGO_ENV=production" in result.stderr
    assert complaint in result.stderr


def test_production_starts_with_safe_settings():
    result = _start(GOOD)
    assert result.returncode == 0, result.stderr


def test_development_starts_without_any_env_file_or_variables():
    result = _start({"DJANGO_ENV": "development", "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.returncode == 0, result.stderr
