"""Routes of the workflows app (mounted at /api/, no trailing slashes).

Names: workflow-list, workflow-detail, workflow-export, workflow-import, workflow-runs,
workflow-run-task, workflow-orchestrate, workflow-templates, workflow-template-clone, run-detail,
run-cancel, run-resume, run-events.
"""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from workflows.views import RunEventsView, RunViewSet, WorkflowViewSet

router = SimpleRouter(trailing_slash=False, use_regex_path=False)
router.register("workflows", WorkflowViewSet, basename="workflow")
router.register("runs", RunViewSet, basename="run")

urlpatterns: list[URLPattern | URLResolver] = [
    # An async view (the stream holds no thread), so not one of the viewset's actions.
    path("runs/<uuid:pk>/events", RunEventsView.as_view(), name="run-events"),
    *router.urls,
]
