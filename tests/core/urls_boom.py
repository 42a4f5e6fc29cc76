"""Routes that fail on purpose, mounted only by the error-envelope tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns


class BoomView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request: Request) -> Response:
        raise RuntimeError("secret internals: do not leak me")


class NestedInputSerializer(serializers.Serializer):
    class Inner(serializers.Serializer):
        target_audience = serializers.ListField(child=serializers.CharField())

    title = serializers.CharField()
    sfl_tenor = Inner()


class EchoView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    def post(self, request: Request) -> Response:
        serializer = NestedInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data)


def plain_boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("plain django view failure")


urlpatterns: list[URLPattern | URLResolver] = [
    path("api/test/boom", BoomView.as_view()),
    path("api/test/echo", EchoView.as_view()),
    path("api/test/plain-boom", plain_boom),
    path("", include(project_urlpatterns)),
]
