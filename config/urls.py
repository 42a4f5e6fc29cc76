"""URL wiring: the API under /api/, the admin, the docs, the frontend at /."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.views import ApiNotFoundView, HealthView, spa_index
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

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_SPA_ROUTES = (
    r"^(?:|login|register|wizard|lab|documents|search|settings|help|prompts/new"
    rf"|prompts/{_UUID}(?:/edit|/history)?|lab/{_UUID}|documents/{_UUID})$"
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", include(api_patterns)),
    re_path(r"^api/", ApiNotFoundView.as_view(), name="api-not-found"),
    path("admin/", admin.site.urls),
    # Last: the web app's client routes (../shared/UI.md) serve its index.html, so a reload works;
    # anything else, /api/, /admin/ and /static/ included, keeps its own answer or 404.
    re_path(_SPA_ROUTES, spa_index, name="index"),
]

handler404 = "core.errorpages.page_not_found"
handler500 = "core.errorpages.server_error"
