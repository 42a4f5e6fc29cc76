"""Errors of sign-in and tokens, rendered by core's envelope handler."""

from __future__ import annotations

from rest_framework import status as http

from core.exceptions import ApplicationError


class _Unauthorized(ApplicationError):
    status = http.HTTP_401_UNAUTHORIZED

    def __init__(self, message: str | None = None) -> None:
        # A 401 names the scheme that would work (RFC 9110), like DRF's own 401s here.
        super().__init__(message, headers={"WWW-Authenticate": 'Bearer realm="api"'})


class InvalidCredentials(_Unauthorized):
    """Wrong password, unknown email or inactive account: one answer, so none can be told apart."""

    code = "invalid_credentials"
    message = "The email address or password is incorrect."


class TokenInvalid(_Unauthorized):
    """A token that is malformed, forged, revoked (blacklisted) or of the wrong type."""

    code = "token_invalid"
    message = "The token is invalid or has been revoked."


class TokenExpired(_Unauthorized):
    """A well-formed token past its `exp`."""

    code = "token_expired"
    message = "The token has expired."
