from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from models_catalog.selectors import ai_model_list_active
from models_catalog.serializers import AIModelOutputSerializer


class AIModelListView(APIView):
    """The active models (small; not paginated)."""

    @extend_schema(responses=AIModelOutputSerializer(many=True), tags=["models"])
    def get(self, request: Request) -> Response:
        return Response(AIModelOutputSerializer(ai_model_list_active(), many=True).data)
