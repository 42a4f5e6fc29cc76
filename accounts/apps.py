from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, JWT authentication and throttles."""

    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
