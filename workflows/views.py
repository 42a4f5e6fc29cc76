"""HTTP views of workflows and runs: validate, call one service or selector, serialize."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core.dbcalls import db_call
from core.exceptions import NotFound
from core.mixins import OwnedViewSetMixin
from core.schema import AI_ERROR_STATUSES, error_statuses
from core.throttles import AIThrottle, UserDefaultThrottle
from gemini.serializers import AI_ERROR_RESPONSES as _AI_ERRORS
from workflows import drafting, runs, selectors, services, streaming
from workflows.models import Workflow, WorkflowRun
from workflows.serializers import (
    RunOutputSerializer,
    RunPageSerializer,
    RunStartInputSerializer,
    RunTaskInputSerializer,
    RunTaskStateSerializer,
    WorkflowDraftSerializer,
    WorkflowExportSerializer,
    WorkflowGeneratedDraftSerializer,
    WorkflowGenerateInputSerializer,
    WorkflowInputSerializer,
    WorkflowOrchestrateInputSerializer,
    WorkflowOutputSerializer,
    WorkflowTemplateCloneInputSerializer,
    WorkflowTemplateSerializer,
)

_AI_THROTTLES = [UserDefaultThrottle, AIThrottle]
# The SSE body is text in the `text/event-stream` format, not one JSON document.
_SSE_EXAMPLE = OpenApiExample(
    "A run of one task",
    value='event: snapshot\ndata: {"id": "…", "status": "running", …}\n\n'
    'event: task.completed\ndata: {"event": "task.completed", "runId": "…", "taskId": "t1", '
    '"task": {"status": "COMPLETED", …}}\n\n'
    'event: run.completed\ndata: {"event": "run.completed", "runId": "…", …}\n\n',
    media_type="text/event-stream",
)


def _caller(request: Request) -> User:
    # Only reached behind IsAuthenticated, so the user is a real, signed-in User.
    return cast(User, request.user)


class FirstRendererNegotiation(DefaultContentNegotiation):
    """Errors of a download or stream route are JSON whatever the client asked to accept."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


def _workflow_data(workflow: Workflow) -> dict[str, Any]:
    return {
        "id": workflow.pk,
        "name": workflow.name,
        "description": workflow.description,
        "tasks": workflow.tasks,
        "created_at": workflow.created_at,
        "updated_at": workflow.updated_at,
    }


