"""Production mode refuses unsafe configuration at start-up; dev mode needs no .env, and no key
is ever one that was committed."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# The SECRET_KEY this repository once committed as the development default.
COMMITTED_KEY = "dev-only-insecure-secret-key-change-me-0123456789abcdef"
_UNSET = {"SECRET_KEY", "JWT_SIGNING_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL"}
_PRINT_KEYS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.SECRET_KEY); print(settings.SIMPLE_JWT['SIGNING_KEY']); print(settings.DEBUG)"
)


def _start(env_overrides, code="import django; django.setup()", drop=()):
    env = {k: v for k, v in os.environ.items() if k not in _UNSET | set(drop)}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code],
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


DEV = {"DJANGO_ENV": "development", "DJANGO_SETTINGS_MODULE": "config.settings"}


def test_development_generates_private_keys_on_first_start_and_reuses_them(tmp_path):
    env = {**DEV, "SFL_DATA_DIR": str(tmp_path)}
    first = _start(env, _PRINT_KEYS)
    assert first.returncode == 0, first.stderr
    secret_key, jwt_key, _ = first.stdout.split()
    assert len(secret_key) >= 50 and len(jwt_key) >= 50
    assert secret_key != jwt_key
    assert COMMITTED_KEY not in (secret_key, jwt_key)
    for name, key in (("secret_key", secret_key), ("jwt_signing_key", jwt_key)):
        path = tmp_path / name
        assert path.read_text().strip() == key
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # A restart reads the same keys, so tokens and sessions survive it.
    again = _start(env, _PRINT_KEYS)
    assert again.returncode == 0, again.stderr
    assert again.stdout.split()[:2] == [secret_key, jwt_key]
    # Another checkout (another data folder) gets keys of its own.
    other = _start({**DEV, "SFL_DATA_DIR": str(tmp_path / "other")}, _PRINT_KEYS)
    assert other.stdout.split()[0] != secret_key


def test_a_key_file_readable_by_others_is_made_private_again(tmp_path):
    (tmp_path / "secret_key").write_text("k" * 60 + "\n")
    (tmp_path / "secret_key").chmod(0o644)
    result = _start({**DEV, "SFL_DATA_DIR": str(tmp_path)}, _PRINT_KEYS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "k" * 60
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


@pytest.mark.parametrize("variable", ["SECRET_KEY", "JWT_SIGNING_KEY"])
@pytest.mark.parametrize("environment", ["development", "test", "production"])
def test_the_once_committed_key_is_refused_in_every_environment(tmp_path, variable, environment):
    env = {
        **GOOD,
        "DJANGO_ENV": environment,
        "SFL_DATA_DIR": str(tmp_path),
        variable: COMMITTED_KEY,
    }
    result = _start(env)
    assert result.returncode != 0
    assert f"{variable} is a key published in this repository" in result.stderr


def test_a_database_url_without_django_env_refuses_debug_mode(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SFL_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://sfl:sfl@db.example:5432/sfl",
    }
    result = _start(env, drop={"DJANGO_ENV"})
    assert result.returncode != 0
    assert "Refusing to start in debug mode" in result.stderr
    assert "Set DJANGO_ENV=production for a deployment" in result.stderr


@pytest.mark.parametrize(
    "extra", [{"DJANGO_ENV": "development"}, {"DJANGO_ENV": "test"}, {"DEBUG": "False"}]
)
def test_a_database_url_starts_once_the_environment_is_named_or_debug_is_off(tmp_path, extra):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SFL_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://sfl:sfl@db.example:5432/sfl",
        **extra,
    }
    result = _start(env, drop={"DJANGO_ENV"})
    assert result.returncode == 0, result.stderr


def test_num_proxies_is_read_from_the_environment(tmp_path):
    code = (
        "import django; django.setup(); from rest_framework.settings import api_settings; "
        "print(api_settings.NUM_PROXIES)"
    )
    result = _start({**DEV, "SFL_DATA_DIR": str(tmp_path), "NUM_PROXIES": "2"}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2"
