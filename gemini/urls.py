"""Routes of the AI gateway, mounted at /api/gemini/ (the prompt wizard's are in prompts)."""

from django.urls import URLPattern, URLResolver, path

from gemini import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("test-prompt", views.PromptTestView.as_view(), name="gemini-test-prompt"),
    path("providers", views.ProviderListView.as_view(), name="gemini-providers"),
]
