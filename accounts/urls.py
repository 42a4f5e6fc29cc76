"""Routes under /api/auth/."""

from django.urls import URLPattern, path

from accounts.views import (
    AuthLoginView,
    AuthLogoutAllView,
    AuthLogoutView,
    AuthMeView,
    AuthPasswordChangeView,
    AuthRefreshView,
    AuthRegisterView,
)

urlpatterns: list[URLPattern] = [
    path("register", AuthRegisterView.as_view(), name="auth-register"),
    path("login", AuthLoginView.as_view(), name="auth-login"),
    path("refresh", AuthRefreshView.as_view(), name="auth-refresh"),
    path("logout", AuthLogoutView.as_view(), name="auth-logout"),
    path("logout-all", AuthLogoutAllView.as_view(), name="auth-logout-all"),
    path("password", AuthPasswordChangeView.as_view(), name="auth-password"),
    path("me", AuthMeView.as_view(), name="auth-me"),
]
