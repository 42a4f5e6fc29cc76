"""The rate limits of sign-in and registration: per client IP and per email address.

The limits every app shares (per user, AI, uploads) live in `core.throttles`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from core.throttles import RateFromSettingsMixin


class AuthIPThrottle(RateFromSettingsMixin, SimpleRateThrottle):
    """Sign-in and registration attempts per client IP (scope `auth_ip`)."""

    scope = "auth_ip"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuthEmailThrottle(RateFromSettingsMixin, SimpleRateThrottle):
    """Sign-in and registration attempts per email address, in any letter case (`auth_email`).

    This is what stops password guessing against one account from many IPs.
    """

    scope = "auth_email"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        data = request.data
        email = data.get("email") if isinstance(data, Mapping) else None
        if not isinstance(email, str) or not email.strip():
            return None
        # Hashed so that Redis never holds the addresses people type in.
        ident = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}
