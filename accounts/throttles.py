"""Rate limits kept in Redis (the default cache).

Every class reads its rate from settings at request time: DRF copies `DEFAULT_THROTTLE_RATES` onto
`SimpleRateThrottle` once, at import, so a changed setting would otherwise never apply.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle


class _RateFromSettingsMixin:
    scope: str

    def get_rate(self) -> str | None:
        rates: Mapping[str, str | None] = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})
        try:
            return rates[self.scope]
        except KeyError:
            raise ImproperlyConfigured(
                f"No rate for throttle scope {self.scope!r} in DEFAULT_THROTTLE_RATES."
            ) from None


class UserDefaultThrottle(_RateFromSettingsMixin, UserRateThrottle):
    """The generous default for every route (per user; per IP when anonymous)."""

    scope = "user"


class AIThrottle(_RateFromSettingsMixin, UserRateThrottle):
    """Routes that call an LLM provider, per user (scope `ai`)."""

    scope = "ai"


class UploadThrottle(_RateFromSettingsMixin, UserRateThrottle):
    """Routes that accept file uploads, per user (scope `upload`)."""

    scope = "upload"


class AuthIPThrottle(_RateFromSettingsMixin, SimpleRateThrottle):
    """Sign-in and registration attempts per client IP (scope `auth_ip`)."""

    scope = "auth_ip"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuthEmailThrottle(_RateFromSettingsMixin, SimpleRateThrottle):
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
