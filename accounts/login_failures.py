"""Backoff after failed sign-ins, built so that guessing is slow and the owner is not locked out.

A rate limit on every attempt per email (what this replaced) lets anyone lock a chosen account
out: five wrong passwords a minute from anywhere and the owner's right one is refused too. Simply
still accepting a right password during a backoff does not work either: the answer (200 or 429)
would tell the guesser whether each guess was right, so the backoff would slow nothing down.
So the backoff refuses attempts *unchecked*, but only where the failures came from:

- **Per email and client** (client = the IP, see NUM_PROXIES): after
  `LOGIN_BACKOFF_AFTER_FAILURES` failures, every further attempt of that pair waits
  `LOGIN_BACKOFF_BASE_SECONDS`, doubling with each new failure up to `LOGIN_BACKOFF_MAX_SECONDS`
  (429 with Retry-After; the password is not looked at). Another client, such as the owner's,
  is not affected. A success clears the pair.
- **Per email, from any client** (a guesser spread over many IPs): after
  `LOGIN_ACCOUNT_BACKOFF_AFTER_FAILURES` failures the same backoff applies to every client that
  has not signed in to this account successfully within `LOGIN_KNOWN_CLIENT_DAYS`. The owner on
  a known client keeps signing in; only a new client of the owner waits, and only while the
  attack goes on.

Failures are forgotten `LOGIN_FAILURE_WINDOW_SECONDS` after the last one. Every attempt also
counts against the per-IP rate limit (`auth_ip`), which caps what one IP can try across accounts.
Emails and IPs are stored as keyed hashes only. Redis down: no backoff (fail open, logged), the
per-IP limit degrades the same way; signing in keeps working.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import salted_hmac
from redis.exceptions import RedisError

from accounts.store import key, redis_client

logger = logging.getLogger(__name__)

_SALT = "accounts.login_failures"


@dataclass(frozen=True)
class _Keys:
    pair_failures: str
    pair_blocked: str
    account_failures: str
    account_blocked: str
    known_client: str


def _keys(email: str, client: str) -> _Keys:
    account = salted_hmac(_SALT, email.strip().lower()).hexdigest()
    pair = salted_hmac(_SALT, f"{account}\x00{client}").hexdigest()

    return _Keys(
        pair_failures=key(f"login:failures:pair:{pair}"),
        pair_blocked=key(f"login:blocked:pair:{pair}"),
        account_failures=key(f"login:failures:account:{account}"),
        account_blocked=key(f"login:blocked:account:{account}"),
        known_client=key(f"login:known:{pair}"),
    )


def backoff_seconds(failures: int, free: int) -> int:
    """Seconds to wait after `failures` failures when the first `free` cost nothing."""
    if failures <= free:
        return 0
    base = int(settings.LOGIN_BACKOFF_BASE_SECONDS)
    ceiling = int(settings.LOGIN_BACKOFF_MAX_SECONDS)
    # The exponent is capped so that a long attack never builds a huge integer.
    wait: int = base * 2 ** min(failures - free - 1, 32)
    return min(wait, ceiling)


def login_wait_seconds(*, email: str, client: str) -> int:
    """Seconds before this client may try this email again; 0 when it may try now."""
    keys = _keys(email, client)
    try:
        redis = redis_client()
        pipe = redis.pipeline(transaction=False)
        pipe.ttl(keys.pair_blocked)
        pipe.ttl(keys.account_blocked)
        pipe.exists(keys.known_client)
        pair_ttl, account_ttl, known = pipe.execute()
    except RedisError:
        logger.warning("login backoff unavailable: attempt not checked", exc_info=True)
        return 0
    waits = [int(pair_ttl)]
    if not known:
        waits.append(int(account_ttl))
    return max(0, *waits)


def login_failure_record(*, email: str, client: str) -> None:
    """Count a failed attempt and start or lengthen the backoff it earns."""
    keys = _keys(email, client)
    window = int(settings.LOGIN_FAILURE_WINDOW_SECONDS)
    try:
        redis = redis_client()
        pipe = redis.pipeline(transaction=True)
        pipe.incr(keys.pair_failures)
        pipe.expire(keys.pair_failures, window)
        pipe.incr(keys.account_failures)
        pipe.expire(keys.account_failures, window)
        pair_failures, _, account_failures, _ = pipe.execute()
        blocks = (
            (keys.pair_blocked, pair_failures, settings.LOGIN_BACKOFF_AFTER_FAILURES),
            (keys.account_blocked, account_failures, settings.LOGIN_ACCOUNT_BACKOFF_AFTER_FAILURES),
        )
        for key, failures, free in blocks:
            wait = backoff_seconds(int(failures), int(free))
            if wait:
                redis.set(key, 1, ex=wait)
    except RedisError:
        logger.warning("login backoff unavailable: failure not counted", exc_info=True)


def login_success_record(*, email: str, client: str) -> None:
    """Clear this client's failures for this email and remember it as a known client."""
    keys = _keys(email, client)
    try:
        redis = redis_client()
        pipe = redis.pipeline(transaction=True)
        pipe.delete(keys.pair_failures, keys.pair_blocked)
        pipe.set(keys.known_client, 1, ex=int(settings.LOGIN_KNOWN_CLIENT_DAYS) * 24 * 60 * 60)
        pipe.execute()
    except RedisError:
        logger.warning("login backoff unavailable: success not recorded", exc_info=True)
