"""Routes of the prompt wizard, mounted at /api/gemini/ beside the gateway's own."""

from django.urls import URLPattern, URLResolver, path

from prompts.views import SflGenerateView, SflRegenerateView

urlpatterns: list[URLPattern | URLResolver] = [
    path("generate-sfl", SflGenerateView.as_view(), name="gemini-generate-sfl"),
    path("regenerate-sfl", SflRegenerateView.as_view(), name="gemini-regenerate-sfl"),
]
