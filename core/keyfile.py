"""Secret keys of a development checkout: made at random on first use, kept in a private file.

Imported by the settings module, so it uses nothing of Django but its exception.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_KEY_BYTES = 50


def key_file_load(path: Path) -> str:
    """The key stored in `path`, created there (mode 600) if the file does not exist yet.

    Several processes start at once on a first `make run` (gunicorn workers, the Celery worker):
    the key is written to a private temporary file and hard-linked into place, which fails for
    all but the first, so every process ends up reading the one key that won.
    """
    if not path.exists():
        _key_file_create(path)
    return _key_file_read(path)


def _key_file_create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(secrets.token_urlsafe(_KEY_BYTES) + "\n")
        # When another process created it first, its key is the one everybody uses.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _key_file_read(path: Path) -> str:
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        # Readable by others (copied around, or made by hand): take it back to the owner only.
        path.chmod(0o600)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise ImproperlyConfigured(
            f"The key file {path} holds no usable key; delete it and a new key is generated."
        )
    return key
