from django.apps import AppConfig


class PromptsConfig(AppConfig):
    """The user's library of SFL-structured prompts."""

    name = "prompts"
    default_auto_field = "django.db.models.BigAutoField"
