"""The rate limits every app shares, kept in Redis (the default cache).

Routes name these classes; the auth-specific limits (per IP, per email, failed sign-ins) belong
to `accounts.throttles`. Every class reads its rate from settings at request time: DRF copies
`DEFAULT_THROTTLE_RATES` onto `SimpleRateThrottle` once, at import, so a changed setting would
otherwise never apply.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from rest_framework.throttling import UserRateThrottle


class RateFromSettingsMixin:
    """The rate of `scope`, looked up in `DEFAULT_THROTTLE_RATES` on every request."""

    scope: str

    def get_rate(self) -> str | None:
        rates: Mapping[str, str | None] = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})
        try:
            return rates[self.scope]
        except KeyError:
            raise ImproperlyConfigured(
                f"No rate for throttle scope {self.scope!r} in DEFAULT_THROTTLE_RATES."
            ) from None


class UserDefaultThrottle(RateFromSettingsMixin, UserRateThrottle):
    """The generous default for every route (per user; per IP when anonymous)."""

    scope = "user"


class AIThrottle(RateFromSettingsMixin, UserRateThrottle):
    """Routes that call an LLM provider, per user (scope `ai`)."""

    scope = "ai"


class UploadThrottle(RateFromSettingsMixin, UserRateThrottle):
    """Routes that accept file uploads, per user (scope `upload`)."""

    scope = "upload"
