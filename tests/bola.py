"""The shape of a BOLA matrix entry; each app lists its routes in `tests/<app>/bola.py`.

`tests/test_bola.py` enumerates every URL pattern under /api/ that takes an object id and fails
for any pattern without an entry in some app's `BOLA_CASES`. A route that has no owner at all (a
shared catalogue) goes in that module's `BOLA_EXEMPT: dict[str, str]` (name → reason) instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def _pk_kwargs(obj: Any) -> dict[str, Any]:
    return {"pk": obj.pk}


@dataclass(frozen=True)
class BolaCase:
    """How to attack one URL pattern: user A owns the object, user B tries `methods` on it."""

    make_object: Callable[[Any], Any]
    """Create the object owned by the given user (user A) and return it."""
    methods: tuple[str, ...] = ("get", "put", "patch", "delete")
    """HTTP methods user B tries; each must answer 404."""
    body: dict[str, Any] = field(default_factory=dict)
    """JSON body for write methods (valid for the owner, so only ownership can refuse it)."""
    url_kwargs: Callable[[Any], dict[str, Any]] = _pk_kwargs
    """URL kwargs for the object (default `{"pk": obj.pk}`)."""
    unchanged: Callable[[Any], bool] | None = None
    """Optional check, after the attempts, that user A's object is intact."""
    committed: bool = False
    """Run the attack with committed rows (`transaction=True`): for a route that reads the
    database from threads of its own (an async view), where the test's open transaction is
    invisible."""
    owner_can_get: bool = True
    """When "get" is among `methods`, the owner's own GET must succeed: proof that the URL is
    right and the intruder's 404 comes from ownership. False only for a GET that must not run."""
