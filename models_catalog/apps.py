from django.apps import AppConfig


class ModelsCatalogConfig(AppConfig):
    """The AI models the app can route requests to."""

    name = "models_catalog"
    verbose_name = "Models catalogue"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # gemini may not import a domain app, so the catalogue plugs itself into its routing.
        from gemini.routing import set_model_provider_lookup
        from models_catalog.selectors import ai_model_provider

        set_model_provider_lookup(ai_model_provider)
