"""Routes under /api/auth/."""

from django.urls import URLPattern, path

from accounts.views import (
    AuthLoginView,
    AuthLogoutView,
    AuthMeView,
    AuthRefreshView,
    AuthRegisterView,
)

urlpatterns: list[URLPattern] = [
    path("register", AuthRegisterView.as_view(), name="auth-register"),
    path("login", AuthLoginView.as_view(), name="auth-login"),
    path("refresh", AuthRefreshView.as_view(), name="auth-refresh"),
    path("logout", AuthLogoutView.as_view(), name="auth-logout"),
    path("me", AuthMeView.as_view(), name="auth-me"),
]
