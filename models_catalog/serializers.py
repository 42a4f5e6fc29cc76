from rest_framework import serializers

from models_catalog.models import AIModel


class AIModelOutputSerializer(serializers.ModelSerializer[AIModel]):
    class Meta:
        model = AIModel
        fields = ("id", "name", "provider", "kind", "description", "is_active")
        read_only_fields = fields
