"""Routes of the gemini app (mounted under /api/)."""

from django.urls import URLPattern, URLResolver, path

from gemini import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("gemini/test-prompt", views.PromptTestView.as_view(), name="gemini-test-prompt"),
    path("gemini/generate-sfl", views.SflGenerateView.as_view(), name="gemini-generate-sfl"),
    path("gemini/regenerate-sfl", views.SflRegenerateView.as_view(), name="gemini-regenerate-sfl"),
    path("gemini/providers", views.ProviderListView.as_view(), name="gemini-providers"),
]
