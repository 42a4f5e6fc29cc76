from django.apps import AppConfig


class GeminiConfig(AppConfig):
    """The LLM boundary: the only code that imports a provider SDK."""

    name = "gemini"
    verbose_name = "AI gateway"
    default_auto_field = "django.db.models.BigAutoField"
