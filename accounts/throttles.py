"""The rate limits of the auth routes: per client IP, per email address, per user.

The limits every app shares (per user, AI, uploads) live in `core.throttles`; the backoff after
failed sign-ins, which is not a rate limit, in `accounts.login_failures`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle, UserRateThrottle

from core.throttles import RateFromSettingsMixin


def client_ip(request: Request) -> str:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For entry NUM_PROXIES trusts."""
    return BaseThrottle().get_ident(request)


class AuthIPThrottle(RateFromSettingsMixin, SimpleRateThrottle):
    """Sign-in and registration attempts per client IP (scope `auth_ip`)."""

    scope = "auth_ip"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuthEmailThrottle(RateFromSettingsMixin, SimpleRateThrottle):
    """Registrations per email address, in any letter case (scope `auth_email`).

    It reads the body, so it must come after AuthIPThrottle in a view that stops at the first
    refusal (`accounts.views._PublicAuthView`), and the body is bounded by AUTH_MAX_BODY_BYTES.
    Sign-in does not use it: see `accounts.login_failures` for why a per-email limit on every
    attempt would let anyone lock an account out.
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


class PasswordChangeThrottle(RateFromSettingsMixin, UserRateThrottle):
    """Password changes per user (scope `auth_password`): a stolen access token must not be a
    way to guess the current password quickly."""

    scope = "auth_password"
