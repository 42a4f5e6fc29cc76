from django.apps import AppConfig


class ModelsCatalogConfig(AppConfig):
    """The AI models the app can route requests to."""

    name = "models_catalog"
    verbose_name = "Models catalogue"
    default_auto_field = "django.db.models.BigAutoField"
