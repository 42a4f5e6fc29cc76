"""Routes of the prompts app (mounted at /api/, no trailing slashes).

Names: prompt-list, prompt-detail, prompt-options, prompt-export-library, prompt-import,
prompt-version-list, prompt-version-detail, prompt-version-restore, prompt-export.
"""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from prompts.views import PromptViewSet

router = SimpleRouter(trailing_slash=False, use_regex_path=False)
router.register("prompts", PromptViewSet, basename="prompt")

urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
