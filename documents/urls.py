"""Routes of the documents app (mounted at /api/, no trailing slashes).

Names: document-list, document-upload, document-detail, document-chunks, document-reprocess,
search.
"""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from documents.views import DocumentViewSet, SearchView

router = SimpleRouter(trailing_slash=False, use_regex_path=False)
router.register("documents", DocumentViewSet, basename="document")

urlpatterns: list[URLPattern | URLResolver] = [
    *router.urls,
    path("search", SearchView.as_view(), name="search"),
]
