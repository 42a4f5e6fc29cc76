"""Thin views of /api/auth/: validate, call one service, serialize."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.tokens import Token

from accounts import services
from accounts.models import User
from accounts.serializers import (
    AuthErrorOutputSerializer,
    PasswordChangeInputSerializer,
    TokenLogoutInputSerializer,
    TokenPairOutputSerializer,
    TokenRefreshInputSerializer,
    UserLoginInputSerializer,
    UserProfileOutputSerializer,
    UserRegisterInputSerializer,
    UserSessionOutputSerializer,
)
from accounts.throttles import (
    AuthEmailThrottle,
    AuthIPThrottle,
    PasswordChangeThrottle,
    client_ip,
)
from core.throttles import UserDefaultThrottle


def _caller(request: Request) -> User:
    # Only reached behind IsAuthenticated, so the user is a real, signed-in User.
    return cast(User, request.user)


def _access_token(request: Request) -> Token:
    # JWTAuthentication puts the validated token in `request.auth`; nothing else signs in here.
    return cast(Token, request.auth)


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(AuthErrorOutputSerializer, description=description)


_INVALID_BODY = _error("`validation_error`: the body is not valid; `details.fields` says why.")
_RATE_LIMITED = _error("`rate_limited`: too many attempts; see the `Retry-After` header.")
_UNAUTHENTICATED = _error("`not_authenticated`, `token_invalid` or `token_expired`.")
_TOO_LARGE = _error("`payload_too_large`: the body is over AUTH_MAX_BODY_BYTES.")
_SESSION_STORE_DOWN = _error("`service_unavailable`: Redis is down; nothing changed, retry.")


class _PublicAuthView(APIView):
    # No authentication at all: a stale or broken bearer token must not stop anyone signing in.
    authentication_classes: list[type[BaseAuthentication]] = []
    permission_classes = [AllowAny]

    def check_throttles(self, request: Request) -> None:
        # DRF asks every throttle even after one refused; here the first refusal ends it, so the
        # per-email throttle never parses the body of a request the per-IP one refused.
        for throttle in self.get_throttles():
            if not throttle.allow_request(request, self):
                self.throttled(request, throttle.wait() or 0)


class AuthRegisterView(_PublicAuthView):
    """Create an account and sign it in."""

    throttle_classes = [AuthIPThrottle, AuthEmailThrottle]

    @extend_schema(
        request=UserRegisterInputSerializer,
        responses={
            201: UserSessionOutputSerializer,
            400: _INVALID_BODY,
            409: _error("`conflict`: an account with this email (in any letter case) exists."),
            413: _TOO_LARGE,
            429: _RATE_LIMITED,
        },
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = UserRegisterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.auth_register(**serializer.validated_data)
        return Response(UserSessionOutputSerializer(session).data, status=status.HTTP_201_CREATED)


class AuthLoginView(_PublicAuthView):
    """Sign in with email and password.

    Limited per IP (every attempt) and by a backoff after failed attempts per email and client,
    which refuses before the password is checked but never locks out the owner's other clients.
    """

    throttle_classes = [AuthIPThrottle]

    @extend_schema(
        request=UserLoginInputSerializer,
        responses={
            200: UserSessionOutputSerializer,
            400: _INVALID_BODY,
            401: _error("`invalid_credentials`: wrong email or password (never says which)."),
            413: _TOO_LARGE,
            429: _error(
                "`rate_limited`: too many attempts from this IP, or too many failed ones for "
                "this email; see the `Retry-After` header."
            ),
        },
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = UserLoginInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.auth_login(**serializer.validated_data, client=client_ip(request))
        return Response(UserSessionOutputSerializer(session).data)


class AuthRefreshView(_PublicAuthView):
    """Trade a refresh token for a new pair; the old refresh token stops working."""

    @extend_schema(
        request=TokenRefreshInputSerializer,
        responses={
            200: TokenPairOutputSerializer,
            400: _INVALID_BODY,
            401: _error("`token_invalid` (revoked, reused or forged) or `token_expired`."),
            413: _TOO_LARGE,
        },
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRefreshInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pair = services.auth_token_refresh(refresh=serializer.validated_data["refresh"])
        return Response(TokenPairOutputSerializer(pair).data)


class AuthLogoutView(APIView):
    """End this session: revoke the refresh token and the access token of the request."""

    @extend_schema(
        request=TokenLogoutInputSerializer,
        responses={
            204: OpenApiResponse(
                description="The refresh token and the access token used are revoked."
            ),
            400: _error("`validation_error`: the refresh token is unusable or not yours."),
            401: _UNAUTHENTICATED,
            413: _TOO_LARGE,
            503: _SESSION_STORE_DOWN,
        },
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenLogoutInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.auth_logout(
            user=_caller(request),
            refresh=serializer.validated_data["refresh"],
            access=_access_token(request),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuthLogoutAllView(APIView):
    """Sign out everywhere: every access and refresh token of the caller stops working."""

    @extend_schema(
        request=None,
        responses={
            204: OpenApiResponse(
                description="Every session of the caller has ended, this one too."
            ),
            401: _UNAUTHENTICATED,
        },
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        services.auth_logout_all(user=_caller(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuthPasswordChangeView(APIView):
    """Change the password; every other session ends, this one continues with the new pair."""

    throttle_classes = [UserDefaultThrottle, PasswordChangeThrottle]

    @extend_schema(
        request=PasswordChangeInputSerializer,
        responses={
            200: OpenApiResponse(
                TokenPairOutputSerializer,
                description=(
                    "The password is changed and every token issued before is revoked; this is "
                    "the new pair for the session that made the change."
                ),
            ),
            400: _error(
                "`validation_error`: `currentPassword` is wrong, or `newPassword` is too weak "
                "(the validators' messages in `details.fields.newPassword`)."
            ),
            401: _UNAUTHENTICATED,
            413: _TOO_LARGE,
            429: _RATE_LIMITED,
        },
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pair = services.auth_password_change(user=_caller(request), **serializer.validated_data)
        return Response(TokenPairOutputSerializer(pair).data)


class AuthMeView(APIView):
    """The signed-in user."""

    @extend_schema(
        responses={200: UserProfileOutputSerializer, 401: _UNAUTHENTICATED}, tags=["auth"]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(UserProfileOutputSerializer(_caller(request)).data)
