from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Uploaded documents, their chunks and embeddings, and search over them."""

    name = "documents"
    default_auto_field = "django.db.models.BigAutoField"
