"""URL wiring: the API under /api/, the admin, the docs, the frontend at /."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.views import ApiNotFoundView, HealthView, spa_index

api_patterns: list[URLPattern | URLResolver] = [
    path("health", HealthView.as_view(), name="health"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("auth/", include("accounts.urls")),
    path("", include("models_catalog.urls")),
    path("", include("prompts.urls")),
    path("", include("gemini.urls")),
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
