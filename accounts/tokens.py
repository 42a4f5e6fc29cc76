"""The JWTs of a session: what they carry, and the three ways they end before their expiry.

- Logout puts the access token's `jti` on a deny-list in Redis until the token would have expired
  anyway, and blacklists the refresh token (simplejwt's table).
- Sign out everywhere and a password change raise `User.token_version`: every token carries the
  version it was issued under (claim `ver`), and one of an older version is refused. This lives
  in the user row, so it holds even while Redis is down.
- A rotated refresh token is blacklisted by `services.auth_token_refresh`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from redis.exceptions import RedisError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, Token

from accounts.models import User
from accounts.store import key, redis_client
from core.exceptions import ServiceUnavailable

logger = logging.getLogger(__name__)

VERSION_CLAIM = "ver"


@dataclass(frozen=True)
class TokenPair:
    """A short-lived access token and the refresh token that renews it."""

    access: str
    refresh: str


def token_pair_issue(user: User) -> TokenPair:
    """A new pair for `user`, stamped with the user's current token version."""
    refresh = RefreshToken.for_user(user)
    refresh[VERSION_CLAIM] = user.token_version
    # The access token copies every claim of the refresh token, the version included.
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def token_version_of(token: Token) -> int:
    """The version a token was issued under; tokens from before versions existed count as 0."""
    version = token.get(VERSION_CLAIM, 0)
    # Not a number: no version the user row can have, so the token is refused.
    return version if isinstance(version, int) else -1


def refresh_tokens_revoke_all(user: User) -> None:
    """Blacklist every refresh token of `user` that is not blacklisted yet."""
    live = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in live], ignore_conflicts=True
    )


def _deny_key(jti: str) -> str:
    return key(f"auth:denied-access:{jti}")


def access_token_deny(token: Token) -> None:
    """Refuse this access token from now until its expiry.

    Raises ServiceUnavailable (503) when Redis cannot record it, so that a client is never told
    "signed out" while its token still works.
    """
    remaining = int(token["exp"]) - int(time.time())
    if remaining <= 0:
        return
    try:
        redis_client().set(_deny_key(str(token[jwt_settings.JTI_CLAIM])), 1, ex=remaining)
    except RedisError:
        logger.warning("access token deny-list unavailable: cannot revoke", exc_info=True)
        raise ServiceUnavailable(
            "Signing out is unavailable for a moment (the session store is down); try again."
        ) from None


def access_token_is_denied(token: Token) -> bool:
    """Whether this access token was revoked by a logout.

    Fails open: while Redis is down a token revoked by a single logout works until it expires
    (at most JWT_ACCESS_MINUTES), as before the deny-list existed. Failing closed would turn a
    Redis outage into a 503 on every authenticated request. Sign out everywhere and password
    changes do not depend on Redis (the token version is in the user row).
    """
    jti = token.get(jwt_settings.JTI_CLAIM)
    if not jti:
        return False
    try:
        return bool(redis_client().exists(_deny_key(str(jti))))
    except RedisError:
        logger.warning("access token deny-list unavailable: not checked", exc_info=True)
        return False
