from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    """Multi-step workflows and the engine that runs them."""

    name = "workflows"
    default_auto_field = "django.db.models.BigAutoField"
