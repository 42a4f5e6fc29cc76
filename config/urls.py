"""URL wiring: the API under /api/, the admin, the docs, the frontend at /."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.views import ApiNotFoundView, HealthView
from workflows.views import WorkflowGenerateView

api_patterns: list[URLPattern | URLResolver] = [
    path("health", HealthView.as_view(), name="health"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("auth/", include("accounts.urls")),
    path("", include("models_catalog.urls")),
    path("", include("prompts.urls")),
    # /api/gemini/: the AI gateway's routes (test-prompt, providers), the prompt wizard's
    # (generate-sfl, regenerate-sfl; served by prompts) and workflow drafting's (generate-workflow;
    # served by workflows, an alias of /api/workflows/orchestrate — decision 0002).
    path("gemini/", include("gemini.urls")),
    path("gemini/", include("prompts.wizard_urls")),
    path(
        "gemini/generate-workflow", WorkflowGenerateView.as_view(), name="gemini-generate-workflow"
    ),
    path("", include("workflows.urls")),
    path("", include("documents.urls")),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", include(api_patterns)),
    re_path(r"^api/", ApiNotFoundView.as_view(), name="api-not-found"),
    path("admin/", admin.site.urls),
    path("", TemplateView.as_view(template_name="index.html"), name="index"),
]

handler404 = "core.errorpages.page_not_found"
handler500 = "core.errorpages.server_error"
