"""Rate limits kept in Redis (the default cache)."""

from rest_framework.throttling import UserRateThrottle


class UserDefaultThrottle(UserRateThrottle):
    """The generous default for every authenticated route (per user; per IP when anonymous)."""

    scope = "user"
