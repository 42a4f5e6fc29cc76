"""Bearer-JWT authentication that also honours logout, sign out everywhere and password changes."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.models import TokenUser
from rest_framework_simplejwt.tokens import Token

from accounts.models import User
from accounts.tokens import access_token_is_denied, token_version_of


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's check of signature, expiry and user, then the two revocations of a token.

    Both answer 401 `token_invalid`: a stale version (the user signed out everywhere or changed
    the password since the token was issued) and a `jti` on the logout deny-list.
    """

    # simplejwt annotates the return with an unbound TypeVar, which no override can match.
    def get_user(self, validated_token: Token) -> AbstractBaseUser | TokenUser:  # type: ignore[override]
        user = super().get_user(validated_token)
        if isinstance(user, User) and token_version_of(validated_token) != user.token_version:
            raise InvalidToken("This session has ended; sign in again.")
        if access_token_is_denied(validated_token):
            raise InvalidToken("This token was revoked by signing out.")
        return user


class JWTAuthenticationScheme(SimpleJWTScheme):  # type: ignore[no-untyped-call]
    """The OpenAPI security scheme of the class above: the same bearer JWT as simplejwt's."""

    target_class = "accounts.authentication.JWTAuthentication"
