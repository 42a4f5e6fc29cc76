"""Writes of the accounts app: registration, sign-in, password change and the end of sessions."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.models import update_last_login
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, Token

from accounts.exceptions import InvalidCredentials, TokenExpired, TokenInvalid
from accounts.login_failures import (
    login_failure_record,
    login_success_record,
    login_wait_seconds,
)
from accounts.models import User
from accounts.tokens import (
    TokenPair,
    access_token_deny,
    refresh_tokens_revoke_all,
    token_pair_issue,
    token_version_of,
)
from core.exceptions import Conflict, RateLimited, ValidationFailed

logger = logging.getLogger(__name__)

_EMAIL_TAKEN = "An account with this email address already exists."


@dataclass(frozen=True)
class AuthSession:
    """A signed-in user and their token pair."""

    user: User
    access: str
    refresh: str


def user_create(*, email: str, password: str) -> User:
    """Create an account; the email must be new in any letter case and the password strong."""
    email = User.objects.normalize_email(email).strip()
    try:
        # Validated against an unsaved user that carries the email, so "too similar to the email
        # address" is caught like the other rules.
        password_validation.validate_password(password, user=User(email=email))
    except DjangoValidationError as exc:
        raise ValidationFailed({"password": exc.messages}) from None
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(_EMAIL_TAKEN)
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=password)
    except IntegrityError:
        # Two sign-ups for one address raced past the check above; the constraint decided.
        raise Conflict(_EMAIL_TAKEN) from None
    logger.info("user registered", extra={"user_id": str(user.pk)})
    return user


def auth_register(*, email: str, password: str) -> AuthSession:
    """Create an account and sign it in."""
    user = user_create(email=email, password=password)
    return _session_start(user)


def auth_login(*, email: str, password: str, client: str) -> AuthSession:
    """Sign in with email and password from `client` (its IP); any failure is InvalidCredentials.

    A client in backoff after failed attempts on this email is refused (RateLimited) before the
    password is looked at; see `accounts.login_failures`.
    """
    wait = login_wait_seconds(email=email, client=client)
    if wait:
        raise RateLimited("Too many failed sign-ins; try again later.", retry_after=wait)
    # ModelBackend hashes the password once even for an unknown email, so an unknown address
    # takes as long to refuse as a wrong password and timing does not reveal who has an account.
    user = authenticate(None, email=email, password=password)
    if not isinstance(user, User):
        login_failure_record(email=email, client=client)
        raise InvalidCredentials()
    login_success_record(email=email, client=client)
    return _session_start(user)


def auth_password_change(*, user: User, current_password: str, new_password: str) -> TokenPair:
    """Change the password and end every session of the user but the one this pair starts.

    The current password is required even with a valid token, so that a stolen access token
    cannot take the account over.
    """
    if not user.check_password(current_password):
        raise ValidationFailed({"current_password": ["The current password is incorrect."]})
    if new_password == current_password:
        raise ValidationFailed({"new_password": ["The new password must differ from the old."]})
    try:
        password_validation.validate_password(new_password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed({"new_password": exc.messages}) from None
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        user_sessions_end(user)
    logger.info("password changed", extra={"user_id": str(user.pk)})
    return token_pair_issue(user)


def auth_logout_all(*, user: User) -> None:
    """Sign out everywhere: every access and refresh token of the user stops working."""
    with transaction.atomic():
        user_sessions_end(user)
    logger.info("user signed out everywhere", extra={"user_id": str(user.pk)})


def user_sessions_end(user: User) -> None:
    """Make every token issued to `user` so far unusable (call inside a transaction).

    Raising the version refuses every access token at once, with no Redis involved; the refresh
    tokens are blacklisted as well, so the refresh route refuses them with its usual answer.
    """
    User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
    user.refresh_from_db(fields=["token_version"])
    refresh_tokens_revoke_all(user)


def auth_token_refresh(*, refresh: str) -> TokenPair:
    """Trade a refresh token for a new pair; the old refresh token is blacklisted for good."""
    token = _refresh_token_load(refresh)
    with transaction.atomic():
        # Two requests racing with one refresh token must not both get a new pair: lock the
        # token's row and look at the blacklist again under the lock.
        outstanding = (
            OutstandingToken.objects.select_for_update()
            .filter(jti=token[jwt_settings.JTI_CLAIM])
            .first()
        )
        if outstanding is None or BlacklistedToken.objects.filter(token=outstanding).exists():
            raise TokenInvalid("The refresh token has been revoked.")
        user = User.objects.filter(pk=token.get(jwt_settings.USER_ID_CLAIM), is_active=True).first()
        if user is None:
            raise TokenInvalid("No active account belongs to this refresh token.")
        if token_version_of(token) != user.token_version:
            raise TokenInvalid("This session has ended; sign in again.")
        BlacklistedToken.objects.create(token=outstanding)
        return token_pair_issue(user)


def auth_logout(*, user: User, refresh: str, access: Token) -> None:
    """End this session: the refresh token can never be used again, the access token neither.

    The access token goes on the deny-list first: if Redis cannot take it the logout fails as a
    whole (503) and can simply be retried, rather than leaving a working access token behind a
    "signed out".
    """
    try:
        token = RefreshToken(refresh)  # type: ignore[arg-type]
    except TokenError:
        raise ValidationFailed(
            {"refresh": ["This refresh token is invalid, expired or already revoked."]}
        ) from None
    if str(token.get(jwt_settings.USER_ID_CLAIM)) != str(user.pk):
        raise ValidationFailed({"refresh": ["This refresh token was not issued to you."]})
    access_token_deny(access)
    token.blacklist()
    logger.info("user logged out", extra={"user_id": str(user.pk)})


def _session_start(user: User) -> AuthSession:
    pair = token_pair_issue(user)
    update_last_login(type(user), user)
    return AuthSession(user=user, access=pair.access, refresh=pair.refresh)


def _refresh_token_load(raw: str) -> RefreshToken:
    try:
        return RefreshToken(raw)  # type: ignore[arg-type]
    except ExpiredTokenError:
        raise TokenExpired("The refresh token has expired; sign in again.") from None
    except TokenError:
        raise TokenInvalid("The refresh token is invalid or has been revoked.") from None