class WorkflowViewSet(OwnedViewSetMixin, viewsets.GenericViewSet[Workflow]):
    """A user's workflows: CRUD, import/export, runs, templates and AI drafts."""

    queryset = Workflow.objects.all()
    serializer_class = WorkflowOutputSerializer
    lookup_value_converter = "uuid"

    def get_throttles(self) -> list[Any]:
        if self.action in {"runs", "run_task", "orchestrate"} and self.request.method == "POST":
            return [throttle() for throttle in _AI_THROTTLES]
        return super().get_throttles()

    def _output(self, workflow: Workflow, code: int = status.HTTP_200_OK) -> Response:
        return Response(WorkflowOutputSerializer(_workflow_data(workflow)).data, status=code)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.workflow_list(owner=_caller(request)))
        data = WorkflowOutputSerializer([_workflow_data(w) for w in page or []], many=True).data
        return self.get_paginated_response(data)

    @extend_schema(request=WorkflowInputSerializer, responses={201: WorkflowOutputSerializer})
    def create(self, request: Request) -> Response:
        serializer = WorkflowInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workflow = services.workflow_create(owner=_caller(request), data=serializer.validated_data)
        return self._output(workflow, status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._output(self.get_object())

    @extend_schema(request=WorkflowInputSerializer, responses={200: WorkflowOutputSerializer})
    def update(self, request: Request, pk: str) -> Response:
        workflow = self.get_object()
        # PUT is partial too (API.md): a field the client did not send is never dropped.
        serializer = WorkflowInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        workflow = services.workflow_update(workflow=workflow, data=serializer.validated_data)
        return self._output(workflow)

    @extend_schema(request=WorkflowInputSerializer, responses={200: WorkflowOutputSerializer})
    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        services.workflow_delete(workflow=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses={
            (200, "application/json"): OpenApiResponse(
                WorkflowExportSerializer, description="A JSON file download."
            )
        }
    )
    @action(detail=True, methods=["get"], content_negotiation_class=FirstRendererNegotiation)
    def export(self, request: Request, pk: str) -> HttpResponse:
        workflow = self.get_object()
        content = json.dumps(selectors.workflow_export_data(workflow=workflow), indent=2)
        response = HttpResponse(content, content_type="application/json")
        filename = "".join(c if c.isalnum() or c in "-_" else "-" for c in workflow.name)[:80]
        response["Content-Disposition"] = f'attachment; filename="{filename or "workflow"}.json"'
        return response

    @extend_schema(
        request={
            "application/json": PolymorphicProxySerializer(
                component_name="WorkflowImport",
                serializers=[WorkflowExportSerializer, WorkflowExportSerializer(many=True)],
                resource_type_field_name=None,
                many=False,
            )
        },
        responses={201: WorkflowOutputSerializer(many=True)},
        description="One exported workflow object, or a list of them; all are created or none.",
    )
    @action(
        detail=False, methods=["post"], url_path="import", url_name="import", pagination_class=None
    )
    def import_workflows(self, request: Request) -> Response:
        items = request.data if isinstance(request.data, list) else [request.data]
        serializer = WorkflowExportSerializer(data=items, many=True)
        serializer.is_valid(raise_exception=True)
        workflows = services.workflow_import(
            owner=_caller(request), items=serializer.validated_data
        )
        data = WorkflowOutputSerializer([_workflow_data(w) for w in workflows], many=True).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["POST"], request=RunStartInputSerializer, responses={202: RunOutputSerializer}
    )
    @extend_schema(methods=["GET"], responses={200: RunPageSerializer})
    @action(detail=True, methods=["get", "post"])
    def runs(self, request: Request, pk: str) -> Response:
        workflow = self.get_object()
        if request.method == "GET":
            listed = selectors.workflow_run_list(owner=_caller(request), workflow=workflow)
            # The viewset is typed for workflows; this page is of runs.
            page: Any = self.paginate_queryset(listed)  # type: ignore[arg-type]
            return self.get_paginated_response(RunOutputSerializer(page, many=True).data)
        serializer = RunStartInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = runs.workflow_run_start(
            workflow=workflow, user_input=serializer.validated_data["user_input"]
        )
        return Response(RunOutputSerializer(run).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=RunTaskInputSerializer, responses={200: RunTaskStateSerializer})
    @action(detail=False, methods=["post"], url_path="run-task", url_name="run-task")
    def run_task(self, request: Request) -> Response:
        serializer = RunTaskInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        state = services.workflow_task_run(
            owner=_caller(request),
            task=serializer.validated_data["task"],
            user_input=serializer.validated_data["user_input"],
            data_store=serializer.validated_data["data_store"],
        )
        return Response(state)

    @extend_schema(
        request=WorkflowOrchestrateInputSerializer, responses={200: WorkflowDraftSerializer}
    )
    @action(detail=False, methods=["post"])
    @error_statuses(*AI_ERROR_STATUSES)
    def orchestrate(self, request: Request) -> Response:
        serializer = WorkflowOrchestrateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = drafting.workflow_draft_generate(
            user=_caller(request), goal=serializer.validated_data["request"]
        )
        return Response(draft)

    @extend_schema(responses={200: WorkflowTemplateSerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None)
    def templates(self, request: Request) -> Response:
        return Response(selectors.workflow_template_list())

    @extend_schema(
        request=WorkflowTemplateCloneInputSerializer, responses={201: WorkflowOutputSerializer}
    )
    @action(detail=False, methods=["post"], url_path="templates/clone", url_name="template-clone")
    @error_statuses(404)  # no template has that key
    def template_clone(self, request: Request) -> Response:
        serializer = WorkflowTemplateCloneInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workflow = services.workflow_template_clone(
            owner=_caller(request), key=serializer.validated_data["key"]
        )
        return self._output(workflow, status.HTTP_201_CREATED)


class RunViewSet(OwnedViewSetMixin, viewsets.GenericViewSet[WorkflowRun]):
    """Runs of workflows: state, live events, cancel and resume."""

    queryset = WorkflowRun.objects.select_related("workflow")
    serializer_class = RunOutputSerializer
    lookup_value_converter = "uuid"

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(RunOutputSerializer(self.get_object()).data)

    @extend_schema(request=None, responses={200: RunOutputSerializer})
    @action(detail=True, methods=["post"])
    @error_statuses(409)  # the run has finished already
    def cancel(self, request: Request, pk: str) -> Response:
        run = runs.workflow_run_cancel(run=self.get_object())
        return Response(RunOutputSerializer(run).data)

    @extend_schema(request=None, responses={202: RunOutputSerializer})
    @action(detail=True, methods=["post"], throttle_classes=_AI_THROTTLES)
    @error_statuses(409)  # the run is unfinished, or completed
    def resume(self, request: Request, pk: str) -> Response:
        run = runs.workflow_run_resume(run=self.get_object())
        return Response(RunOutputSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class RunEventsView(APIView):
    """`GET /api/runs/{id}/events`: a run's live progress, served without holding a thread.

    DRF views are synchronous, so `as_view` serves this class with an async function instead of
    DRF's dispatch: DRF's own checks (authentication with the revocation rules of every route,
    permissions, throttles) and the ownership lookup run as one short call off the event loop,
    then the stream is an async generator. The schema generator reads the class as usual.
    """

    content_negotiation_class = FirstRendererNegotiation

    @classmethod
    # The stubs type DRF's own (sync) view; this one is a coroutine function.
    def as_view(cls, **initkwargs: Any) -> Callable[..., Any]:  # type: ignore[override]
        async def view(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
            return await cls(**initkwargs).get(request, pk)

        # What DRF's as_view sets, and what the schema generator looks for.
        view.cls = cls  # type: ignore[attr-defined]
        view.initkwargs = initkwargs  # type: ignore[attr-defined]
        return view

    @extend_schema(
        description="Runs of workflows: state, live events, cancel and resume.",
        responses={
            (200, "text/event-stream"): OpenApiResponse(
                OpenApiTypes.STR,
                examples=[_SSE_EXAMPLE],
                description="A stream of server-sent events (`event:` a name, `data:` one line of "
                "JSON). First `snapshot`, whose data is the Run; then, as they happen, "
                "`run.started` and `run.resumed` (`{event, runId, status, error}`), "
                "`task.started`, `task.completed`, `task.failed` and `task.skipped` "
                "(`{event, runId, taskId, task}`, `task` the task's state in the Run's `tasks`); "
                "last one of `run.completed`, `run.failed` or `run.cancelled`, and the stream "
                "ends. A `: keep-alive` comment line comes while nothing happens. Each event's "
                "`id` is its number in the run's sequence (the snapshot's: the last event it "
                "includes); "
                "reconnect with it as `Last-Event-ID` to get only newer events, or a fresh "
                "`snapshot` when some were missed. 429 `rate_limited` when the user already has "
                "WORKFLOW_EVENTS_MAX_STREAMS_PER_USER streams open (see `Retry-After`).",
            )
        },
        operation_id="runs_events_retrieve",
        tags=["runs"],
    )
    async def get(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
        granted = await db_call(self._grant, request, pk)
        if isinstance(granted, HttpResponseBase):
            return granted
        last_event_id = streaming.last_event_id_parse(request.headers.get("Last-Event-ID"))
        return streaming.run_events_response(granted, last_event_id=last_event_id)

    def _grant(self, request: HttpRequest, pk: uuid.UUID) -> streaming.StreamGrant | Response:
        """DRF's checks, the ownership of the run and a stream lease; or the error response."""
        drf_request = self.initialize_request(request, pk=pk)
        self.request = drf_request
        self.args, self.kwargs = (), {"pk": pk}
        self.headers = self.default_response_headers
        try:
            # In DRF's order: who is asking first (401 before 405).
            self.initial(drf_request, pk=pk)
            if drf_request.method != "GET":
                raise MethodNotAllowed(str(drf_request.method))
            user = _caller(drf_request)
            if not WorkflowRun.objects.owned_by(user).filter(pk=pk).exists():
                raise NotFound()
            return streaming.stream_grant(run_id=str(pk), user_id=str(user.pk))
        except Exception as exc:
            response = self.finalize_response(drf_request, self.handle_exception(exc))
            response.render()
            return response


# The seed's route, mounted under /api/gemini/ in config/urls.py: the same service as
# `orchestrate`, documented as it was when the gateway served it (docs/decisions/0002), with the
# gateway's own table of the errors an AI call answers.
class WorkflowGenerateView(APIView):
    """A goal → an unsaved workflow draft with a valid task graph."""

    throttle_classes = _AI_THROTTLES

    @extend_schema(
        request=WorkflowGenerateInputSerializer,
        responses={200: WorkflowGeneratedDraftSerializer, **_AI_ERRORS},
        tags=["gemini"],
    )
    def post(self, request: Request) -> Response:
        serializer = WorkflowGenerateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = drafting.workflow_draft_generate(
            user=_caller(request), goal=serializer.validated_data["goal"]
        )
        return Response(draft)
