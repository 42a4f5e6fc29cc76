"""Routes under /api/auth/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
