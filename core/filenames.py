"""File names that come from users: one rule for showing them, one for offering a download.

Neither is ever used as a storage path: stored files are named by the server alone.
"""

from __future__ import annotations

from typing import Final

from django.utils.text import slugify

DISPLAY_MAX_CHARS: Final = 255
DOWNLOAD_STEM_MAX_CHARS: Final = 80
# An extension longer than this is not one worth keeping when a long name is cut.
_EXTENSION_MAX_CHARS: Final = 16


def file_name_display(name: str | None, *, default: str = "untitled") -> str:
    """An uploaded file's name to show: the last path component, printable, trimmed, no leading
    dot, at most DISPLAY_MAX_CHARS (keeping a short extension)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    if not cleaned:
        return default
    if len(cleaned) > DISPLAY_MAX_CHARS:
        _, dot, ext = cleaned.rpartition(".")
        keep = ext if dot and len(ext) <= _EXTENSION_MAX_CHARS else ""
        cleaned = cleaned[: DISPLAY_MAX_CHARS - len(keep) - 1] + ("." + keep if keep else "")
    return cleaned


def file_name_download(stem: str, *, extension: str, default: str) -> str:
    """A safe ASCII name for a `Content-Disposition` header: `stem` as a slug (lower-case letters,
    digits and hyphens, at most DOWNLOAD_STEM_MAX_CHARS), or `default` when nothing is left."""
    slug = slugify(stem)[:DOWNLOAD_STEM_MAX_CHARS].strip("-")
    return f"{slug or default}.{extension}"
