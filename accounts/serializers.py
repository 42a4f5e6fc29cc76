"""Request and response shapes of /api/auth/ (snake_case here; the wire is camelCase).

Request serializers declare only the fields a client may set: anything else in a body, such as
`isStaff`, `owner` or `user`, is ignored.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.models import User

_PASSWORD_MAX_LENGTH = 1024  # hashing an unbounded string is a cheap way to burn our CPU


class UserRegisterInputSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        max_length=_PASSWORD_MAX_LENGTH, trim_whitespace=False, style={"input_type": "password"}
    )


class UserLoginInputSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        max_length=_PASSWORD_MAX_LENGTH, trim_whitespace=False, style={"input_type": "password"}
    )


class PasswordChangeInputSerializer(serializers.Serializer[Any]):
    current_password = serializers.CharField(
        max_length=_PASSWORD_MAX_LENGTH, trim_whitespace=False, style={"input_type": "password"}
    )
    new_password = serializers.CharField(
        max_length=_PASSWORD_MAX_LENGTH, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenRefreshInputSerializer(serializers.Serializer[Any]):
    refresh = serializers.CharField()


class TokenLogoutInputSerializer(serializers.Serializer[Any]):
    refresh = serializers.CharField()


class TokenPairOutputSerializer(serializers.Serializer[Any]):
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)


class UserSummaryOutputSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ("id", "email")
        read_only_fields = fields


class UserSessionOutputSerializer(serializers.Serializer[Any]):
    user = UserSummaryOutputSerializer(read_only=True)
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)


class UserProfileOutputSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ("id", "email", "date_joined")
        read_only_fields = fields


class AuthErrorOutputSerializer(serializers.Serializer[Any]):
    """The error envelope of API.md, as the auth routes document it."""

    code = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)
    details = serializers.DictField(read_only=True)
